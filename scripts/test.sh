#!/usr/bin/env bash
# Set up, then run the architecture contract and the whole test suite (offscreen Qt).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/lint-imports
.venv/bin/python -m pytest -q
