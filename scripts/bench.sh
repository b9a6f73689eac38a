#!/usr/bin/env bash
# The hub's benchmark (issue 3): starts PostgreSQL and Redis, seeds the benchmark's agency databases, builds
# the hub and a bare gRPC server (E) in Release, runs them as separate processes on 127.0.0.1 and measures
# them with an HTTP/2 load client, scenarios alternating round after round. Prints each figure, each ratio
# and its target, and writes the markdown table to bench/last-run.md. A few minutes on two cores.
#
#   scripts/bench.sh                       everything, 5 rounds of 5 s per scenario
#   scripts/bench.sh --scenarios e,l1      a subset (e, l1, redis, miss, logoff, latency, fresh, writer)
#   scripts/bench.sh --help                every option
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/services.sh start
# Idle .NET thread-pool workers spin before they sleep: on two cores shared by the load client, the server under test
# and PostgreSQL, that spinning takes the core from the others (measured 2026-12-06 in the open loop at 19,500 calls/s:
# E's CPU per call 36-40 us with the runtime's default, 28-31 us without spinning). Every .NET process of the run
# inherits this; set the variable yourself to measure with another value.
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit="${DOTNET_ThreadPool_UnfairSemaphoreSpinLimit:-0}"
exec dotnet run -c Release --project bench/Interop.Bench -- "$@"
