"""The `nlp-budget` console command: planner's command line, plus PDF reports drawn with Qt.

Qt is imported only when a PDF is asked for, so `summary` and `compare` start as fast as planner's.
"""

from __future__ import annotations

import os
import sys


def _write_pdf(path, summaries, scenarios):
    if not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # headless: no display, no window needed
    from .report import write_pdf
    write_pdf(path, summaries, scenarios)


def main(argv: list[str] | None = None) -> int:
    from planner.cli import main as planner_main
    return planner_main(sys.argv[1:] if argv is None else argv, pdf_writer=_write_pdf)


if __name__ == "__main__":
    raise SystemExit(main())
