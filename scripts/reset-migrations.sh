#!/usr/bin/env bash
# Nothing is deployed yet: after merging branches whose migrations conflict, drop every migration and
# regenerate one "Initial" migration per provider from the current model.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/Workflow/Persistence/Migrations
# dotnet-ef writes the model snapshots under a folder named after their namespace: drop them too, or the new
# "Initial" migration is computed against the old snapshot and misses tables.
rm -rf src/Workflow/CallManager/Workflow/Persistence/Migrations
bash scripts/add-migration.sh Initial
