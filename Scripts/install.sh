#!/usr/bin/env bash
# Installs Kiosk as a system service on a Debian 12 / Raspberry Pi OS machine: the binary, the
# demo data, the systemd unit with its sysusers.d and tmpfiles.d files, a data folder /srv/kiosk
# seeded from the demo data if there is none yet, and (with --lock-down) the settings that keep
# a visitor from leaving the screen. Safe to run again: it replaces what it installed and never
# touches an existing data folder.
#
#   Scripts/install.sh [--prefix DIR] [--destdir DIR] [--binary PATH] [--lock-down]
#
# Run it as a user who may sudo (or as root): it builds as that user and asks sudo only for the
# steps that change the system. With --destdir nothing on the system is touched.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'EOF'
usage: Scripts/install.sh [--prefix DIR] [--destdir DIR] [--binary PATH] [--lock-down]
  --prefix DIR   where the binary and demo data go (default /usr/local: DIR/bin/kiosk,
                 DIR/share/kiosk/demo)
  --destdir DIR  stage every file under DIR instead of installing it: no sudo, no systemctl,
                 no systemd-sysusers/-tmpfiles, nothing outside DIR is changed
  --binary PATH  install this kiosk binary instead of building one
  --lock-down    also install the lock-down settings (no SysRq, power/suspend keys ignored,
                 no getty on other VTs, no Ctrl+Alt+Del reboot) and mask getty@tty1,
                 autovt@tty1 and ctrl-alt-del.target
EOF
}

prefix=/usr/local
destdir=""
binary=""
lockdown=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix)    [ $# -ge 2 ] || { usage >&2; exit 2; }; prefix=$2; shift 2 ;;
    --prefix=*)  prefix=${1#*=}; shift ;;
    --destdir)   [ $# -ge 2 ] || { usage >&2; exit 2; }; destdir=$2; shift 2 ;;
    --destdir=*) destdir=${1#*=}; shift ;;
    --binary)    [ $# -ge 2 ] || { usage >&2; exit 2; }; binary=$2; shift 2 ;;
    --binary=*)  binary=${1#*=}; shift ;;
    --lock-down) lockdown=1; shift ;;
    -h|--help)   usage; exit 0 ;;
    *) echo "install: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

say() { echo "install: $*" >&2; }
die() { echo "install: error: $*" >&2; exit 1; }

