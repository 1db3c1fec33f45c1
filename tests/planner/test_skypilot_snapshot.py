"""The bundled 2026 SkyPilot snapshots are exactly what the importer makes of the kept excerpts."""

import importlib.util

import pytest

import planner
from support import ROOT

spec = importlib.util.spec_from_file_location("skypilot_snapshot", ROOT / "scripts" / "skypilot_snapshot.py")
snapshot_script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(snapshot_script)


@pytest.mark.parametrize("ident", sorted(snapshot_script.SNAPSHOTS))
def test_bundled_snapshot_is_the_importers_output(ident):
    bundled = (ROOT / "resources" / "pricing" / f"{ident}.toml").read_text(encoding="utf-8")
    assert bundled == snapshot_script.snapshot(ident)
    cat = planner.load_catalogs(include_user=False).pricing[ident]
    assert cat.bundled and cat.as_of == "2026-11-27" and "commit" in cat.source


def test_snapshot_prices_beside_the_older_catalogs():
    cats = planner.load_catalogs(include_user=False).pricing
    # AWS after the June 2025 cut (p5.48xlarge $55.04 in us-east-1), as aws-2025 records it by hand
    assert cats["aws-skypilot-2026"].price("h100", "on-demand", "us-east-1").value == pytest.approx(55.04 / 8)
    assert cats["aws-2025"].price("h100", "on-demand", None).value == pytest.approx(55.04 / 8)
    # GCP TPU list prices per chip: v6e $2.70, v5p $4.20 (as gcp-2025 records them)
    assert cats["gcp-skypilot-2026"].price("tpu-v6e", "on-demand", "us-central1").value == pytest.approx(2.70)
    assert cats["gcp-2025"].price("tpu-v6e", "on-demand", None).value == pytest.approx(2.70)
    assert {"gcp-2019", "aws-2020", "aws-2025", "gcp-2025"} <= set(cats)   # the older catalogs stay
