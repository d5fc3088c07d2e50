// The pgaddon provider for Terraform and OpenTofu.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/pgaddon/terraform-provider-pgaddon/internal/provider"
)

// version is the provider's version, set when it is built for a release:
//
//	go build -ldflags "-X main.version=0.9.0"
//
// (`make build` takes it from the VERSION file). A plain `go build` says "dev".
var version = "dev"

func main() {
	debug := flag.Bool("debug", false, "run with support for debuggers such as delve")
	flag.Parse()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.opentofu.org/pgaddon/pgaddon",
		Debug:   *debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
