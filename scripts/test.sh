#!/usr/bin/env bash
# Set up, then run the architecture contracts and the whole test suite (offscreen Qt).
# The domain's and the command line's tests run first with Qt made unimportable, which proves that
# headless use needs no window libraries; then the window's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/lint-imports
# One worker per core, a test file per worker (its module fixtures, such as the built wheel, made once).
PARALLEL=(-n auto --dist loadfile)
NLP_BUDGET_WITHOUT_QT=1 .venv/bin/python -m pytest -q -p no:pytest-qt -W ignore::pytest.PytestConfigWarning \
    "${PARALLEL[@]}" tests/planner tests/cli "$@"
.venv/bin/python -m pytest -q "${PARALLEL[@]}" tests/ui "$@"
