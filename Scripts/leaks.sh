#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer with LeakSanitizer: every test process (and every
# `kiosk` the end-to-end tests start, built beside the tests in the same folder) reports the
# memory it still holds unreachable at exit. Suppressions for leaks that are not the project's,
# each with its reason, are in Fuzz/lsan.supp.
#
#   Scripts/leaks.sh                       build into .build-asan and run the whole suite
#   Scripts/leaks.sh --filter SomeSuite    more `swift test` options
#   Scripts/leaks.sh --no-build ...        use the build already in .build-asan
#
# Writes the test output to .build-asan/leaks.log and every leak report to
# .build-asan/lsan/lsan.<pid>; prints one line per report. Exits non-zero when a test fails or
# any process reports a leak that is not suppressed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scratch=.build-asan
build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi

if [ "$build" = 1 ]; then
  echo "leaks.sh: building the tests with -sanitize=address into $scratch"
  mkdir -p "$scratch"
  if ! swift build --build-tests --scratch-path "$scratch" -Xswiftc -sanitize=address >"$scratch/build.log" 2>&1; then
    tail -40 "$scratch/build.log" >&2
    echo "leaks.sh: build failed (log $scratch/build.log)" >&2
    exit 1
  fi
fi

reports=$root/$scratch/lsan
rm -rf "$reports"
mkdir -p "$reports"
# log_path: each process (the test runner and each kiosk it starts) writes its own report file,
# so a kiosk's leaks are not lost in a pipe the test reads. exitcode=0 in the kiosk children
# keeps a leak from failing the test that started it for the wrong reason; the reports are
# counted below instead. The Swift runtime's backtracer fights ASan: let ASan report.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="detect_leaks=1:log_path=$reports/lsan:exitcode=0"
export LSAN_OPTIONS="suppressions=$root/Fuzz/lsan.supp:print_suppressions=1:report_objects=1"
set +e
swift test --skip-build --scratch-path "$scratch" "$@" >"$scratch/leaks.log" 2>&1
status=$?
set -e
grep -E "Test run with|Executed .* tests" "$scratch/leaks.log" | tail -3
leaks=0
for report in "$reports"/lsan.*; do
  [ -e "$report" ] || continue
  if grep -q "ERROR: LeakSanitizer" "$report"; then
    leaks=1
    echo "leaks.sh: $(basename "$report"): $(grep -m1 '^SUMMARY' "$report")"
  elif grep -q "ERROR: AddressSanitizer" "$report"; then
    leaks=1
    echo "leaks.sh: $(basename "$report"): $(grep -m1 'ERROR: AddressSanitizer' "$report")"
  fi
  # Which suppressions matched, and how often (print_suppressions).
  grep -A20 "Suppressions used" "$report" | grep -E "^ +[0-9]+ " | sed "s|^|leaks.sh: $(basename "$report") suppressed:|" || true
done
echo "leaks.sh: $(ls "$reports" | wc -l) report file(s) in $scratch/lsan; test output in $scratch/leaks.log"
# These tests measure time or peak memory, which AddressSanitizer multiplies (its shadow memory
# and quarantine, 2-3x slower code): under it they fail by design, and the ordinary test run is
# their judge. Any other failure fails this script.
measuring="nextModeChangeIsCheap|aBadPhotoIsRefusedWithItsNameAndCostsNoMemory|noKeyChordOrCtrlCQuitsWithoutAllowQuit|readyOnceAfterTheFirstFrameThenTheWatchdogAtHalfItsInterval"
if [ "$status" != 0 ]; then
  failed=$(grep -E '^✘ Test [^ ]+\(.*failed after' "$scratch/leaks.log" | sed -E 's/^✘ Test ([^(]+)\(.*/\1/' | sort -u)
  others=$(echo "$failed" | grep -vxE "$measuring" || true)
  echo "leaks.sh: failed under ASan: $(echo $failed)"
  if [ -n "$others" ] || [ -z "$failed" ]; then echo "leaks.sh: swift test failed (exit $status)" >&2; exit 1; fi
  echo "leaks.sh: (only tests that measure time or memory, which ASan inflates)"
fi
if [ "$leaks" = 1 ]; then echo "leaks.sh: leaks reported (see above)" >&2; exit 1; fi
echo "leaks.sh: no leak outside Fuzz/lsan.supp"
