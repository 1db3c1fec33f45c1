"""`nlp-budget-gui [FILE] [--screenshot PNG]`: start the planner window."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


# In the order of the window's chart tabs (ui/charts/chart_tabs.py LAZY, after the iceberg).
TABS = ("iceberg", "offers", "uncertainty", "sensitivity", "memory", "buy-or-rent", "schedule")


def _parse(argv):
    parser = argparse.ArgumentParser(prog="nlp-budget-gui", description="NLP Budget Planner window")
    parser.add_argument("file", nargs="?", metavar="FILE",
                        help="scenario file to open, or a bundled scenario's name such as t5-11b "
                             "(default: the bundled bert-large)")
    parser.add_argument("--screenshot", metavar="PNG", help="render the window offscreen to PNG and exit")
    parser.add_argument("--size", default="1280x800", metavar="WxH",
                        help="window size for --screenshot, at least 800x500 (default 1280x800)")
    parser.add_argument("--tab", choices=TABS, default="iceberg",
                        help="chart shown in the screenshot")
    return parser.parse_args(argv)


def _size(text: str) -> tuple[int, int]:
    """"1024x640" -> (1024, 640); ValueError for anything else."""
    parts = text.lower().replace("×", "x").split("x")
    if len(parts) == 2 and all(p.strip().isdigit() for p in parts):
        width, height = int(parts[0]), int(parts[1])
        if 800 <= width <= 10_000 and 500 <= height <= 10_000:
            return width, height
    raise ValueError(f"--size: expected WIDTHxHEIGHT from 800x500 to 10000x10000, e.g. 1024x640; found {text!r}")


def _scenario_path(name: str | None) -> str | None:
    """FILE as given, or the bundled scenario of that name (as the command line reads FILE)."""
    if name is None or Path(name).exists():
        return name
    from nlp_budget.bundled import bundled_scenarios
    return bundled_scenarios().get(name.removesuffix(".toml"), name)


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    try:
        args.size = _size(args.size)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)   # one line, before any window is made
        return 2
    if args.screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # an empty value aborts Qt, so set it outright
    from PySide6 import QtWidgets  # PySide6 before pyqtgraph, so pyqtgraph binds to it

    import planner

    from ui.defaults import default_path
    from ui.document import ScenarioDocument
    from ui.main_window import MainWindow
    from ui.dialogs import messages as dialogs

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("NLP Budget Planner")
    app.setOrganizationName("nlp-budget-planner")
    catalogs = planner.load_catalogs()
    path, error = _scenario_path(args.file), None
    try:   # a file the planner refuses, or one the engine cannot compute (ui.document.EditRefused)
        document = ScenarioDocument(planner.load(path or default_path(), catalogs), catalogs,
                                    Path(path) if path else None)
    except ValueError as exc:
        if args.screenshot:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        error = str(exc)
        document = ScenarioDocument(planner.load(default_path(), catalogs), catalogs)
    window = MainWindow(document)
    if args.screenshot:
        return _screenshot(app, window, args)
    window.show()
    if error:
        dialogs.show_error(window, "Could not open the scenario", error)
    return app.exec()


def _screenshot(app, window, args) -> int:
    window.resize(*args.size)
    window.charts.setCurrentIndex(TABS.index(args.tab))
    window.show()
    for _ in range(5):
        app.processEvents()
    image = window.grab()
    if not image.save(args.screenshot):
        print(f"error: could not write {args.screenshot}", file=sys.stderr)
        return 2
    window.document.undo_stack.setClean()
    window.remember_geometry = False   # a render is not the user's window: leave their settings alone
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
