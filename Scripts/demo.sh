#!/usr/bin/env bash
# One command for a new user: install what is missing, build, and show the lobby with a live
# copy of the demo data. A simulated entrance appends visits, so the counter moves; edit files
# in the printed folder and watch the screen follow.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build -c release --product kiosk
data=${KIOSK_DEMO_DIR:-/tmp/kiosk-demo}
rm -rf "$data" && cp -r Assets/demo "$data"
# The shipped log ends on the day it was made; regenerate it to end now so "today" is alive.
python3 Scripts/make-demo-data.py visitors --end now --out "$data/visitors/entrance.log"
python3 Scripts/make-demo-data.py simulate --log "$data/visitors/entrance.log" --interval 5 &
simulator=$!
trap 'kill $simulator 2>/dev/null || true' EXIT
echo "demo: showing $data — edit its files (honours.csv, ticker.txt, gallery/…) to see them live" >&2
args=(--data "$data" --state /tmp/kiosk-demo-state --allow-quit "$@")
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${SDL_VIDEODRIVER:-}" ]; then
  echo "demo: no display found; running under Xvfb (take a look with: kill -USR1 \$(pidof kiosk); open /tmp/kiosk-demo-state/screen.png)" >&2
  exec xvfb-run -a -s "-screen 0 1280x720x24" .build/release/kiosk run "${args[@]}"
fi
exec .build/release/kiosk run "${args[@]}"
