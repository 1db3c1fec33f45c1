"""SkyPilot vms.csv import: prices checked against rows of real excerpts (tests/data/skypilot/README.md)."""

import csv
import shutil

import pytest

import planner
from planner.analysis.edits import reprice
from planner.files.catalogs import user_catalog_dirs
from planner.files.skypilot import read_rows, select
from planner.files.skypilot_catalog import import_skypilot, write_user_catalog
from planner.model.errors import CatalogError, RequestError
from planner.model.values import Range
from support import DATA, SCENARIOS

SKY = DATA / "skypilot"


def imported(name, cloud, ident="sky-test"):
    return import_skypilot(SKY / name, ident, "2026-11-27", cloud)


def csv_row(name, **match):
    """The one CSV row whose columns equal `match` (a real row of the excerpt)."""
    with open(SKY / name, newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if all(r[k] == v for k, v in match.items())]
    assert len(rows) == 1, (match, len(rows))
    return rows[0]


def price(catalog, acc, offer="on-demand", region=None):
    value = catalog.price(acc, offer, region).value
    return (value.low, value.high) if isinstance(value, Range) else value


def test_aws_prices_are_the_largest_instance_divided_by_its_gpus():
    cat = imported("aws-v8.csv", "aws").catalog
    p5 = csv_row("aws-v8.csv", InstanceType="p5.48xlarge", AvailabilityZone="use1-az1")
    assert price(cat, "h100", region="us-east-1") == pytest.approx(float(p5["Price"]) / 8)   # 55.04 / 8 = 6.88
    # ap-south-1 lists p5.4xlarge (1 GPU) and p5.48xlarge (8): the 8-GPU instance is kept
    big = csv_row("aws-v8.csv", InstanceType="p5.48xlarge", Region="ap-south-1")
    assert price(cat, "h100", region="ap-south-1") == pytest.approx(float(big["Price"]) / 8)
    # spot differs by zone: the range of the zones' prices, per GPU
    zones = [float(csv_row("aws-v8.csv", InstanceType="p5.48xlarge", AvailabilityZone=f"use1-az{i}")["SpotPrice"])
             for i in range(1, 7)]
    assert price(cat, "h100", "spot", "us-east-1") == pytest.approx((min(zones) / 8, max(zones) / 8))
    # V100 and V100-32GB both map to v100; equal sizes: the cheaper p3.16xlarge (24.48 < 31.212)
    assert price(cat, "v100", region="us-east-1") == pytest.approx(24.48 / 8)
    assert price(cat, "a100-80gb", region="us-west-2") == pytest.approx(27.44705 / 8)
    assert cat.provider == "aws" and cat.as_of == "2026-11-27" and "aws-v8.csv" in cat.source


def test_aws_rows_are_all_accounted_for():
    result = imported("aws-v8.csv", "aws")
    s = result.selection
    assert s.rows_read == 29 and s.used + sum(s.skipped.values()) == 29
    assert s.skipped == {"a larger or cheaper instance kept": 5, "no accelerator": 2}
    assert "29 rows" in result.summary() and "22 used, 7 skipped" in result.summary()


def test_a_row_without_a_price_is_skipped_and_a_spot_only_row_kept():
    s = imported("aws-v7.csv", "aws").selection
    assert s.skipped["no price"] == 1   # p5e in ap-southeast-2: neither price
    cat = imported("aws-v7.csv", "aws").catalog
    assert price(cat, "h200", region="us-east-2") == pytest.approx(84.8 / 8)   # p5en beats the spot-only p5e
    assert price(cat, "h100", region="us-east-1") == pytest.approx(98.32 / 8)  # v7: before the June 2025 cut


def test_gcp_gpu_price_adds_its_host_vm():
    cat = imported("gcp-v8.csv", "gcp").catalog
    gpus = csv_row("gcp-v8.csv", AcceleratorName="H100", AcceleratorCount="8", Region="us-central1")
    host = csv_row("gcp-v8.csv", InstanceType="a3-highgpu-8g", Region="us-central1")
    assert price(cat, "h100", region="us-central1") == pytest.approx(
        (float(gpus["Price"]) + float(host["Price"])) / 8)                   # (33.60609 + 9.46006) / 8
    assert price(cat, "h100", "spot", "us-central1") == pytest.approx(
        (float(gpus["SpotPrice"]) + float(host["SpotPrice"])) / 8)
    # A100: the 16-GPU size (a2-megagpu-16g host) is kept over the 8-GPU one
    assert price(cat, "a100-40gb", region="us-central1") == pytest.approx((46.94253 + 8.79698) / 16)
    assert price(cat, "a100-80gb", region="us-central1") == pytest.approx((14.76958 + 8.79698) / 8)


def test_gcp_tpu_slices_are_priced_per_chip():
    cat = imported("gcp-v8.csv", "gcp").catalog
    # v6e names count chips: v6e-256 = 256 chips; GCP's list price is $2.70 per v6e chip-hour
    assert price(cat, "tpu-v6e", region="us-central1") == pytest.approx(691.2 / 256) == pytest.approx(2.70)
    # v5p names count TensorCores, two per chip: v5p-12288 = 6,144 chips at $4.20
    assert price(cat, "tpu-v5p", region="us-central1") == pytest.approx(25804.8 / 6144) == pytest.approx(4.20)


