// Package provider is the pgaddon provider: addons, their users and extensions, and the plans,
// through the pgaddon API.
package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type pgaddonProvider struct {
	// version is the provider's version: set at build time by -ldflags "-X main.version=...", "dev"
	// for a local build, "test" in the acceptance tests.
	version string
}

type providerModel struct {
	APIURL   types.String `tfsdk:"api_url"`
	APIToken types.String `tfsdk:"api_token"`
}

// New returns the function that makes the provider of this version (one per Terraform run).
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &pgaddonProvider{version: version}
	}
}

func (p *pgaddonProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "pgaddon"
	resp.Version = p.version
}

func (p *pgaddonProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Managed PostgreSQL addons of pgaddon, through its API: addons, their users and " +
			"extensions, and the plans.",
		Attributes: map[string]schema.Attribute{
			"api_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The pgaddon API, e.g. `http://127.0.0.1:8080` (else the environment variable " +
					"`PGADDON_API_URL`, else that address).",
			},
			"api_token": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "An API token (else the environment variable `PGADDON_API_TOKEN`).",
			},
		},
	}
}

func (p *pgaddonProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	url := firstOf(config.APIURL.ValueString(), os.Getenv("PGADDON_API_URL"), "http://127.0.0.1:8080")
	token := firstOf(config.APIToken.ValueString(), os.Getenv("PGADDON_API_TOKEN"))
	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("api_token"), "No API token",
			"Set api_token in the provider block or PGADDON_API_TOKEN (make one with `scripts/api.sh tokens create --app <app>`).")
		return
	}
	client := NewClient(url, token)
	resp.ResourceData = client
	resp.DataSourceData = client
}

func (p *pgaddonProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewAddonResource, NewDatabaseUserResource, NewDatabaseExtensionResource}
}

func (p *pgaddonProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewPlansDataSource}
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
