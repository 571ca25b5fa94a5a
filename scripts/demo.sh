#!/usr/bin/env bash
# Sets everything up and starts the workbench on a freshly generated demo store.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --desktop
.venv/bin/python -m workbench --db demo/demo.sqlite demo demo
exec .venv/bin/python -m workbench --db demo/demo.sqlite
