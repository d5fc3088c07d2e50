#!/usr/bin/env bash
# Acceptance tests of the Terraform provider (terraform-provider-pgaddon), run by OpenTofu built
# from its Go module, against the real stack. The tests use a token that reaches one app of their own.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
tofu=$(scripts/tofu.sh bin)
stack_start
home=${PGADDON_HOME:-$HOME/.pgaddon}
app=tf-$(date +%s)
token_id=
cleanup() {
  local id
  for id in $(bin/pgaddon --app "$app" addons 2>/dev/null | grep -o 'ad-[0-9a-f-]\{36\}' || true); do
    bin/pgaddon --app "$app" addons-remove "$id" --yes >/dev/null || true
  done
  [ -z "$token_id" ] || scripts/api.sh tokens revoke "$token_id" >/dev/null || true
  rm -f "${cli_config:-}"
  stop_started
}
trap cleanup EXIT
PGADDON_API_TOKEN=$(scripts/api.sh tokens create --app "$app" --description "terraform acceptance tests" 2>"$home/tf-token.log")
token_id=$(grep -o 'tok-[0-9a-f]*' "$home/tf-token.log" | head -n 1)
export PGADDON_API_TOKEN PGADDON_TF_APP=$app PGADDON_API_URL=${PGADDON_API_URL:-http://127.0.0.1:8080}
# A CLI configuration of its own (empty): nothing of this machine's, and no warning in `tofu version`.
cli_config=$(mktemp)
export TF_CLI_CONFIG_FILE=$cli_config
# OpenTofu resolves the provider under these (opentofu/opentofu#977).
export TF_ACC=1 TF_ACC_TERRAFORM_PATH=$tofu TF_ACC_PROVIDER_NAMESPACE=hashicorp TF_ACC_PROVIDER_HOST=registry.opentofu.org
(cd terraform-provider-pgaddon && go test ./... -count=1 -timeout 30m -v)
