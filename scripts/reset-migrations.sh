#!/usr/bin/env bash
# Nothing is deployed yet: after merging branches whose migrations conflict, drop every migration and
# regenerate one "Initial" migration per provider from the current model.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/Domain/Persistence/Migrations
# dotnet ef writes each provider's model snapshot to a folder derived from the namespace
# (src/Domain/CallManager/Domain/Persistence/Migrations/<Provider>): a snapshot left behind would make the new
# "Initial" migration empty.
find src/Domain -name '*CallManagerDbContextModelSnapshot.cs' -not -path '*/obj/*' -not -path '*/bin/*' -delete
bash scripts/add-migration.sh Initial
