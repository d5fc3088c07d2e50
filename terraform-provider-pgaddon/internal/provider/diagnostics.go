package provider

import "github.com/hashicorp/terraform-plugin-framework/diag"

type diagnosticsList = diag.Diagnostics
