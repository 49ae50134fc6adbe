#!/usr/bin/env bash
# `dagster dev` on this checkout, with the Dagster instance (run history, schedules, sensor state) kept under
# KERNMONITOR_HOME instead of a temporary folder that disappears when dagster dev stops.
#   deploy/dagster-dev.sh              # http://127.0.0.1:3000
#   deploy/dagster-dev.sh -p 3001      # extra arguments go to dagster dev
set -euo pipefail
cd "$(dirname "$0")/.."
python="${KERNMONITOR_PYTHON:-.venv/bin/python}"
eval "$("$python" deploy/dagster_home.py)"
exec "$(dirname "$python")/dagster" dev "$@"
