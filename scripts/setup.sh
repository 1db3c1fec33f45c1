#!/usr/bin/env bash
# Create .venv and install the planner with its test extras, only when needed: when .venv is missing or
# pyproject.toml changed since the last install (a stamp holds its hash). Otherwise nothing is run, so
# scripts/run.sh and scripts/test.sh start at once and work with no network after the first set-up.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
STAMP=.venv/.installed-pyproject
wanted=$("$PY" -c 'import hashlib,sys; print(hashlib.sha256(open("pyproject.toml","rb").read()).hexdigest())')
if [ -x .venv/bin/python ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ]; then
    exit 0
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[gui,test]"
echo "$wanted" > "$STAMP"
