#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png at 1366×768 on a virtual X server (Xvfb), through Qt's
# xcb platform as on a reviewer's PC. Needs what `bash scripts/setup.sh --screenshots` installs
# (Qt's xcb libraries, xvfb, xauth). There is no window manager: the windows have no title bar.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
OUT=${1:-docs/screenshots}
export QT_QPA_PLATFORM=xcb PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
exec xvfb-run -a -s "-screen 0 1366x768x24 -dpi 96" "$PY" scripts/screenshots.py "$OUT"
