"""Window speed and memory: prints figures (with --json, one JSON line), asserts nothing.

    python benchmarks/gui.py [--json] [--edits N]

edit_ms_*: edits typed into the real window's fields (the training length, the accelerator count and
the throughput value, each edit a whole new text as a keystroke leaves it), timed from the edit until
the event queue is drained: every widget the edit marked dirty has repainted, as on a user's screen.
Each edit that changed the project's total cost is checked to have repainted the chart on screen
(missed_redraws counts those that did not: 0, or the figure is void; an edit that leaves the cost as
it was, such as the count under a utilization, changes only the wall-clock and the charts show
cost), on each of the four
chart tabs in turn. Debouncing cannot hide work
from this: the timer stops only once everything the edit triggered has been drawn.
  edit_ms_median / _p95: the default scenario (bert-large: steps, measured hours, no ranges);
  edit_ms_median_ranges / _p95_ranges: decoder-7b-h100 (tokens, a utilization range: Monte Carlo);
  by_tab_ranges / by_field_ranges: medians of the latter split by tab and by field;
  *_full_repaint: the same edits timed to a forced repaint of the WHOLE window (window.repaint()),
  editor and all: a stricter figure than any real edit needs.
startup_s: process start to the first painted planner window (median of 7, started in turn with the
bare window); bare_qt_startup_s: the same for a bare
PySide6 + pyqtgraph window with one plot. rss_mb / bare_qt_rss_mb: resident memory after start-up.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ["QT_QPA_PLATFORM"]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _child(kind: str, started: float) -> None:
    """Runs in a fresh process: build the window, wait for its first paint, report."""
    from PySide6 import QtCore, QtWidgets
    import pyqtgraph as pg

    app = QtWidgets.QApplication([])
    if kind == "planner":
        import planner
        from ui.defaults import default_path
        from ui.document import ScenarioDocument
        from ui.main_window import MainWindow
        catalogs = planner.load_catalogs()
        window = MainWindow(ScenarioDocument(planner.load(default_path(), catalogs), catalogs))
    else:
        window = QtWidgets.QMainWindow()
        plot = pg.PlotWidget()
        plot.plot([1, 2, 3], [3, 1, 2])
        window.setCentralWidget(plot)
    window.resize(1280, 800)

    painted = []

    class FirstPaint(QtCore.QObject):
        # Watches the whole application: the first paint of any widget in the window ends start-up.
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QtCore.QEvent.Paint and isinstance(obj, QtWidgets.QWidget) \
                    and obj.window() is window:
                painted.append(time.time())
            return False

    probe = FirstPaint()
    app.installEventFilter(probe)
    window.show()
    deadline = time.time() + 30
    while not painted and time.time() < deadline:
        app.processEvents(QtCore.QEventLoop.AllEvents, 50)
    app.removeEventFilter(probe)
    elapsed = (painted[0] if painted else float("nan")) - started
    print(json.dumps({"startup_s": elapsed, "rss_mb": _rss_mb()}))
    if kind == "planner":
        window.document.undo_stack.setClean()


def _startups(repeat: int = 7) -> dict[str, tuple[float, float]]:
    """{kind: (median start-up s, median RSS MB)} for the planner and the bare window, started in
    turn (planner, bare, planner, ...) so that a change in the machine's load weighs on both alike."""
    runs: dict[str, list[dict]] = {"planner": [], "bare": []}
    for _ in range(repeat):
        for kind in runs:
            out = subprocess.run([sys.executable, __file__, "--child", kind, repr(time.time())],
                                 capture_output=True, text=True, check=True).stdout
            runs[kind].append(json.loads(out.strip().splitlines()[-1]))
    return {kind: (statistics.median(r["startup_s"] for r in data), statistics.median(r["rss_mb"] for r in data))
            for kind, data in runs.items()}


TABS = ("iceberg", "options_chart", "uncertainty", "tornado")


def _text_for(field, i: int) -> str:
    """A valid new text for the field at edit i: every edit changes the scenario."""
    key = field.key
    if key == "count":
        return str(16 + (i % 50) * 4)
    if key == "tokens":
        return f"{1 + (i % 9) * 0.25:g}T"
    if key == "steps":
        return f"{500 + (i % 9) * 100}k"
    if key == "utilization":
        return f"0.{30 + i % 10}-0.{45 + i % 10}"
    if key == "hours":
        return str(80 + i % 40)
    raise ValueError(key)


