#!/usr/bin/env bash
# Runs every test: installs and starts PostgreSQL and Redis when missing (scripts/services.sh), then
# lints the protos (scripts/lint-protos.sh) and runs `dotnet test Interop.sln`. Extra arguments go to dotnet test, e.g. --filter "FullyQualifiedName~Standing".
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/services.sh start
scripts/lint-protos.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Interop.sln --nologo "$@" 2>&1 | tee "$log" || status=$?

# One closing line for the whole solution, summed over the test assemblies.
awk '/(Passed|Failed)!  - Failed:/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1) + 0
         if ($i == "Passed:") p += $(i+1) + 0
         if ($i == "Skipped:") s += $(i+1) + 0
       }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
