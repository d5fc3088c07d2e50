package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

const extensionTimeout = 10 * time.Minute

type databaseExtensionResource struct{ withClient }

type databaseExtensionModel struct {
	ID      types.String `tfsdk:"id"`
	App     types.String `tfsdk:"app"`
	Addon   types.String `tfsdk:"addon"`
	Name    types.String `tfsdk:"name"`
	Version types.String `tfsdk:"version"`
}

func NewDatabaseExtensionResource() resource.Resource { return &databaseExtensionResource{} }

func (r *databaseExtensionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_database_extension"
}

func (r *databaseExtensionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An extension enabled in an addon's database, one of those the platform offers (e.g. " +
			"`pg_trgm`, `pgcrypto`, `postgis`, `vector`). Changing any argument replaces it; destroying it disables " +
			"the extension. Apply waits up to 10 minutes for each operation.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "`app:addon_id:name`, the ID it is imported by."},
			"app": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "The app of the addon."},
			"addon": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "The addon ID (`ad-<uuid>`), e.g. `pgaddon_addon.db.id`."},
			"name": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "The extension's name, as `CREATE EXTENSION` takes it."},
			"version": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "The version enabled in the database, as the platform last read it."},
		},
	}
}

func (r *databaseExtensionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m databaseExtensionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op, err := r.client.EnableExtension(ctx, m.App.ValueString(), m.Addon.ValueString(), m.Name.ValueString())
	if err = r.client.finished(ctx, op, err, extensionTimeout); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Cannot enable the extension", err.Error())
		return
	}
	m.ID = types.StringValue(m.App.ValueString() + ":" + m.Addon.ValueString() + ":" + m.Name.ValueString())
	m.Version = types.StringValue("")
	if installed := r.installed(ctx, m); installed != nil {
		m.Version = types.StringValue(*installed)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// installed is the version enabled in the database, as the workers last read it (nil: not enabled).
func (r *databaseExtensionResource) installed(ctx context.Context, m databaseExtensionModel) *string {
	list, err := r.client.Extensions(ctx, m.App.ValueString(), m.Addon.ValueString())
	if err != nil {
		return nil
	}
	for _, x := range list {
		if x.Name == m.Name.ValueString() {
			return x.InstalledVersion
		}
	}
	return nil
}

func (r *databaseExtensionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m databaseExtensionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := r.client.Addon(ctx, m.App.ValueString(), m.Addon.ValueString()); IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	installed := r.installed(ctx, m)
	if installed == nil {
		resp.State.RemoveResource(ctx) // disabled outside Terraform: the next plan enables it again
		return
	}
	m.Version = types.StringValue(*installed)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *databaseExtensionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m databaseExtensionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *databaseExtensionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m databaseExtensionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op, err := r.client.DisableExtension(ctx, m.App.ValueString(), m.Addon.ValueString(), m.Name.ValueString())
	if IsNotFound(err) {
		return
	}
	if err = r.client.finished(ctx, op, err, extensionTimeout); err != nil {
		resp.Diagnostics.AddError("Cannot disable the extension", err.Error())
	}
}

// ImportState takes "app:addon_id:name".
func (r *databaseExtensionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importAddonPart(ctx, req, resp)
}
