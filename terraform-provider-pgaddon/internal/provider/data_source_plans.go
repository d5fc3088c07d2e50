package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type plansDataSource struct{ client *Client }

type plansModel struct {
	ID    types.String `tfsdk:"id"`
	Plans []planModel  `tfsdk:"plans"`
}

type planModel struct {
	ID               types.String  `tfsdk:"id"`
	Name             types.String  `tfsdk:"name"`
	MemoryMiB        types.Int64   `tfsdk:"memory_mib"`
	CPUs             types.Float64 `tfsdk:"cpus"`
	DiskQuotaGiB     types.Int64   `tfsdk:"disk_quota_gib"`
	MaxConnections   types.Int64   `tfsdk:"max_connections"`
	HighAvailability types.Bool    `tfsdk:"high_availability"`
}

func NewPlansDataSource() datasource.DataSource { return &plansDataSource{} }

func (d *plansDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_plans"
}

func (d *plansDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The plans of the `postgresql` addon provider, as `pgaddon addons-plans postgresql` lists " +
			"them: their IDs are the values of `pgaddon_addon`'s `plan`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The addon provider, `postgresql`."},
			"plans": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The plans, in the API's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":   schema.StringAttribute{Computed: true, MarkdownDescription: "The plan ID, e.g. `postgresql-business-1024`."},
					"name": schema.StringAttribute{Computed: true, MarkdownDescription: "The plan's name, e.g. `Business 1G`."},
					"memory_mib": schema.Int64Attribute{Computed: true,
						MarkdownDescription: "The memory of each node, in MiB."},
					"cpus": schema.Float64Attribute{Computed: true,
						MarkdownDescription: "The CPUs of each node, e.g. `0.5`."},
					"disk_quota_gib": schema.Int64Attribute{Computed: true,
						MarkdownDescription: "The disk quota, in GiB."},
					"max_connections": schema.Int64Attribute{Computed: true,
						MarkdownDescription: "PostgreSQL's `max_connections`."},
					"high_availability": schema.BoolAttribute{Computed: true,
						MarkdownDescription: "Whether the plan is highly available, with a standby beside the primary (the business plans)."},
				}},
			},
		},
	}
}

func (d *plansDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, _ *datasource.ConfigureResponse) {
	if c, ok := req.ProviderData.(*Client); ok {
		d.client = c
	}
}

func (d *plansDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	plans, err := d.client.Plans(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Cannot list the plans", err.Error())
		return
	}
	state := plansModel{ID: types.StringValue("postgresql")}
	for _, p := range plans {
		state.Plans = append(state.Plans, planModel{
			ID: types.StringValue(p.ID), Name: types.StringValue(p.Name), MemoryMiB: types.Int64Value(p.MemoryMiB),
			CPUs: types.Float64Value(p.CPUs), DiskQuotaGiB: types.Int64Value(p.DiskQuotaGiB),
			MaxConnections: types.Int64Value(p.MaxConnections), HighAvailability: types.BoolValue(p.HighAvailability),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
