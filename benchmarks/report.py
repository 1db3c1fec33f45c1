"""Report speed: prints the time to write a 10-scenario comparison PDF (target under 2 s).

    python benchmarks/report.py
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from importlib import resources

if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6 import QtWidgets  # noqa: E402  (before pyqtgraph, through ui)

import planner  # noqa: E402
from ui.report import write_pdf  # noqa: E402


def main() -> None:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    folder = resources.files("planner.scenarios")
    paths = sorted(str(p) for p in folder.iterdir() if p.name.endswith(".toml"))
    paths = (paths * 2)[:10]
    catalogs = planner.load_catalogs()
    scenarios = [planner.load(p, catalogs) for p in paths]
    summaries = [planner.summarize(s, catalogs) for s in scenarios]
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(3):
            start = time.perf_counter()
            write_pdf(os.path.join(tmp, f"compare-{i}.pdf"), summaries, scenarios)
            times.append(time.perf_counter() - start)
        size = os.path.getsize(os.path.join(tmp, "compare-0.pdf"))
    print(f"10-scenario comparison PDF: median {statistics.median(times):.2f} s over 3 runs "
          f"(min {min(times):.2f} s, {size / 1024:,.0f} KiB) (target < 2 s)")
    del app


if __name__ == "__main__":
    main()
