#!/usr/bin/env bash
# Set up, then start the planner on its default scenario (or on the files given).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/nlp-budget-gui "$@"
