#!/usr/bin/env bash
# Builds the Consul agent with the Go toolchain from the Go module proxy into a cache directory.
# `go install consul@v` refuses Consul because its go.mod has replace directives, so we build it
# from a small wrapper module that requires Consul and its submodules at the versions Consul lists.
# Usage: build-consul.sh <output-binary>   (env CONSUL_VERSION overrides the version)
set -euo pipefail
out=${1:?output binary path}
version=${CONSUL_VERSION:-v1.22.0}
command -v go >/dev/null || { echo "build-consul: the Go toolchain (go) is not on PATH" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
proxy=${GOPROXY:-https://proxy.golang.org}
proxy=${proxy%%,*}
mod=$(curl -fsS "$proxy/github.com/hashicorp/consul/@v/$version.mod") \
  || { echo "build-consul: cannot fetch Consul $version's go.mod from $proxy" >&2; exit 2; }
goversion=$(printf '%s\n' "$mod" | awk '$1=="go"{print $2; exit}')
{
  echo "module conduit.local/consulbuild"
  echo
  echo "go $goversion"
  echo
  echo "require github.com/hashicorp/consul $version"
  # submodules that Consul itself resolves through replace ./dir: pin the versions its go.mod requires
  printf '%s\n' "$mod" | awk '/^require|^\t/{ if ($1 ~ /^github.com\/hashicorp\/consul\// && $2 ~ /^v/) print "require " $1 " " $2 }'
  # Consul's exclude block must be repeated, or go-msgpack resolves to a broken version
  printf '%s\n' "$mod" | awk '/^exclude \(/{e=1; print; next} e{print; if ($0 ~ /^\)/) e=0}'
} > "$work/go.mod"
cd "$work"
# Consul's envoyextensions and troubleshoot submodules are served by the proxy but missing from the
# checksum database, so checksum verification is skipped for Consul's own modules only.
export GONOSUMDB=${GONOSUMDB:+$GONOSUMDB,}github.com/hashicorp/consul
echo "build-consul: building Consul $version (first build downloads and compiles a lot; takes minutes)" >&2
GOFLAGS=-mod=mod go mod download github.com/hashicorp/consul >&2
GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$out.tmp" github.com/hashicorp/consul
mv "$out.tmp" "$out"
"$out" version | head -1 >&2
