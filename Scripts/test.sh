#!/usr/bin/env bash
# One command for the test suite: install what is missing, build, and run every test target.
# No display is needed: golden frames use SDL's software renderer on a surface and the
# end-to-end tests run the real binary with SDL's offscreen video driver.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build --build-tests
swift test --skip-build "$@"
