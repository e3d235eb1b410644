#!/usr/bin/env bash
# Webhook benchmark: events written through the outbox on PostgreSQL, delivered by an in-process silo to one
# receiver (Kestrel on loopback): deliveries/s and event-to-delivery p50/p99. Runs through run-rollout.sh (its
# options, e.g. --fast-db, apply) and so on its throwaway PostgreSQL cluster (durable by default).
#
#   bench/run-webhooks.sh                        # 10,000 events to one receiver
#   bench/run-webhooks.sh --events 2000 --Webhooks:MaxConcurrency=16
set -uo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/run-rollout.sh" --webhooks "$@"
