#!/usr/bin/env bash
# Lighthouse on the anonymous pages (home, a call, login, registration), mobile and desktop: a benchmark, not a test.
# Publishes the app in Release, starts it on a fresh SQLite database with the demo seeded, runs Lighthouse 12.2.3
# (simulated throttling, so the scores depend less on the machine's load) and prints the four scores per page.
# Usage: scripts/lighthouse.sh [OUTPUT_DIR]   (default TestResults/lighthouse; one JSON report per page and form factor)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/TestResults/lighthouse}
WORK=$(mktemp -d)
PORT=${LIGHTHOUSE_PORT:-5097}
BASE="http://127.0.0.1:$PORT"
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
mkdir -p "$OUT"

if [ ! -x "$ROOT/scripts/lighthouse/node_modules/.bin/lighthouse" ]; then
  (cd "$ROOT/scripts/lighthouse" && npm ci --no-audit --no-fund >/dev/null)
fi
[ -x "$CHROME_PATH" ] || { echo "Chromium is missing at $CHROME_PATH (apt-get install chromium)" >&2; exit 1; }

echo "Publishing the app (Release)…"
dotnet publish "$ROOT/src/Web" -c Release -o "$WORK/app" -v q -nologo >"$WORK/publish.log" 2>&1 || { cat "$WORK/publish.log"; exit 1; }

cleanup() { [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
(cd "$WORK" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$BASE" exec dotnet app/CallManager.Web.dll \
   --Database:Provider=Sqlite "--ConnectionStrings:CallManager=Data Source=$WORK/lighthouse.db" --Demo:Seed=true \
   --Mail:PickupDirectory="$WORK/mail" --Mail:Smtp:Host= >"$WORK/app.log" 2>&1 </dev/null) &
APP_PID=$!
for _ in $(seq 1 120); do curl -fs "$BASE/health" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "$BASE/" -o "$WORK/home.html" || { echo "The app did not start:" >&2; tail -30 "$WORK/app.log" >&2; exit 1; }
CALL=$(grep -o 'href="/calls/[0-9a-f-]*"' "$WORK/home.html" | head -1 | sed 's/href="//; s/"$//')
[ -n "$CALL" ] || { echo "No call is listed on the home page" >&2; exit 1; }

LH="$ROOT/scripts/lighthouse/node_modules/.bin/lighthouse"
echo "Load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-10s %-8s %11s %13s %14s %5s\n' page device performance accessibility best-practices seo
for page in home:/ call:$CALL login:/Account/Login register:/Account/Register; do
  name=${page%%:*}; path=${page#*:}
  for device in mobile desktop; do
    preset=(); [ "$device" = desktop ] && preset=(--preset=desktop)
    report="$OUT/$name-$device.json"
    "$LH" "$BASE$path" "${preset[@]}" --throttling-method=simulate --only-categories=performance,accessibility,best-practices,seo \
      --output=json --output-path="$report" --quiet --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" >/dev/null 2>&1 \
      || { echo "$name $device: Lighthouse failed" >&2; continue; }
    node -e '
      const r = require(process.argv[1]); const s = k => Math.round((r.categories[k].score ?? 0) * 100);
      const low = Object.values(r.audits).filter(a => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable").map(a => a.id);
      console.log([process.argv[2].padEnd(10), process.argv[3].padEnd(8), String(s("performance")).padStart(11), String(s("accessibility")).padStart(13),
        String(s("best-practices")).padStart(14), String(s("seo")).padStart(5), low.length ? "  below 0.9: " + low.join(", ") : ""].join(" "));' "$report" "$name" "$device"
  done
done
echo "Load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
