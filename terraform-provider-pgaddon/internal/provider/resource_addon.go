package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type addonResource struct{ withClient }

type addonModel struct {
	ID               types.String   `tfsdk:"id"`
	App              types.String   `tfsdk:"app"`
	ProviderID       types.String   `tfsdk:"provider_id"`
	Plan             types.String   `tfsdk:"plan"`
	Version          types.String   `tfsdk:"version"`
	Status           types.String   `tfsdk:"status"`
	ConnectionURL    types.String   `tfsdk:"connection_url"`
	OperationTimeout types.String   `tfsdk:"operation_timeout"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

// defaultOperationTimeout is how long apply waits for each of the addon's operations when neither
// the timeouts block nor the deprecated operation_timeout says otherwise.
const defaultOperationTimeout = 30 * time.Minute

func NewAddonResource() resource.Resource { return &addonResource{} }

func (r *addonResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_addon"
}

func (r *addonResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	waits := func(what string) string {
		return "How long " + what + ", a Go duration such as `45m` (default: `operation_timeout`, `30m` unless " +
			"set). When it runs out, the operation goes on in the platform and apply fails with its ID."
	}
	timeoutsBlock := timeouts.Block(ctx, timeouts.Opts{
		Create: true, Update: true, Delete: true,
		CreateDescription: waits("apply waits for the addon's provisioning"),
		UpdateDescription: waits("apply waits for a plan change, and for each step of an upgrade"),
		DeleteDescription: waits("destroy waits for the addon's removal") +
			" Taken from the state: a new value counts for destroy once an apply has saved it.",
	})
	if block, ok := timeoutsBlock.(schema.SingleNestedBlock); ok { // the block itself has no description of its own
		block.MarkdownDescription = "How long apply and destroy wait for the addon's operations. " +
			"It replaces `operation_timeout`, and wins when both are set."
		timeoutsBlock = block
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A PostgreSQL addon of an app. Changing `plan` changes the plan in place (a switchover on " +
			"business plans); changing `version` upgrades in place, the latest minor first, then the major. " +
			"Changing `app` or `provider_id` replaces the addon. An addon removed outside Terraform leaves the state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: keep, MarkdownDescription: "The addon ID (`ad-<uuid>`)."},
			"app": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "The app the addon belongs to (the API token must reach it). Changing it replaces the addon."},
			"provider_id": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("postgresql"),
				PlanModifiers: replace, MarkdownDescription: "The addon provider: `postgresql` (the default). Changing it replaces the addon."},
			"plan": schema.StringAttribute{Required: true,
				MarkdownDescription: "A plan ID, e.g. `postgresql-business-1024` (data source `pgaddon_plans`). Changed in place."},
			"version": schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: keep,
				MarkdownDescription: "The PostgreSQL version, e.g. `15.20` (the newest offered when unset). A newer one " +
					"upgrades in place, the latest minor of the major first, then the next major; a downgrade is refused."},
			"status": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The addon's status as the platform last saw it, e.g. `running`."},
			"connection_url": schema.StringAttribute{Computed: true, Sensitive: true, PlanModifiers: keep,
				MarkdownDescription: "The connection URL of the addon's database (`postgres://...`), with the password of its protected user."},
			"operation_timeout": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("30m"),
				MarkdownDescription: "Deprecated: use the `timeouts` block, which wins when both are set. How long apply " +
					"and destroy wait for each of the addon's operations (a Go duration, e.g. `45m`; default `30m`).",
				DeprecationMessage: "Use the timeouts block instead (timeouts { create = \"45m\", update = \"45m\", delete = \"45m\" }); " +
					"operation_timeout still works, and the timeouts block wins when both are set.",
			},
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock},
	}
}

// timeoutOf reads the deprecated operation_timeout (its default when unset).
func timeoutOf(m types.String) (time.Duration, error) {
	if m.IsNull() || m.IsUnknown() || m.ValueString() == "" {
		return defaultOperationTimeout, nil
	}
	d, err := time.ParseDuration(m.ValueString())
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("operation_timeout %q is not a duration such as 30m", m.ValueString())
	}
	return d, nil
}

// operationTimeout is how long an operation of the addon may run: the timeouts block's create,
// update or delete when set, else operation_timeout (deprecated), else 30 minutes. It says on
// which attribute a value is wrong.
func operationTimeout(ctx context.Context, m *addonModel, which func(timeouts.Value, context.Context, time.Duration) (time.Duration, diagnosticsList),
	diags *diagnosticsList) (time.Duration, bool) {
	fallback, err := timeoutOf(m.OperationTimeout)
	if err != nil {
		diags.AddAttributeError(path.Root("operation_timeout"), "Invalid timeout", err.Error())
		return 0, false
	}
	timeout, problems := which(m.Timeouts, ctx, fallback)
	diags.Append(problems...)
	if problems.HasError() {
		return 0, false
	}
	if timeout <= 0 {
		diags.AddAttributeError(path.Root("timeouts"), "Invalid timeout", fmt.Sprintf("a timeout must be positive, got %s", timeout))
		return 0, false
	}
	return timeout, true
}

