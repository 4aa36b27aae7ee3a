#!/usr/bin/env bash
# Make sure the Debian/Ubuntu packages a command needs are present.
#
#   scripts/system-deps.sh run    the window: Qt's xcb libraries, fonts, EGL
#   scripts/system-deps.sh test   offscreen Qt and fonts (required); Xvfb, Chromium, Inkscape
#                                 and the xcb libraries for window, browser and SVG tests
#                                 (optional)
#   scripts/system-deps.sh dist   what building the packaged app needs
#
# As root it installs what is missing with apt-get. Otherwise it prints the exact
# `apt-get install` line: required packages stop the command, optional ones only skip the
# tests that need them.
set -euo pipefail

mode=${1:-test}

# The fonts every script's names are drawn with (desktop/render/fonts.py), all under free
# licences (SIL OFL 1.1, Bitstream Vera): DejaVu Sans for Latin, Greek and Cyrillic, the
# UI variant of Noto Sans Arabic, Noto Sans CJK. The packaged app carries copies.
fonts=(fonts-dejavu-core fonts-noto-ui-core fonts-noto-cjk)

python_venv=()
# Debian's own python3 needs python3-venv for `python -m venv`; other Pythons carry ensurepip.
if ! "${PYTHON:-python3}" -c 'import ensurepip' >/dev/null 2>&1; then
  python_venv=(python3-venv)
fi

qt_offscreen=(libgl1 libegl1 libopengl0 libfontconfig1 libfreetype6 libxkbcommon0
  libglib2.0-0 libdbus-1-3 "${fonts[@]}")
qt_window=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1 libxkbcommon-x11-0)
# npm fetches axe-core, which checks the HTML export's accessibility in Chromium.
browser=(chromium npm)
# Reads exported PowerPoint slides back the way a briefer opens them (PDF and PNG).
office=(libreoffice-impress)
screen=(xvfb xauth xdotool)
# Renders exported SVGs the way a designer opens them (the SVG-vs-PNG test).
designer=(inkscape)
# Validates the packaged app's .desktop entry as freedesktop.org menus read it.
desktop_entry=(desktop-file-utils)

case "$mode" in
  run) required=("${python_venv[@]}" "${qt_offscreen[@]}" "${qt_window[@]}"); optional=() ;;
  test) required=("${python_venv[@]}" "${qt_offscreen[@]}")
        optional=("${qt_window[@]}" "${browser[@]}" "${screen[@]}" "${designer[@]}" "${office[@]}"
                 "${desktop_entry[@]}") ;;
  dist) required=("${python_venv[@]}" "${qt_offscreen[@]}" binutils); optional=() ;;
  *) echo "usage: $0 run|test|dist" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "note: not a Debian-like system; make sure Qt's libraries (xcb, EGL, fontconfig) are installed." >&2
  exit 0
fi

# A tool may come from elsewhere than Debian's package of that name: Node.js's own packages
# carry npm, and Debian's npm cannot be installed beside them.
provided() {
  case "$1" in
    npm) command -v npm >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

missing() {
  local p
  for p in "$@"; do
    provided "$p" && continue
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

mapfile -t need < <(missing "${required[@]}")
mapfile -t want < <(missing "${optional[@]}")

if [ ${#need[@]} -eq 0 ] && [ ${#want[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" = 0 ]; then
  echo "installing system packages: ${need[*]} ${want[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  if [ ${#need[@]} -gt 0 ]; then
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  # Optional packages only enable some tests: one that cannot be installed here skips them.
  if [ ${#want[@]} -gt 0 ] &&
    ! apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null; then
    echo "note: could not install all of: ${want[*]}; the tests that need them will be skipped" >&2
  fi
  exit 0
fi

if [ ${#want[@]} -gt 0 ]; then
  echo "note: window, browser and Inkscape tests will be skipped; to run them:" >&2
  echo "  sudo apt-get install -y ${want[*]}" >&2
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Coalition Atlas needs system packages that are not installed. Run:" >&2
  echo "  sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
