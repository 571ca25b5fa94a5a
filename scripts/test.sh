#!/usr/bin/env bash
# Sets everything up (Debian packages, venv, project) and runs every test and check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
