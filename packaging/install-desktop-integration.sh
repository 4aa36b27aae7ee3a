#!/usr/bin/env sh
# Install Coalition Atlas into the desktop of the current user (Linux, freedesktop.org):
# the menu entry, the icon in every size, and the dataset file type, so that a double-click
# on a dataset opens it in the app.
#
#   packaging/install-desktop-integration.sh [EXECUTABLE]
#   packaging/install-desktop-integration.sh --uninstall
#
# EXECUTABLE is the app to start (default: dist/coalition-atlas/coalition-atlas if it was
# built, else the coalition-atlas on PATH). Everything goes under ${XDG_DATA_HOME:-~/.local/share};
# nothing needs root. xdg-mime, update-mime-database, update-desktop-database and
# gtk-update-icon-cache are used when present, so menus notice the change at once.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps=$data/applications
icons=$data/icons/hicolor
mime=$data/mime
sizes="16 24 32 48 64 128 256 512"
mimetype=application/x-coalition-atlas+yaml

refresh() {
  if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$mime"; fi
  if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database "$apps" || true; fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t "$icons" || true; fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$apps/coalition-atlas.desktop" "$mime/packages/coalition-atlas-mime.xml"
  for size in $sizes; do rm -f "$icons/${size}x${size}/apps/coalition-atlas.png"; done
  rm -f "$icons/scalable/apps/coalition-atlas.svg"
  refresh
  echo "removed Coalition Atlas from $data"
  exit 0
fi

exe=${1:-}
if [ -z "$exe" ]; then
  if [ -x "$root/dist/coalition-atlas/coalition-atlas" ]; then
    exe=$root/dist/coalition-atlas/coalition-atlas
  else
    exe=$(command -v coalition-atlas || true)
  fi
fi
if [ -z "$exe" ] || [ ! -x "$exe" ]; then
  echo "no coalition-atlas executable found: build it (make dist) or name it: $0 /path/to/coalition-atlas" >&2
  exit 1
fi
exe=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")

mkdir -p "$apps" "$mime/packages" "$icons/scalable/apps"
for size in $sizes; do
  mkdir -p "$icons/${size}x${size}/apps"
  cp "$root/resources/icons/coalition-atlas-$size.png" "$icons/${size}x${size}/apps/coalition-atlas.png"
done
cp "$root/resources/icons/coalition-atlas.svg" "$icons/scalable/apps/coalition-atlas.svg"
cp "$here/coalition-atlas-mime.xml" "$mime/packages/coalition-atlas-mime.xml"

# The menu entry starts this executable by its full path (quoted for spaces), so it works
# whether or not its folder is on PATH; TryExec is dropped for the same reason.
# Desktop-entry quoting first (\ " ` $ escaped, % doubled), then escaping for sed.
quoted=$(printf '%s' "$exe" | sed -e 's/[\\"`$]/\\&/g' -e 's/%/%%/g')
replacement=$(printf '%s' "$quoted" | sed 's/[\\&|]/\\&/g')
sed -e "s|^Exec=.*|Exec=\"$replacement\" %f|" -e '/^TryExec=/d' \
  "$here/coalition-atlas.desktop" >"$apps/coalition-atlas.desktop"
chmod 644 "$apps/coalition-atlas.desktop"

refresh
if command -v xdg-mime >/dev/null 2>&1; then
  xdg-mime default coalition-atlas.desktop "$mimetype" || true
fi
echo "installed Coalition Atlas into $data (starts $exe)"
