#!/usr/bin/env bash
# Starts PostgreSQL (installing it when missing) and loads the three agencies' synthetic registries into
# their own databases interop_cr, interop_ssf and interop_mol: national scale by default
# (200,000 employers, 2,000,000 insured workers, 300,000 permits, 24 months). Options go to the seed
# command, e.g. scripts/seed.sh --employers 10000 --workers 100000 --permits 15000; --help lists them.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/services.sh start
dotnet run -c Release --project src/Adapters/Seeding -- "$@"