func (r *addonResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan addonModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, ok := operationTimeout(ctx, &plan, timeouts.Value.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	version := ""
	if !plan.Version.IsNull() && !plan.Version.IsUnknown() {
		version = plan.Version.ValueString()
	}
	created, err := r.client.CreateAddon(ctx, plan.App.ValueString(), plan.ProviderID.ValueString(), plan.Plan.ValueString(), version)
	if err != nil {
		resp.Diagnostics.AddError("Cannot add the addon", err.Error())
		return
	}
	plan.ID = types.StringValue(created.Addon.ID)
	if err := r.client.Wait(ctx, &created.Operation, timeout); err != nil {
		// Kept in the state (tainted): the addon is known, never orphaned; the next apply replaces it.
		plan.Version = types.StringValue(created.Addon.Version)
		plan.Status = types.StringValue("failed")
		plan.ConnectionURL = types.StringValue("")
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.AddError("The addon's provisioning failed", err.Error())
		return
	}
	resp.Diagnostics.Append(r.refresh(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *addonResource) refresh(ctx context.Context, m *addonModel) (diags diagnosticsList) {
	addon, err := r.client.Addon(ctx, m.App.ValueString(), m.ID.ValueString())
	if err != nil {
		diags.AddError("Cannot read the addon", err.Error())
		return diags
	}
	m.ProviderID = types.StringValue(addon.ProviderID)
	m.Plan = types.StringValue(addon.PlanID)
	m.Version = types.StringValue(addon.Version)
	m.Status = types.StringValue(addon.Status)
	url, err := r.client.ConnectionURL(ctx, m.App.ValueString(), m.ID.ValueString())
	if err != nil {
		diags.AddError("Cannot read the addon's connection URL", err.Error())
		return diags
	}
	m.ConnectionURL = types.StringValue(url)
	return diags
}

func (r *addonResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state addonModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := r.client.Addon(ctx, state.App.ValueString(), state.ID.ValueString()); IsNotFound(err) {
		resp.State.RemoveResource(ctx) // removed outside Terraform: no longer managed, not an error
		return
	}
	resp.Diagnostics.Append(r.refresh(ctx, &state)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *addonResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state addonModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, ok := operationTimeout(ctx, &plan, timeouts.Value.Update, &resp.Diagnostics)
	if !ok {
		return
	}
	app, id := state.App.ValueString(), state.ID.ValueString()
	if plan.Plan.ValueString() != state.Plan.ValueString() {
		op, err := r.client.ChangePlan(ctx, app, id, plan.Plan.ValueString())
		if err = r.client.finished(ctx, op, err, timeout); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("plan"), "The plan change failed", err.Error())
			return
		}
	}
	if !plan.Version.IsUnknown() && !plan.Version.IsNull() && plan.Version.ValueString() != state.Version.ValueString() {
		if err := r.upgradeTo(ctx, app, id, plan.Version.ValueString(), timeout); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("version"), "The upgrade failed", err.Error())
			return
		}
	}
	plan.ID = state.ID
	resp.Diagnostics.Append(r.refresh(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// upgradeTo climbs the upgrade path one step at a time, as the platform's rules allow it: the
// latest minor of the current major first, then the next major (the six steps).
func (r *addonResource) upgradeTo(ctx context.Context, app, id, target string, timeout time.Duration) error {
	for step := 0; step < 6; step++ {
		db, err := r.client.Database(ctx, app, id)
		if err != nil {
			return err
		}
		if db.Version == target {
			return nil
		}
		next := target
		if major(target) != major(db.Version) && db.NextVersion != "" && major(db.NextVersion) == major(db.Version) {
			next = db.NextVersion // the latest minor first
		}
		op, err := r.client.Upgrade(ctx, app, id, next)
		if err := r.client.finished(ctx, op, err, timeout); err != nil {
			return err
		}
	}
	return fmt.Errorf("PostgreSQL %s was not reached after six upgrades", target)
}

func major(version string) string {
	return strings.SplitN(version, ".", 2)[0]
}

func (r *addonResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state addonModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, ok := operationTimeout(ctx, &state, timeouts.Value.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	op, err := r.client.RemoveAddon(ctx, state.App.ValueString(), state.ID.ValueString())
	if IsNotFound(err) {
		return
	}
	if err = r.client.finished(ctx, op, err, timeout); err != nil {
		resp.Diagnostics.AddError("Cannot remove the addon", err.Error())
	}
}

// ImportState takes "app:addon_id".
func (r *addonResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	app, id, ok := strings.Cut(req.ID, ":")
	if !ok || app == "" || id == "" {
		resp.Diagnostics.AddError("Unexpected import ID", fmt.Sprintf("expected app:addon_id, got %q", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("app"), app)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("operation_timeout"), "30m")...)
}
