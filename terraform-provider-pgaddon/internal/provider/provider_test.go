package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Unit tests: no API, no Terraform CLI (the acceptance tests are in provider_acc_test.go).

func TestSchemasAreValidAndDescribed(t *testing.T) {
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
	// The docs (tfplugindocs) are made of these descriptions: every resource, data source and
	// attribute has one.
	described := func(kind, name string, s *tfprotov6.Schema) {
		if s.Block.Description == "" {
			t.Errorf("%s %s has no description", kind, name)
		}
		var walk func(prefix string, b *tfprotov6.SchemaBlock)
		walk = func(prefix string, b *tfprotov6.SchemaBlock) {
			for _, a := range b.Attributes {
				if a.Description == "" {
					t.Errorf("%s %s: attribute %s%s has no description", kind, name, prefix, a.Name)
				}
				if a.NestedType != nil {
					for _, n := range a.NestedType.Attributes {
						if n.Description == "" {
							t.Errorf("%s %s: attribute %s%s.%s has no description", kind, name, prefix, a.Name, n.Name)
						}
					}
				}
			}
			for _, nb := range b.BlockTypes {
				if nb.Block.Description == "" {
					t.Errorf("%s %s: block %s%s has no description", kind, name, prefix, nb.TypeName)
				}
				walk(prefix+nb.TypeName+".", nb.Block)
			}
		}
		walk("", s.Block)
	}
	described("provider", "pgaddon", resp.Provider)
	for name, s := range resp.ResourceSchemas {
		described("resource", name, s)
	}
	for name, s := range resp.DataSourceSchemas {
		described("data source", name, s)
	}
	for _, name := range []string{"pgaddon_addon", "pgaddon_database_user", "pgaddon_database_extension"} {
		if resp.ResourceSchemas[name] == nil {
			t.Errorf("no resource %s", name)
		}
	}
	if resp.DataSourceSchemas["pgaddon_plans"] == nil {
		t.Error("no data source pgaddon_plans")
	}
	addon := resp.ResourceSchemas["pgaddon_addon"]
	if addon == nil {
		return
	}
	var timeoutsBlock *tfprotov6.SchemaNestedBlock
	for _, b := range addon.Block.BlockTypes {
		if b.TypeName == "timeouts" {
			timeoutsBlock = b
		}
	}
	if timeoutsBlock == nil {
		t.Fatal("pgaddon_addon has no timeouts block")
	}
	got := map[string]bool{}
	for _, a := range timeoutsBlock.Block.Attributes {
		got[a.Name] = true
	}
	if len(got) != 3 || !got["create"] || !got["update"] || !got["delete"] {
		t.Errorf("timeouts block attributes %v, want create, update and delete", got)
	}
	for _, a := range addon.Block.Attributes {
		if a.Name == "operation_timeout" && !a.Deprecated {
			t.Error("operation_timeout is not marked deprecated")
		}
	}
}

func TestMetadataCarriesTheVersion(t *testing.T) {
	var resp provider.MetadataResponse
	New("1.2.3")().Metadata(context.Background(), provider.MetadataRequest{}, &resp)
	if resp.TypeName != "pgaddon" || resp.Version != "1.2.3" {
		t.Errorf("metadata %q %q, want pgaddon 1.2.3", resp.TypeName, resp.Version)
	}
}

func timeoutsValue(t *testing.T, create, update, del string) timeouts.Value {
	t.Helper()
	str := func(s string) attr.Value {
		if s == "" {
			return types.StringNull()
		}
		return types.StringValue(s)
	}
	obj, diags := types.ObjectValue(
		map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType},
		map[string]attr.Value{"create": str(create), "update": str(update), "delete": str(del)})
	if diags.HasError() {
		t.Fatal(diags)
	}
	return timeouts.Value{Object: obj}
}

func TestOperationTimeout(t *testing.T) {
	ctx := context.Background()
	nullTimeouts := timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
		"create": types.StringType, "update": types.StringType, "delete": types.StringType})}
	cases := []struct {
		name             string
		operationTimeout types.String
		timeouts         timeouts.Value
		which            func(timeouts.Value, context.Context, time.Duration) (time.Duration, diagnosticsList)
		want             time.Duration
		wantError        bool
	}{
		{"neither: the default", types.StringNull(), nullTimeouts, timeouts.Value.Create, 30 * time.Minute, false},
		{"operation_timeout's default", types.StringValue("30m"), nullTimeouts, timeouts.Value.Update, 30 * time.Minute, false},
		{"operation_timeout alone (deprecated)", types.StringValue("45m"), nullTimeouts, timeouts.Value.Create, 45 * time.Minute, false},
		{"operation_timeout alone on delete", types.StringValue("45m"), nullTimeouts, timeouts.Value.Delete, 45 * time.Minute, false},
		{"timeouts wins over operation_timeout", types.StringValue("45m"), timeoutsValue(t, "1h", "", ""),
			timeouts.Value.Create, time.Hour, false},
		{"timeouts' update", types.StringValue("30m"), timeoutsValue(t, "1h", "2h", "5m"), timeouts.Value.Update, 2 * time.Hour, false},
		{"timeouts' delete", types.StringValue("30m"), timeoutsValue(t, "1h", "2h", "5m"), timeouts.Value.Delete, 5 * time.Minute, false},
		{"a block without this one: operation_timeout", types.StringValue("45m"), timeoutsValue(t, "1h", "", ""),
			timeouts.Value.Update, 45 * time.Minute, false},
		{"a block without any: the default", types.StringNull(), timeoutsValue(t, "", "", ""), timeouts.Value.Delete, 30 * time.Minute, false},
		{"operation_timeout not a duration", types.StringValue("soon"), nullTimeouts, timeouts.Value.Create, 0, true},
		{"operation_timeout not positive", types.StringValue("0s"), nullTimeouts, timeouts.Value.Create, 0, true},
		{"timeouts not positive", types.StringNull(), timeoutsValue(t, "-5m", "", ""), timeouts.Value.Create, 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var diags diagnosticsList
			m := addonModel{OperationTimeout: c.operationTimeout, Timeouts: c.timeouts}
			got, ok := operationTimeout(ctx, &m, c.which, &diags)
			if c.wantError {
				if ok || !diags.HasError() {
					t.Errorf("got %s, no error", got)
				}
				return
			}
			if !ok || diags.HasError() {
				t.Fatalf("error: %v", diags)
			}
			if got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}
