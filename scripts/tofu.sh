#!/usr/bin/env bash
# OpenTofu, built once from its Go module and cached (no Terraform CLI can be downloaded here).
# Its go.mod replaces hcl/v2 with OpenTofu's fork, and `go install pkg@version` ignores replace
# directives: a small wrapper module repeats that one line and builds the tofu command.
#   scripts/tofu.sh bin   prints the path of the tofu binary, building it first if needed
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
version=v1.12.6
cache=${PGADDON_CACHE:-/var/cache/pgaddon}
bin=$cache/tofu-$version/tofu

build() {
  [ -x "$bin" ] && return
  command -v go >/dev/null || { log "Go is needed once, to build OpenTofu from its Go module"; exit 1; }
  log "building OpenTofu $version from its Go module (about 4 min, once)"
  local dir
  dir=$(mktemp -d)
  cat > "$dir/go.mod" <<MOD
module pgaddon.local/tofu-build

go 1.26.6

require github.com/opentofu/opentofu $version

replace github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.20.2-0.20251021132045-587d123c2828
MOD
  cat > "$dir/tools.go" <<'SRC'
//go:build tools

package tools

import _ "github.com/opentofu/opentofu/cmd/tofu"
SRC
  mkdir -p "$(dirname "$bin")"
  (cd "$dir" && GOFLAGS=-mod=mod go mod tidy >/tmp/pgaddon-tofu-build.log 2>&1 \
    && GOFLAGS=-mod=mod go build -o "$bin" github.com/opentofu/opentofu/cmd/tofu >>/tmp/pgaddon-tofu-build.log 2>&1) \
    || { cat /tmp/pgaddon-tofu-build.log >&2; rm -rf "$dir"; exit 1; }
  rm -rf "$dir"
}

case "${1:-bin}" in
  bin) build; echo "$bin" ;;
  *) echo "usage: $0 bin" >&2; exit 2 ;;
esac
