#!/usr/bin/env bash
# Lints protos/ with buf (npm @bufbuild/buf, pinned), using the google/rpc and google/type protos from the
# Google.Api.CommonProtos NuGet package that the build already restored: buf's registry is not reachable here.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

BUF_VERSION=1.75.0
tools=".tools/buf-$BUF_VERSION"
if [ ! -x "$tools/node_modules/.bin/buf" ]; then
  mkdir -p "$tools"
  npm install --silent --prefix "$tools" "@bufbuild/buf@$BUF_VERSION" >/dev/null
fi

common=$(ls -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/google.api.commonprotos/*/content/protos 2>/dev/null | sort -V | tail -n 1)
if [ -z "$common" ]; then
  dotnet restore src/Contracts >/dev/null
  common=$(ls -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/google.api.commonprotos/*/content/protos | sort -V | tail -n 1)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/third_party"
cp -r protos "$work/protos"
cp -r "$common/google" "$work/third_party/"
# The workspace lints protos/ with protos/buf.yaml's rules and only resolves imports from third_party/.
python3 - "$work" <<'PY'
import sys, pathlib
work = pathlib.Path(sys.argv[1])
rules = (work / "protos" / "buf.yaml").read_text()
lint = rules[rules.index("lint:"):rules.index("breaking:")] if "breaking:" in rules else rules[rules.index("lint:"):]
lint = "\n".join("    " + line if line.strip() else line for line in lint.splitlines())
(work / "protos" / "buf.yaml").unlink()
(work / "buf.yaml").write_text("version: v2\nmodules:\n  - path: protos\n" + lint + "\n  - path: third_party\n")
PY
(cd "$work" && "$root/$tools/node_modules/.bin/buf" lint protos)
echo "buf lint: protos/ clean"
