// The pgaddon provider for Terraform and OpenTofu.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/pgaddon/terraform-provider-pgaddon/internal/provider"
)

func main() {
	debug := flag.Bool("debug", false, "run with support for debuggers")
	flag.Parse()
	err := providerserver.Serve(context.Background(), provider.New, providerserver.ServeOpts{
		Address: "registry.opentofu.org/pgaddon/pgaddon",
		Debug:   *debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
