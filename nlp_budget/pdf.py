"""PDF reports are drawn with Qt (the window's report printer); Qt is imported only when one is asked for,
so that every other command starts as fast as the planner, and runs where Qt is not installed."""

from __future__ import annotations

import os


def write_pdf(path, summaries, scenarios) -> None:
    if not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # headless: no display, no window needed
    try:
        from ui.export.report import write_pdf as qt_write_pdf
    except ImportError as exc:
        raise RuntimeError(f"PDF reports need Qt (PySide6), which could not be imported ({exc}); .md and .csv "
                           "reports need nothing more") from None
    qt_write_pdf(path, summaries, scenarios)
