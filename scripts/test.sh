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
# (The lint ships with the bureau's shared tools beside the checkout; a clone elsewhere says so.)
if [ -f ../shared/tools/check_slots.py ]; then
  python3 ../shared/tools/check_slots.py workbench/ui
else
  echo "槽函数检查已跳过：未找到 ../shared/tools/check_slots.py" >&2
fi
# Office mode: the store, review and command-line tests also run on a throwaway PostgreSQL
# cluster (a Unix socket in a temporary folder, stopped and removed at the end).
if [ -z "${WORKBENCH_TEST_PG:-}" ]; then
  pgdir=$(mktemp -d /tmp/workbench-pg.XXXXXX)
  trap 'bash scripts/pg_cluster.sh stop "$pgdir"' EXIT
  WORKBENCH_TEST_PG=$(bash scripts/pg_cluster.sh start "$pgdir")
  export WORKBENCH_TEST_PG
fi
.venv/bin/python -m pytest "$@"
