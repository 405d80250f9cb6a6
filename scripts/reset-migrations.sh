#!/usr/bin/env bash
# Nothing is deployed yet: after merging branches whose migrations conflict, drop every migration and
# regenerate one "Initial" migration per provider from the current model.
set -euo pipefail
cd "$(dirname "$0")/.."
# EF Core may have written a model snapshot under a namespace-shaped folder (src/Workflow/CallManager/...):
# a stale snapshot left there makes the new "Initial" a mere diff that lacks tables.
rm -rf src/Workflow/Persistence/Migrations src/Workflow/CallManager/Workflow/Persistence/Migrations
bash scripts/add-migration.sh Initial
