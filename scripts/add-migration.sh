#!/usr/bin/env bash
# Adds a migration NAME for every provider (SQLite, PostgreSQL, SQL Server), each in its own folder.
# Usage: scripts/add-migration.sh NAME
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh NAME}
dotnet tool restore >/dev/null
dotnet build src/Web -v q -nologo >/dev/null
for provider in Sqlite PostgreSql SqlServer; do
  dotnet ef migrations add "$name" --no-build \
    --project src/Domain --startup-project src/Web \
    --context "${provider}CallManagerDbContext" \
    --output-dir "Persistence/Migrations/$provider" \
    --namespace "CallManager.Domain.Persistence.Migrations.$provider"
done
# dotnet ef writes a new model snapshot under a namespace-derived folder (src/Domain/CallManager/...):
# keep it beside its provider's migrations (EF finds an existing snapshot anywhere in the project).
for provider in Sqlite PostgreSql SqlServer; do
  stray="src/Domain/CallManager/Domain/Persistence/Migrations/$provider/${provider}CallManagerDbContextModelSnapshot.cs"
  [ -f "$stray" ] && mv "$stray" "src/Domain/Persistence/Migrations/$provider/"
done
rm -rf src/Domain/CallManager
