#!/usr/bin/env bash
# Installs the bundle into /opt/guangming-workbench (or $PREFIX) with a menu entry.
# Qt needs libgl1 libegl1 libxkbcommon-x11-0 libxcb-cursor0 and a Chinese font on the PC.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${PREFIX:-/opt/guangming-workbench}"
mkdir -p "$prefix"
cp -r "$here/app/." "$prefix/"
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
[ "$(id -u)" -eq 0 ] && apps=/usr/share/applications
mkdir -p "$apps"
sed "s#@PREFIX@#$prefix#g" "$here/guangming-workbench.desktop" > "$apps/guangming-workbench.desktop"
echo "已安装到 $prefix"
