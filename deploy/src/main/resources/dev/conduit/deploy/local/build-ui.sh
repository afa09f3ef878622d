#!/usr/bin/env bash
# Builds Temporal's Web UI server (the UI is embedded in it) with the Go toolchain from the Go module proxy.
# The module needs a newer Go than 1.26.8: the caller sets GOTOOLCHAIN, and the go command fetches that toolchain
# from the proxy like a module. It is built from a small wrapper module so that a dependency version the proxy does
# not serve (go.temporal.io/api v1.64.0 for ui-server v2.58.1) can be raised to a served patch release.
# Usage: build-ui.sh <output-binary>   (env UI_SERVER_VERSION, TEMPORAL_API_VERSION, GOTOOLCHAIN)
set -euo pipefail
out=${1:?output binary path}
version=${UI_SERVER_VERSION:-v2.58.1}
api=${TEMPORAL_API_VERSION:-v1.64.3}
command -v go >/dev/null || { echo "build-ui: the Go toolchain (go) is not on PATH" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
printf 'module conduit.local/uibuild\n\ngo 1.26.10\n' > go.mod
go get "github.com/temporalio/ui-server/v2/cmd/server@$version" "go.temporal.io/api@$api"
go build -trimpath -o "$work/server" github.com/temporalio/ui-server/v2/cmd/server
install -m 0755 "$work/server" "$out"
echo "build-ui: built $out (ui-server $version, go.temporal.io/api $api)"
