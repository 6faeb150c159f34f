#!/usr/bin/env bash
# The yardstick of Kiosk's CPU and memory budgets: the demo lobby as a web page in a Chromium
# kiosk at 1920×1080 under Xvfb, measured by the same tool as Kiosk (CPU and PSS summed over the
# whole process tree). Runs each variant (GPU path allowed, --disable-gpu) RUNS times and prints
# one line a run, then the median, min and max of each figure.
#
# usage: Scripts/chromium-lobby/measure.sh [SECONDS] [RUNS]     (default 60 s, 3 runs)
#   VARIANTS="gpu nogpu"   which variants to run (default both)
#   SCREENSHOT=FILE        where the screenshot of the page goes (default /tmp/chromium-lobby.png;
#                          empty: none)
#   MEASURE_TOOL=PATH      the measuring tool (default /work/shared/tools/measure.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
seconds=${1:-60}
runs=${2:-3}
variants=${VARIANTS:-gpu nogpu}
screenshot=${SCREENSHOT-/tmp/chromium-lobby.png}
tool=${MEASURE_TOOL:-/work/shared/tools/measure.sh}

if ! command -v chromium >/dev/null || ! fc-list | grep -q "NotoSans-Regular"; then
  apt-get install -y chromium fonts-noto-core || { apt-get update && apt-get install -y chromium fonts-noto-core; }
fi
for tool_needed in Xvfb import python3 bc; do
  command -v "$tool_needed" >/dev/null || { echo "measure.sh: $tool_needed is missing (apt-get install xvfb imagemagick python3 bc)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/chromium-lobby.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
python3 "$here/make-page.py" "$repo/Assets/demo" "$work/page" >&2
url="file://$work/page/index.html"

# What a Chromium kiosk on a small board runs (see README.md beside this script for why each).
# Debian's /usr/bin/chromium wrapper adds its own defaults from /etc/chromium.d (among them
# --enable-gpu-rasterization and --no-default-browser-check), as it would on the board.
flags() {  # flags VARIANT PROFILE
  printf '%s\n' --kiosk --no-first-run --noerrdialogs --disable-session-crashed-bubble \
    --disable-pinch --overscroll-history-navigation=0 \
    --check-for-update-interval=31536000 --no-sandbox --user-data-dir="$2" \
    --window-position=0,0 --window-size=1920,1080
  [ "$1" = nogpu ] && echo --disable-gpu
  # The page is Vietnamese: without this Chromium offers to translate it, in a bubble over the
  # clock (--disable-features=Translate no longer stops it). An admin would set the
  # TranslateEnabled policy; a fresh profile with the preference does the same.
  mkdir -p "$2/Default" && echo '{"translate": {"enabled": false}}' >"$2/Default/Preferences"
  return 0
}
# Chromium starts its crash handler (chrome_crashpad_handler, two processes) with a double fork,
# so it would belong to init and escape the measured tree. Marking the browser a child subreaper
# (prctl PR_SET_CHILD_SUBREAPER, kept across exec) makes those orphans its children instead.
subreaper=(python3 -c 'import ctypes, os, sys
if ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) != 0: sys.exit("prctl(PR_SET_CHILD_SUBREAPER) failed")
os.execvp(sys.argv[1], sys.argv[1:])')

if [ -n "$screenshot" ]; then
  # The page as the screen shows it, 15 s in (fonts in, first photo faded, ticker moving).
  disp=:$((80 + RANDOM % 9))
  Xvfb "$disp" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
  sleep 1
  mapfile -t f < <(flags nogpu "$work/profile-shot")
  DISPLAY=$disp setsid chromium "${f[@]}" "$url" >"$work/shot.log" 2>&1 & browser=$!
  sleep 15
  DISPLAY=$disp import -window root "$screenshot" && echo "screenshot: $screenshot" >&2
  kill -- -"$browser" 2>/dev/null || true; sleep 2; kill "$xvfb" 2>/dev/null || true; wait 2>/dev/null || true
fi

echo "chromium: $(chromium --version 2>/dev/null)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "window: ${seconds} s after 10 s of warm-up; page: $url"
declare -A results
for variant in $variants; do
  mapfile -t f < <(flags "$variant" "$work/profile-$variant-RUN")
  echo "flags ($variant): ${f[*]}"
  rm -rf "$work/profile-$variant-RUN"
  for run in $(seq 1 "$runs"); do
    mapfile -t f < <(flags "$variant" "$work/profile-$variant-$run")
    line=$("$tool" "$seconds" -- "${subreaper[@]}" chromium "${f[@]}" "$url")
    echo "$variant run $run: $line load=$(cut -d' ' -f1 /proc/loadavg)"
    results[$variant]+="$line"$'\n'
    rm -rf "$work/profile-$variant-$run"
  done
done
for variant in $variants; do
  printf '%s' "${results[$variant]}" | python3 -c '
import re, statistics, sys
rows = [dict(re.findall(r"(\w+)=([\d.]+)", line)) for line in sys.stdin if line.strip()]
out = []
for key in ("cpu_pct", "pss_mib_end", "pss_mib_peak", "rss_mib_sum", "procs"):
    v = [float(r[key]) for r in rows if key in r]
    if v: out.append(f"{key} median {statistics.median(v):g} (min {min(v):g}, max {max(v):g})")
print(f"{sys.argv[1]} over {len(rows)} runs: " + "; ".join(out))' "$variant"
done
