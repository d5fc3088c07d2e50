terraform {
  required_providers {
    pgaddon = {
      source = "pgaddon/pgaddon"
    }
  }
}

# The API and the token: here, or PGADDON_API_URL and PGADDON_API_TOKEN in the environment.
provider "pgaddon" {
  api_url   = "http://127.0.0.1:8080"
  api_token = var.pgaddon_api_token
}

variable "pgaddon_api_token" {
  description = "A pgaddon API token that reaches the app (scripts/api.sh tokens create --app my-app)."
  type        = string
  sensitive   = true
}
