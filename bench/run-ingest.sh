#!/usr/bin/env bash
# Ingest benchmark: points/s through IKpiGrain on PostgreSQL storage (group-committed multi-row INSERTs),
# next to the single-row INSERT rate into kpi_points measured in the same run. Runs through run-rollout.sh
# (its options, e.g. --fast-db and --conn-options, apply) and so on its throwaway PostgreSQL cluster from
# scripts/throwaway-postgres.sh (durable by default; --fast-db for test settings).
#
#   bench/run-ingest.sh                          # 200,000 points over 50 KPIs, batches of 100
#   bench/run-ingest.sh --points 500000 --batch 500 --concurrency 128
set -uo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/run-rollout.sh" --ingest "$@"
