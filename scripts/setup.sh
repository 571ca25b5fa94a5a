#!/usr/bin/env bash
# Sets up everything the workbench needs on a fresh Debian machine: the few Debian
# packages Qt, fonts and PDF checks need, then a virtual environment with the project.
# Safe to run again; it only installs what is missing. `--desktop` adds what a real window on
# X11 needs (Qt's xcb plugin); the tests run offscreen and do without.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS="libglib2.0-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 fonts-wqy-microhei poppler-utils libnss3-tools"
# Office mode's tests run on a real PostgreSQL server (scripts/pg_cluster.sh starts a throwaway one).
[ "${1:-}" = "--desktop" ] || DEBS="$DEBS postgresql"
if [ "${1:-}" = "--desktop" ] || [ "${1:-}" = "--screenshots" ]; then
  DEBS="$DEBS libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1"
fi
# scripts/screenshots.sh: a virtual X server at 1366×768.
[ "${1:-}" = "--screenshots" ] && DEBS="$DEBS xvfb xauth"
PY=${PYTHON:-python3}
# Debian's own python3 needs python3-venv for `-m venv` (ensurepip); other Pythons bring it.
"$PY" -c "import ensurepip, venv" 2>/dev/null || DEBS="$DEBS python3-venv"
missing=""
for p in $DEBS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "安装 Debian 软件包:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  touch "$stamp"
fi

# Packaging checks (opt-in: WORKBENCH_PACKAGING=1): objdump and gcc for the glibc-floor tests,
# debootstrap for the Debian 11 build root, npm and 32-bit wine to compile the Inno Setup script
# (tests/installer skip what is missing).
if [ "${WORKBENCH_PACKAGING:-}" = "1" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  dpkg --print-foreign-architectures | grep -qx i386 || { $SUDO dpkg --add-architecture i386; $SUDO apt-get update -qq; }
  pk=""
  for p in binutils gcc debootstrap wine wine64 wine32:i386; do
    dpkg -s "$p" >/dev/null 2>&1 || pk="$pk $p"
  done
  command -v npm >/dev/null || pk="$pk npm"
  [ -z "$pk" ] || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $pk >/dev/null
  .venv/bin/python -m pip install -q -e ".[dev,installer]"
fi
