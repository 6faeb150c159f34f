#!/usr/bin/env bash
# Builds kiosk-fuzz with libFuzzer and AddressSanitizer and fuzzes the KioskData parsers.
#
#   Scripts/fuzz.sh --seconds 20                 every target, 20 s each
#   Scripts/fuzz.sh --runs 1000000 honours csv   those targets, a million inputs each
#   Scripts/fuzz.sh --ci                         short run for CI: every target, 5 s each
#   Scripts/fuzz.sh --runs 1000000 --seconds 600 a million inputs or 10 minutes, whichever first
#
# Options: --seconds N, --runs N    how long each target runs: N seconds, N inputs, or with both
#                                   whichever comes first (default --seconds 20)
#          --jobs N                 targets fuzzed at once (default: number of cores)
#          --out DIR                scratch folder (default .build-fuzz/fuzz-out): new corpus
#                                   entries, crash artifacts and logs; never Fuzz/corpus
#          --no-build               use the binary already built
#          -- ARGS                  more libFuzzer options for every target
# Exits non-zero when a target crashes, leaks, times out, runs out of memory or fails to start.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds="" runs="" jobs=$(nproc 2>/dev/null || echo 2) out=.build-fuzz/fuzz-out build=1
targets=() extra=()
all_targets=(honours csv captions ticker settings counter visitorlog datefield datapath textdecoding script collation image-header exif xmp schedule)
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --ci) seconds=5; runs=""; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ -n "$runs$seconds" ] || seconds=20
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $t "* ]] || { echo "fuzz.sh: unknown target $t (targets: ${all_targets[*]})" >&2; exit 2; }
done

binary=.build-fuzz/release/kiosk-fuzz
if [ "$build" = 1 ]; then
  echo "fuzz.sh: building $binary (libFuzzer + AddressSanitizer)"
  # -DKIOSK_FUZZING makes main.swift hand over to LLVMFuzzerRunDriver; our main keeps libFuzzer's
  # out. lld: gold fails on the ASan-instrumented objects.
  mkdir -p .build-fuzz
  if ! swift build --scratch-path .build-fuzz --product kiosk-fuzz -c release \
      -Xswiftc -sanitize=fuzzer,address -Xswiftc -DKIOSK_FUZZING -Xswiftc -use-ld=lld >.build-fuzz/build.log 2>&1; then
    grep -v 'prohibited flag(s): -D_REENTRANT' .build-fuzz/build.log | tail -40 >&2
    echo "fuzz.sh: build failed (log .build-fuzz/build.log)" >&2
    exit 1
  fi
  tail -1 .build-fuzz/build.log
fi
[ -x "$binary" ] || { echo "fuzz.sh: $binary is missing (run without --no-build)" >&2; exit 1; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
# The Swift runtime's own crash backtracer fights ASan and libFuzzer: let them report.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:handle_abort=1}
budget=() what=""
if [ -n "$runs" ]; then budget+=(-runs="$runs"); what="$runs runs"; fi
if [ -n "$seconds" ]; then budget+=(-max_total_time="$seconds"); what="${what:+$what or }${seconds} s"; fi

run_target() {
  local t=$1 start end rc
  mkdir -p "$out/corpus/$t" "$out/crashes/$t" "$out/logs"
  start=$(date +%s)
  set +e
  "$binary" "$t" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$t/" "${budget[@]}" "${extra[@]}" \
    "$out/corpus/$t" "$root/Fuzz/corpus/$t" >"$out/logs/$t.log" 2>&1
  rc=$?
  set -e
  end=$(date +%s)
  echo "$rc $((end - start))" >"$out/logs/$t.result"
}

echo "fuzz.sh: ${#targets[@]} target(s), $what each, $jobs at a time; scratch in $out"
overall_start=$(date +%s)
running=0
for t in "${targets[@]}"; do
  rm -f "$out/logs/$t.result"
  run_target "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
done
wait || true

failed=0
printf '%-13s %-8s %12s %8s %8s %s\n' target result execs exec/s seconds cov
for t in "${targets[@]}"; do
  log="$out/logs/$t.log"
  read -r rc secs <"$out/logs/$t.result" 2>/dev/null || { rc=255; secs=0; }
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  if [ "$rc" = 0 ]; then result=ok; else result=FAILED; failed=1; fi
  printf '%-13s %-8s %12s %8s %8s %s\n' "$t" "$result" "${execs:-?}" "${rate:-?}" "$secs" "${cov:-?}"
done
echo "fuzz.sh: wall time $(( $(date +%s) - overall_start )) s for the fuzzing"
if [ "$failed" = 1 ]; then
  for t in "${targets[@]}"; do
    read -r rc _ <"$out/logs/$t.result" 2>/dev/null || rc=255
    [ "$rc" = 0 ] && continue
    echo "---- $t failed (exit $rc); log $out/logs/$t.log; artifacts in $out/crashes/$t/:"
    ls -1 "$out/crashes/$t/" 2>/dev/null | sed 's/^/  /'
    grep -v '^"' "$out/logs/$t.log" | grep -E -m1 -A25 'ERROR|Fatal error|deadly signal|==[0-9]+==' || tail -20 "$out/logs/$t.log"
    echo "replay: $binary $t <artifact>   (or .build/debug/kiosk-fuzz $t <artifact> without sanitizers)"
  done
  exit 1
fi
echo "fuzz.sh: no crash, leak or timeout"
