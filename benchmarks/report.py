"""Report speed, for a 10-scenario comparison (target under 2 s for each figure):

- the PDF alone: write_pdf on summaries already computed, in this process (median of 3);
- the whole command: `nlp-budget report ten files -o out.pdf` in a fresh process, as a user runs it
  (loading, summarising with Monte Carlo, Qt start-up and the PDF; median of 3).

    python benchmarks/report.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources

if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6 import QtWidgets  # noqa: E402  (before pyqtgraph, through ui)

import planner  # noqa: E402
from ui.export.report import write_pdf

RUNS = 3


def ten_paths() -> list[str]:
    folder = resources.files("planner.scenarios")
    paths = sorted(str(p) for p in folder.iterdir() if p.name.endswith(".toml"))
    return (paths * 2)[:10]


def time_pdf(paths: list[str], folder: str) -> tuple[list[float], int]:
    catalogs = planner.load_catalogs()
    scenarios = [planner.load(p, catalogs) for p in paths]
    summaries = [planner.summarize(s, catalogs) for s in scenarios]
    times = []
    for i in range(RUNS):
        start = time.perf_counter()
        write_pdf(os.path.join(folder, f"compare-{i}.pdf"), summaries, scenarios)
        times.append(time.perf_counter() - start)
    return times, os.path.getsize(os.path.join(folder, "compare-0.pdf"))


def time_command(paths: list[str], folder: str) -> list[float]:
    exe = shutil.which("nlp-budget", path=os.path.dirname(sys.executable))
    command = [exe, "report", *paths, "-o", os.path.join(folder, "command.pdf")] if exe else \
        [sys.executable, "-m", "nlp_budget", "report", *paths, "-o", os.path.join(folder, "command.pdf")]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    paths = ten_paths()
    with tempfile.TemporaryDirectory() as folder:
        pdf, size = time_pdf(paths, folder)
        command = time_command(paths, folder)
    print(f"10-scenario comparison PDF (write_pdf): median {statistics.median(pdf):.2f} s over {RUNS} runs "
          f"(min {min(pdf):.2f} s, {size / 1024:,.0f} KiB) (target < 2 s)")
    print(f"nlp-budget report, 10 files to PDF (whole command): median {statistics.median(command):.2f} s "
          f"over {RUNS} runs (min {min(command):.2f} s) (target < 2 s)")
    del app


if __name__ == "__main__":
    main()
