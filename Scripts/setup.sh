#!/usr/bin/env bash
# Installs what Kiosk needs from Debian 12 that a machine with the Swift toolchain may lack:
# SDL2 with SDL_ttf and SDL_image, libjpeg-turbo (photos' scaled decode), fontconfig, utf8proc
# (Unicode's NFC and NFD), fonts with full Vietnamese coverage, tzdata (the kiosk reads the zone
# files itself, ZoneRules), and Xvfb/ImageMagick for screenshots and
# the resource measurements, xdotool to drive a window under Xvfb, and systemd for
# systemd-analyze, which the tests run on the unit in systemd/ (a container may lack it), faketime
# (libfaketime) for the clock-jump test and valgrind for Scripts/soak.sh --valgrind.
# Runs apt-get only for what is missing, so a second run is quick and needs no network.
set -euo pipefail
packages=(libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libjpeg-dev libfontconfig-dev libutf8proc-dev fontconfig
          fonts-noto-core fonts-dejavu-core tzdata pkg-config xvfb xauth imagemagick python3
          xdotool systemd faketime valgrind)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: the Swift toolchain is not on PATH (see swift.org/install)" >&2; exit 1; }
