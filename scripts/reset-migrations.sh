#!/usr/bin/env bash
# Nothing is deployed yet: after merging branches whose migrations conflict, drop every migration and
# regenerate one "Initial" migration per provider from the current model.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/Workflow/Persistence/Migrations
bash scripts/add-migration.sh Initial
