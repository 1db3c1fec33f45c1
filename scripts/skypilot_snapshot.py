"""Regenerate the bundled SkyPilot snapshots (resources/pricing/*-skypilot-2026.toml) with the importer,
from the excerpts of SkyPilot's files kept in tests/data/skypilot (see its README for the commits).

    .venv/bin/python scripts/skypilot_snapshot.py

tests/planner/test_skypilot_snapshot.py checks that the bundled files are what this writes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner.files.skypilot_catalog import import_skypilot  # noqa: E402

AS_OF = "2026-11-27"   # the day the stored copies were read; SkyPilot's commits carry no date we could see
SNAPSHOTS = {
    "aws-skypilot-2026": ("aws", "aws-v8.csv", "catalogs/v8/aws/vms.csv", "e385a0d348eda9cefd9806423e7725944dc249e4"),
    "gcp-skypilot-2026": ("gcp", "gcp-v8.csv", "catalogs/v8/gcp/vms.csv", "8427bbff988abdd050a9f51addd314ef31cb4e85"),
}


def snapshot(ident: str) -> str:
    cloud, excerpt, path, commit = SNAPSHOTS[ident]
    source = (f"SkyPilot catalog, skypilot-org/skypilot-catalog {path} at commit {commit[:12]} "
              f"(rows kept in tests/data/skypilot/{excerpt}; read {AS_OF})")
    here = Path.cwd()
    os.chdir(ROOT)   # imported_from is then the repository path of the excerpt, not this machine's
    try:
        text = import_skypilot(Path("tests/data/skypilot") / excerpt, ident, AS_OF, cloud, source=source).text
    finally:
        os.chdir(here)
    return "\n".join(line for line in text.splitlines() if not line.startswith("imported_on")) + "\n"


if __name__ == "__main__":
    for ident in SNAPSHOTS:
        target = ROOT / "resources" / "pricing" / f"{ident}.toml"
        target.write_text(snapshot(ident), encoding="utf-8")
        print(f"wrote {target}")
