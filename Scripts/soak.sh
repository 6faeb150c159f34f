#!/usr/bin/env bash
# Soak run (RELIABILITY.md): the release `kiosk run` for --minutes N (10 by default, hours on
# demand) on SDL's offscreen driver while Scripts/soak/writer.py churns a copy of the demo data
# (rates in its header); then RSS/PSS start and end, reloads, crashes, and status.json checked
# against `kiosk check`, `kiosk honours`, `kiosk visitors` and the writer's own ledger.
#   Scripts/soak.sh [--minutes N] [--valgrind] [--work DIR] [--window WxH] [--binary PATH]
# --valgrind runs it under memcheck (--leak-check=full) and sorts the leaks by owner
# (Scripts/soak/leaks.py); a leak record in Kiosk's code fails the run. Exit 1 on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --valgrind) command -v valgrind >/dev/null || { echo "soak: valgrind is not installed (Scripts/setup.sh)" >&2; exit 1; }
                args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done
if [ -z "$binary" ]; then
  swift build -c release --product kiosk >&2
  binary="$(swift build -c release --show-bin-path)/kiosk"
fi
exec python3 Scripts/soak/soak.py --binary "$binary" "${args[@]}"
