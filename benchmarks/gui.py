"""Window speed and memory: prints figures (with --json, one JSON line), asserts nothing.

    python benchmarks/gui.py [--json]

edit_ms_*: 200 edits typed into the real window, timed from the edit to the charts repainted
(*_ranges: the same on a scenario with ranges, the Uncertainty histogram on screen).
startup_s: process start to the first painted planner window; bare_qt_startup_s: the same for a bare
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


def _startup(kind: str, repeat: int = 5) -> tuple[float, float]:
    times, rss = [], []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "--child", kind, repr(time.time())],
                             capture_output=True, text=True, check=True).stdout
        data = json.loads(out.strip().splitlines()[-1])
        times.append(data["startup_s"])
        rss.append(data["rss_mb"])
    return statistics.median(times), statistics.median(rss)


def _edits(n: int = 200, scenario_file: str | None = None, tab: str | None = None) -> list[float]:
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
    if tab:
        window.charts.setCurrentWidget(getattr(window, tab))
    app.processEvents()
    chart = window.charts.currentWidget()
    field = window.editor.fields["compute.count"]
    times = []
    for i in range(n):
        text = str(16 + (i % 50) * 4)
        start = time.perf_counter()
        field.setText(text)
        field.textEdited.emit(text)
        chart.repaint()
        window.results.repaint()
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    window.document.undo_stack.setClean()
    return times


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], float(sys.argv[3]))
        return
    edits = _edits()
    from importlib import resources
    ranged = str(resources.files("planner.scenarios").joinpath("decoder-7b-h100.toml"))
    edits_ranges = _edits(scenario_file=ranged, tab="uncertainty")
    startup, rss = _startup("planner")
    bare_startup, bare_rss = _startup("bare")
    figures = {
        "edit_ms_median": round(statistics.median(edits), 2),
        "edit_ms_p95": round(sorted(edits)[int(0.95 * len(edits)) - 1], 2),
        # decoder-7b-h100 has ranges: every edit re-samples the Monte Carlo shown on the Uncertainty tab
        "edit_ms_median_ranges": round(statistics.median(edits_ranges), 2),
        "edit_ms_p95_ranges": round(sorted(edits_ranges)[int(0.95 * len(edits_ranges)) - 1], 2),
        "startup_s": round(startup, 3), "bare_qt_startup_s": round(bare_startup, 3),
        "rss_mb": round(rss, 1), "bare_qt_rss_mb": round(bare_rss, 1),
    }
    if "--json" in sys.argv:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>20}: {value}")
        print("targets: median edit < 30 ms; start-up and memory < 1.5x the bare window")


if __name__ == "__main__":
    main()
