"""Memory and time of every command on big-but-accepted files: prints figures, asserts nothing.

    python benchmarks/limits.py [ROWS ...]        (default: 500 2000, the most a file may hold)

Each file is bert-large plus ROWS ablation rows and ROWS baseline rows, every row's runs and scale
given as ranges, plus a description and names at the string limit. Each command runs in a fresh
process; peak memory is that process's maximum resident set (resource.getrusage), time is wall-clock.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = (["summary"], ["summary", "--format", "csv"], ["sensitivity"], ["offers"],
            ["compare", "SELF", "SELF"], ["report", "-o", "OUT.md"], ["plan", "--solve", "count", "--deadline", "30"])


def big_file(folder: Path, rows: int) -> Path:
    text = (ROOT / "scenarios" / "bert-large.toml").read_text(encoding="utf-8")
    long = "x" * 199
    parts = [text.replace("description = \"\"\"\\\n", "description = \"\"\"\\\n" + "d" * 8000 + " ", 1)]
    for kind, count in (("ablations", rows), ("baselines", rows)):
        parts += [f'[[project.{kind}]]\nname = "{long}{i}"\nruns = [1, {2 + i % 5}]\nscale = [0.01, 0.{1 + i % 9}]\n'
                  for i in range(count)]
    path = folder / f"rows-{rows}.toml"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def measure(argv: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of `nlp-budget argv` in a fresh process."""
    code = ("import resource, sys; from nlp_budget.main import main; rc = main(sys.argv[1:]); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(rc)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "0"
    peak = int(last) / 1024 if last.isdigit() else float("nan")
    if done.returncode not in (0,):
        print(f"   exit {done.returncode}: {done.stderr.strip().splitlines()[0][:150]}")
    return seconds, peak, done.returncode


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for rows in sizes:
            path = big_file(folder, rows)
            print(f"{rows:,} ablation + {rows:,} baseline rows, all ranged ({path.stat().st_size / 1e6:.2f} MB):")
            for command in COMMANDS:
                argv = [str(path) if a == "SELF" else str(folder / "out.md") if a == "OUT.md" else a for a in command]
                if "SELF" not in command:
                    argv.insert(1, str(path))
                seconds, peak, _ = measure(argv)
                print(f"  {' '.join(command):<40} {seconds:6.2f} s {peak:8.0f} MB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 2000])
