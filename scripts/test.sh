#!/usr/bin/env bash
# Sets everything up (Debian packages, venv, project) and runs every test and check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/lint-imports
.venv/bin/ruff check .
# The lower layers are typed strictly: the money and the rules are where a wrong type costs.
.venv/bin/mypy
.venv/bin/python scripts/check_sizes.py
# Bool-carrying signals (triggered/clicked/toggled) straight into a slot with a parameter.
python3 ../shared/tools/check_slots.py workbench/ui
.venv/bin/python -m pytest "$@"