def test_gcp_placeholders_and_missing_hosts_are_skipped_with_their_reason():
    result = imported("gcp-v8.csv", "gcp")
    s, cat = result.selection, result.catalog
    assert s.skipped["same price for every slice size"] == 3      # 700.0 for v6e-1, -8 and -256 in asia-east1
    assert s.skipped["no host VM price"] == 1                     # B200: a4-highgpu-8g priced 0.0
    assert s.unknown_names == {"L4": 1}
    assert "b200" not in cat.accelerators()
    # southamerica-west1: on-demand scales with the slice, spot is 700.0 for every size: spot left out
    row = next(r for r in cat.rows if r.accelerator == "tpu-v6e" and "southamerica-west1" in r.notes)
    assert row.offers == {"on-demand": 691.2} and row.accelerators == 256
    assert "asia-east1" not in " ".join(r.notes for r in cat.rows)
    assert "unknown accelerators: L4" in result.summary()


def test_lambda_columns_in_another_order_and_regions_outside_the_planner():
    result = imported("lambda-v7.csv", "lambda")
    cat = result.catalog
    assert price(cat, "h100") == pytest.approx(23.92 / 8)    # gpu_8x_h100_sxm5, not the 1x/2x/4x or PCIe
    assert price(cat, "a100-40gb") == pytest.approx(10.32 / 8)
    assert price(cat, "v100") == pytest.approx(4.4 / 8)
    h100 = [r for r in cat.rows if r.accelerator == "h100"]
    assert len(h100) == 1 and not h100[0].regions           # Lambda's regions are not the planner's
    assert "us-east-1" in h100[0].notes and "europe-central-1" in h100[0].notes
    assert result.selection.unknown_names == {"A6000": 1}


def test_an_imported_catalog_prices_a_scenario(tmp_path):
    result = imported("aws-v8.csv", "aws", "aws-sky")
    target = write_user_catalog(result, planner.load_catalogs())
    assert target.name == "aws-sky.toml" and target.read_text(encoding="utf-8") == result.text
    catalogs = planner.load_catalogs()
    assert not catalogs.problems and catalogs.pricing["aws-sky"].path == str(target)
    scenario = planner.load(SCENARIOS / "decoder-7b-h100.toml", catalogs)
    summary = planner.summarize(reprice(scenario, catalogs, "aws-sky").scenario, catalogs)
    assert summary.pricing.price_per_accelerator_hour == pytest.approx(55.04 / 8)


def test_bundled_ids_and_existing_ids_are_refused_and_nothing_is_written():
    catalogs = planner.load_catalogs()
    with pytest.raises(RequestError, match="bundled catalog"):
        write_user_catalog(imported("aws-v8.csv", "aws", "aws-2025"), catalogs)
    write_user_catalog(imported("aws-v8.csv", "aws", "mine"), catalogs)
    first = (user_catalog_dirs()[0] / "mine.toml").read_text(encoding="utf-8")
    with pytest.raises(RequestError, match="already have"):
        write_user_catalog(imported("lambda-v7.csv", "lambda", "mine"), planner.load_catalogs())
    assert (user_catalog_dirs()[0] / "mine.toml").read_text(encoding="utf-8") == first
    write_user_catalog(imported("lambda-v7.csv", "lambda", "mine"), planner.load_catalogs(), replace=True)
    assert "lambda" in (user_catalog_dirs()[0] / "mine.toml").read_text(encoding="utf-8")


def test_files_that_are_not_skypilot_csv_are_refused_by_name(tmp_path):
    bad = tmp_path / "vms.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="missing: InstanceType"):
        import_skypilot(bad, "x", "2026-01-01")
    only_cpus = tmp_path / "cpus.csv"
    only_cpus.write_text((SKY / "aws-v8.csv").read_text().splitlines()[0] + "\n"
                         "a1.2xlarge,,,8.0,16.0,,0.204,0.204000,us-east-1,use1-az2,arm64\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="found none in 1 rows"):
        import_skypilot(only_cpus, "x", "2026-01-01")
    with pytest.raises(RequestError) as info:
        import_skypilot(SKY / "aws-v8.csv", "x", "spring 2026")
    assert info.value.field == "as_of"
    with pytest.raises(RequestError) as info:
        import_skypilot(SKY / "aws-v8.csv", "../etc", "2026-01-01")
    assert info.value.field == "id"


def test_the_cloud_comes_from_the_folder_name(tmp_path):
    folder = tmp_path / "catalogs" / "v7" / "gcp"
    folder.mkdir(parents=True)
    shutil.copy(SKY / "gcp-v8.csv", folder / "vms.csv")
    cat = import_skypilot(folder / "vms.csv", "g", "2026-11-27").catalog
    assert cat.provider == "gcp" and "us-central1" in {g for r in cat.rows for g in r.regions}


def test_rows_keep_their_line_numbers():
    rows = read_rows((SKY / "aws-v8.csv").read_text(), "aws-v8.csv")
    s = select(rows, planner.load_catalogs().accelerators)
    assert set(s.status) == {r.line for r in rows} and min(s.status) == 2
