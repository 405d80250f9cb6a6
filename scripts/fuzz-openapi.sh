#!/usr/bin/env bash
# An outside OpenAPI fuzzer against the app (run on demand, not in CI; see docs/security.md): installs Portman and Newman at
# the versions pinned in scripts/fuzz-openapi/package-lock.json, starts the app on a fresh SQLite database with the demo call
# seeded, signs in as anonymous, juror, applicant and administrator (cookie + antiforgery header), fuzzes every operation of
# /openapi/v1.json as each, and prints operations, requests, 5xx, undocumented statuses and schema mismatches.
# Exits 1 when anything is outside the contract. Results (collection, findings.json, app log) in $FUZZ_OUT (default a temp folder).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
port=${FUZZ_PORT:-5097}
work=$(mktemp -d /tmp/callmanager-fuzz.XXXXXX)
export FUZZ_OUT=${FUZZ_OUT:-$work/results}
export FUZZ_BASE_URL="http://127.0.0.1:$port"

echo "Installing the fuzzer (npm ci, pinned versions)..."
(cd scripts/fuzz-openapi && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

echo "Building the app..."
dotnet build src/Web -nologo -v q >/dev/null

echo "Starting the app on $FUZZ_BASE_URL (database in $work)..."
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$FUZZ_BASE_URL" \
  Database__Provider=Sqlite ConnectionStrings__CallManager="Data Source=$work/fuzz.db" Demo__Seed=true \
  Mail__PickupDirectory="$work/mail" Audit__ChainKeyFile="$work/audit-chain.key" Audit__HeadFolder="$work/audit-heads" \
  DataProtection__GeneratedCertificatePath="$work/dataprotection.pfx" Attachments__Path="$work/attachments" \
  dotnet run --project src/Web --no-build --no-launch-profile > "$work/app.log" 2>&1 < /dev/null &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$FUZZ_BASE_URL/openapi/v1.json")" = 200 ] && break
  kill -0 $app 2>/dev/null || { echo "the app stopped; its log:"; tail -40 "$work/app.log"; exit 1; }
  sleep 1
done
curl -fs "$FUZZ_BASE_URL/openapi/v1.json" >/dev/null || { echo "the app did not serve /openapi/v1.json within 180 s"; tail -40 "$work/app.log"; exit 1; }

status=0
node scripts/fuzz-openapi/fuzz.mjs || status=$?
cp "$work/app.log" "$FUZZ_OUT/app.log" 2>/dev/null || true
grep -c " fail: \|\[ERR\]\|Unhandled exception" "$FUZZ_OUT/app.log" 2>/dev/null | sed 's/^/errors logged by the app: /' || true
echo "results in $FUZZ_OUT"
exit $status
