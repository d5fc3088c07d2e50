#!/usr/bin/env bash
# Regenerates docs/ with tfplugindocs, offline (`make docs`).
#
# tfplugindocs normally builds the provider and downloads a Terraform CLI to read its schema; no
# CLI can be downloaded here. Instead: the provider is built, OpenTofu (scripts/tofu.sh, built from
# its Go module and cached; or $TOFU) reads its schema through a dev override in a CLI
# configuration of our own, and tfplugindocs renders docs/ from that file (--providers-schema).
# The examples are checked on the way: formatted (tofu fmt) and valid against this provider.
#   tools/docs.sh           regenerates docs/
#   tools/docs.sh --check   also fails when docs/ differs from what is committed
set -euo pipefail
cd "$(dirname "$0")/.."
provider_dir=$PWD
check=false
[ "${1:-}" = --check ] && check=true

tofu=${TOFU:-}
if [ -z "$tofu" ]; then
  tofu=$(../scripts/tofu.sh bin)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building the provider"
go build -ldflags "-X main.version=$(cat VERSION)" -o "$work/bin/terraform-provider-pgaddon" .

# The provider as OpenTofu finds it: no registry, no init.
cat > "$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "pgaddon/pgaddon" = "$work/bin"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE=$work/cli.tfrc TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

echo "reading its schema with $tofu"
mkdir "$work/schema"
cat > "$work/schema/main.tf" <<'EOF'
terraform {
  required_providers {
    pgaddon = {
      source = "pgaddon/pgaddon"
    }
  }
}
EOF
(cd "$work/schema" && "$tofu" providers schema -json) > "$work/tofu-schema.json"
go -C tools run ./schemakey pgaddon < "$work/tofu-schema.json" > "$work/schema.json"

echo "checking the examples"
"$tofu" fmt -check -diff -recursive examples
# All the examples in one configuration (they share the addon pgaddon_addon.db).
mkdir "$work/examples"
i=0
while IFS= read -r f; do
  i=$((i + 1))
  cp "$f" "$work/examples/$i-$(basename "$f")"
done < <(find examples -name '*.tf' | sort)
(cd "$work/examples" && "$tofu" validate -no-color >/dev/null) \
  || { (cd "$work/examples" && "$tofu" validate -no-color) >&2; exit 1; }

echo "generating docs/ with tfplugindocs"
go -C tools tool tfplugindocs generate \
  --provider-dir "$provider_dir" \
  --provider-name pgaddon \
  --providers-schema "$work/schema.json"

if $check; then
  git diff --exit-code -- docs \
    && [ -z "$(git status --porcelain -- docs)" ] \
    || { echo "docs/ is not what 'make docs' makes: run it and commit docs/" >&2; exit 1; }
fi
