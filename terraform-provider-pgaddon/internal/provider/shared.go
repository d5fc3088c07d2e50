package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// withClient gives a resource the provider's API client.
type withClient struct{ client *Client }

func (w *withClient) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	if c, ok := req.ProviderData.(*Client); ok {
		w.client = c
	}
}

// finished waits for an operation that was started (or returns the error that kept it from starting).
func (c *Client) finished(ctx context.Context, op *Operation, err error, timeout time.Duration) error {
	if err != nil {
		return err
	}
	return c.Wait(ctx, op, timeout)
}

// importAddonPart takes "app:addon_id:name" into the state, and returns its three parts.
func importAddonPart(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) []string {
	parts := strings.Split(req.ID, ":")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		resp.Diagnostics.AddError("Unexpected import ID", fmt.Sprintf("expected app:addon_id:name, got %q", req.ID))
		return nil
	}
	for attr, value := range map[string]string{"app": parts[0], "addon": parts[1], "name": parts[2], "id": req.ID} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), value)...)
	}
	return parts
}

type diagnosticsList = diag.Diagnostics