def _paint_counter(widget):
    """An event filter counting paint events of `widget` and every widget inside it (a pyqtgraph
    chart paints through its viewport, a child widget)."""
    from PySide6 import QtCore, QtWidgets

    class Counter(QtCore.QObject):
        count = 0

        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if event.type() == QtCore.QEvent.Type.Paint:
                self.count += 1
            return False

    counter = Counter()
    for target in [widget, *widget.findChildren(QtWidgets.QWidget)]:
        target.installEventFilter(counter)
    return counter


def _edits(n: int, scenario_file: str | None = None, full_repaint: bool = False):
    """({(tab, field): [ms per edit]}, missed redraws): n edits per field on every tab."""
    from PySide6 import QtWidgets

    import planner
    from ui.defaults import default_path
    from ui.document import ScenarioDocument
    from ui.main_window import MainWindow

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    catalogs = planner.load_catalogs()
    window = MainWindow(ScenarioDocument(planner.load(scenario_file or default_path(), catalogs), catalogs))
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    editor = window.editor
    length = "training.steps" if window.document.scenario.training.steps is not None else "training.tokens"
    fields = [editor.fields[length], editor.fields["compute.count"], editor.throughput]
    times: dict[tuple[str, str], list[float]] = {}
    missed = 0
    for tab in TABS:
        chart = getattr(window, tab)
        window.charts.setCurrentWidget(chart)
        app.processEvents()
        window.repaint()
        painted = _paint_counter(chart)
        for field in fields:
            out = times[tab, field.key] = []
            for i in range(n):
                text = _text_for(field, i + 1)
                before, cost = painted.count, window.document.summary["total"]["cost"]
                start = time.perf_counter()
                field.setText(text)
                field.textEdited.emit(text)   # what a keystroke sends
                if full_repaint:
                    window.repaint()          # the whole window, synchronously
                app.processEvents()           # what the edit posted: layouts, deferred updates, paints
                app.processEvents()           # and what those posted in turn
                out.append((time.perf_counter() - start) * 1000)
                missed += painted.count == before and window.document.summary["total"]["cost"] != cost
                window.document.end_merge()   # every edit its own step, as typing in separate sessions
    window.document.undo_stack.setClean()
    window.remember_geometry = False   # a benchmark is not the user's window
    window.close()
    return times, missed


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(0.95 * len(values)) - 1)]


def _split(times: dict, part: int) -> dict[str, float]:
    groups: dict[str, list[float]] = {}
    for key, values in times.items():
        groups.setdefault(key[part], []).extend(values)
    return {name: round(statistics.median(v), 2) for name, v in groups.items()}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], float(sys.argv[3]))
        return
    n = int(sys.argv[sys.argv.index("--edits") + 1]) if "--edits" in sys.argv else 40
    from importlib import resources
    ranged = str(resources.files("planner.scenarios").joinpath("decoder-7b-h100.toml"))
    plain, missed_plain = _edits(n)
    ranges, missed_ranges = _edits(n, ranged)
    full, _ = _edits(n, full_repaint=True)
    full_ranges, _ = _edits(n, ranged, full_repaint=True)
    all_plain = [t for v in plain.values() for t in v]
    all_ranges = [t for v in ranges.values() for t in v]
    started = _startups()
    (startup, rss), (bare_startup, bare_rss) = started["planner"], started["bare"]
    figures = {
        "edit_ms_median": round(statistics.median(all_plain), 2),
        "edit_ms_p95": round(_p95(all_plain), 2),
        "edit_ms_median_ranges": round(statistics.median(all_ranges), 2),
        "edit_ms_p95_ranges": round(_p95(all_ranges), 2),
        "by_tab_ranges": _split(ranges, 0), "by_field_ranges": _split(ranges, 1),
        "by_tab": _split(plain, 0),
        "missed_redraws": missed_plain + missed_ranges,
        "edit_ms_median_full_repaint": round(statistics.median([t for v in full.values() for t in v]), 2),
        "edit_ms_median_ranges_full_repaint":
            round(statistics.median([t for v in full_ranges.values() for t in v]), 2),
        "startup_s": round(startup, 3), "bare_qt_startup_s": round(bare_startup, 3),
        "rss_mb": round(rss, 1), "bare_qt_rss_mb": round(bare_rss, 1),
    }
    if "--json" in sys.argv:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>22}: {value}")
        print("targets: median edit < 30 ms; start-up and memory < 1.5x the bare window")


if __name__ == "__main__":
    main()
