"""A longer fuzzing run than the test's: prints counts (tried, refused, accepted, failures) and the
first failures with what reproduces them.

    python benchmarks/fuzz.py [SECONDS] [SEED]        (default: 120 s, seed 1)
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent / "tests"))  # after the installed planner

from fuzz_support import fuzz  # noqa: E402


def main(seconds: float, seed: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config"
        os.environ["XDG_CONFIG_HOME"] = str(config)   # user catalogs go here, never the real profile
        work = Path(tmp) / "work"
        work.mkdir()
        counts = fuzz(work, seconds, seed, config_home=config)
    print(f"seed {seed}, {seconds:g} s: tried {counts.tried:,} command runs, refused {counts.refused:,}, "
          f"accepted {counts.accepted:,}, failures {len(counts.failures):,}")
    kinds = Counter(w[0].split(":")[0] for w, *_ in counts.failures)
    for kind, n in kinds.most_common():
        print(f"  {n:5,} {kind}")
    for wrong, argv, text, err in counts.failures[:5]:
        print("---", wrong, argv, err.strip()[-300:], sep="\n")
    return 1 if counts.failures else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    raise SystemExit(main(float(args[0]) if args else 120.0, int(args[1]) if len(args) > 1 else 1))
