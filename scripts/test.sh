#!/usr/bin/env bash
# Sets everything up (Debian packages, venv, project) and runs every test and check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/lint-imports
# Bool-carrying signals (triggered/clicked/toggled) straight into a slot with a parameter.
python3 ../shared/tools/check_slots.py workbench/ui
.venv/bin/python -m pytest "$@"