case "$prefix" in /*) ;; *) die "--prefix must be an absolute path, not $prefix" ;; esac
prefix=${prefix%/}
if [ -n "$binary" ]; then
  [ -f "$binary" ] && [ -x "$binary" ] || die "--binary $binary is not an executable file"
fi
if [ -n "$destdir" ]; then
  mkdir -p "$destdir"
  destdir=$(cd "$destdir" && pwd)
  [ "$destdir" != / ] || die "--destdir / is the system itself; leave --destdir out to install"
fi

# Privileged steps: as root directly, else through sudo; when staging, as the caller.
sudo=""
if [ -z "$destdir" ] && [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "installing needs root: run as root or install sudo"
  sudo="sudo"
fi
as_root() { $sudo "$@"; }

# Where systemd reads what we install. systemd 252 reads units from /usr/local/lib/systemd/system
# and /usr/lib/systemd/system, and sysusers.d/tmpfiles.d files from /usr/local/lib/ and /usr/lib/
# as well as /etc/ (systemd.unit(5), sysusers.d(5), tmpfiles.d(5)). A prefix elsewhere (/opt/…)
# has no such directory, so its files go to /etc.
case "$prefix" in
  /usr/local|/usr) unitdir=$prefix/lib/systemd/system; sysusersdir=$prefix/lib/sysusers.d; tmpfilesdir=$prefix/lib/tmpfiles.d ;;
  *)               unitdir=/etc/systemd/system; sysusersdir=/etc/sysusers.d; tmpfilesdir=/etc/tmpfiles.d ;;
esac
datadir=/srv/kiosk     # KIOSK_DATA in systemd/kiosk.service
D=$destdir             # prepended to every path written

# 1. Debian packages and the binary. Building needs Scripts/setup.sh's packages and the Swift
#    toolchain; installing a binary built elsewhere (--binary, e.g. on a board without Swift)
#    needs only what it runs with. Staging with a given binary needs neither.
if [ -z "$binary" ]; then
  Scripts/setup.sh
fi
if [ -z "$destdir" ]; then
  # What kiosk runs with: the libraries it links (SDL2, SDL_ttf, SDL_image, fontconfig,
  # libjpeg-turbo, utf8proc), the fonts and time zones setup.sh names, and what a screen without a desktop
  # needs besides: SDL loads EGL, GLES and GBM itself (dlopen) and does not depend on them, and
  # Mesa's DRI drivers (vc4/v3d on a Pi) do the drawing.
  runtime=(libsdl2-2.0-0 libsdl2-ttf-2.0-0 libsdl2-image-2.0-0 libfontconfig1 libjpeg62-turbo libutf8proc2 fontconfig
           fonts-noto-core fonts-dejavu-core tzdata libegl1 libgles2 libgbm1 libgl1-mesa-dri libudev1)
  missing=()
  for p in "${runtime[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
if [ -z "$binary" ]; then
  # --static-swift-stdlib: the kiosk user has no Swift toolchain on its library path, so the
  # Swift runtime and FoundationEssentials are linked into the binary (only Debian's libraries are shared).
  say "building the release binary (the first build takes a few minutes)"
  swift build -c release --static-swift-stdlib --product kiosk
  binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/kiosk"
  [ -x "$binary" ] || die "the build did not produce $binary"
fi

# 2. Files. Each is written beside its place and renamed into it, so a running kiosk (or a
#    reader) never sees half a file and "Text file busy" cannot happen.
put() {  # put MODE SOURCE TARGET
  local mode=$1 source=$2 target=$D$3
  as_root mkdir -p "$(dirname "$target")"
  as_root install -m "$mode" "$source" "$target.new"
  as_root mv -f "$target.new" "$target"
  say "  $3"
}
say "installing into ${destdir:-the system} (prefix $prefix)"
put 0755 "$binary" "$prefix/bin/kiosk"

# The demo data is ours: replaced whole, so files dropped from it disappear here too.
demo=$D$prefix/share/kiosk/demo
as_root mkdir -p "$(dirname "$demo")"
as_root rm -rf "$demo.new"
as_root cp -R Assets/demo "$demo.new"
as_root chmod -R u=rwX,go=rX "$demo.new"
as_root rm -rf "$demo"
as_root mv "$demo.new" "$demo"
say "  $prefix/share/kiosk/demo/"
put 0644 README.md "$prefix/share/doc/kiosk/README.md"

# The unit names /usr/local in ExecStart= and Documentation=; another prefix is written in.
unit_tmp=$(mktemp)
trap 'rm -f "$unit_tmp"' EXIT
sed -e "s#/usr/local/#$prefix/#g" systemd/kiosk.service > "$unit_tmp"
put 0644 "$unit_tmp" "$unitdir/kiosk.service"
put 0644 systemd/kiosk.sysusers "$sysusersdir/kiosk.conf"
put 0644 systemd/kiosk.tmpfiles "$tmpfilesdir/kiosk.conf"

if [ $lockdown -eq 1 ]; then
  put 0644 systemd/lockdown/sysctl.d/90-kiosk-lockdown.conf /etc/sysctl.d/90-kiosk-lockdown.conf
  put 0644 systemd/lockdown/logind.conf.d/90-kiosk-lockdown.conf /etc/systemd/logind.conf.d/90-kiosk-lockdown.conf
  put 0644 systemd/lockdown/system.conf.d/90-kiosk-lockdown.conf /etc/systemd/system.conf.d/90-kiosk-lockdown.conf
fi

# 3. The kiosk user and its groups (before the data folder, which belongs to kiosk-data).
if [ -z "$destdir" ]; then
  say "creating the kiosk user and groups (systemd-sysusers)"
  as_root systemd-sysusers "$sysusersdir/kiosk.conf"
fi

# 4. The data folder: seeded from the demo data only if nothing is there yet (not even a
#    symbolic link or a mount point); staff's data is never overwritten.
if [ -e "$D$datadir" ] || [ -L "$D$datadir" ]; then
  say "keeping the existing data folder $datadir"
else
  say "creating the data folder $datadir from the demo data"
  as_root mkdir -p "$(dirname "$D$datadir")"
  as_root rm -rf "$D$datadir.new"
  as_root cp -R Assets/demo "$D$datadir.new"
  # Staff (group kiosk-data) may change everything; kiosk and everyone else may read.
  as_root find "$D$datadir.new" -type d -exec chmod 2775 {} +
  as_root find "$D$datadir.new" -type f -exec chmod 0664 {} +
  if [ -z "$destdir" ]; then
    as_root chown -R root:kiosk-data "$D$datadir.new"
  fi
  as_root mv "$D$datadir.new" "$D$datadir"
fi

# 5. Lock-down masks: getty@tty1 (and logind's autovt@tty1) would fight kiosk for tty1,
#    ctrl-alt-del.target reboots on Ctrl+Alt+Del. Masking is a link to /dev/null in /etc.
if [ $lockdown -eq 1 ]; then
  masks=(getty@tty1.service autovt@tty1.service ctrl-alt-del.target)
  if [ -n "$destdir" ]; then
    mkdir -p "$D/etc/systemd/system"
    for m in "${masks[@]}"; do ln -sfn /dev/null "$D/etc/systemd/system/$m"; done
  else
    as_root systemctl mask "${masks[@]}"
  fi
  say "  masked ${masks[*]}"
fi

# 6. Tell systemd. Without systemd as PID 1 (a container, a chroot) there is nothing to reload;
#    enabling still creates the link that starts kiosk at the next boot.
if [ -n "$destdir" ]; then
  say "staged under $destdir (nothing on this system was changed)"
  exit 0
fi
as_root systemd-tmpfiles --create "$tmpfilesdir/kiosk.conf"
if [ $lockdown -eq 1 ]; then
  # systemd-sysctl is not on PATH in Debian; it lives with systemd's other helpers.
  applied=0
  for tool in /usr/lib/systemd/systemd-sysctl /lib/systemd/systemd-sysctl; do
    if [ -x "$tool" ]; then
      as_root "$tool" /etc/sysctl.d/90-kiosk-lockdown.conf && applied=1
      break
    fi
  done
  [ $applied -eq 1 ] || say "warning: could not apply kernel.sysrq=0 now; it applies at the next boot"
fi
if [ -d /run/systemd/system ]; then
  as_root systemctl daemon-reload
  as_root systemctl enable kiosk.service
  # An upgrade takes effect at once if kiosk is running; a first install waits for the reboot.
  as_root systemctl try-restart kiosk.service
else
  as_root systemctl enable kiosk.service
  say "warning: systemd is not running here; kiosk starts when this system boots with systemd"
fi
say "done. Start it with 'sudo systemctl start kiosk' or reboot; see 'systemctl status kiosk'."
if [ $lockdown -eq 1 ]; then
  say "the logind and Ctrl+Alt+Del settings take effect at the next boot"
fi
