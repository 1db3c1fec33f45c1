"""nlp-budget catalogs import FILE --from skypilot: the catalog written, the summary line, refusals."""

import json

import pytest

from nlp_budget.main import main
from support import DATA

SKY = DATA / "skypilot"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_writes_a_user_catalog_and_says_what_it_skipped(capsys, _isolated_config):
    code, out, err = run(capsys, "catalogs", "import", SKY / "gcp-v8.csv", "--from", "skypilot", "--id", "gcp-sky",
                         "--as-of", "2026-11-27", "--cloud", "gcp")
    target = _isolated_config / "nlp-budget-planner" / "catalogs" / "gcp-sky.toml"
    assert code == 0 and target.exists() and f"wrote {target}" in err
    assert out.count("\n") == 1 and "35 rows of gcp-v8.csv: 16 used, 19 skipped" in out
    assert "1 unknown accelerator" in out and "unknown accelerators: L4" in out
    # bare `catalogs` still lists, now with the imported one
    code, out, _ = run(capsys, "catalogs", "--format", "json")
    listed = {c["id"]: c for c in json.loads(out)["pricing"]}
    assert code == 0 and not listed["gcp-sky"]["bundled"] and "tpu-v6e" in listed["gcp-sky"]["prices"]


@pytest.mark.parametrize("argv, words", [
    (("--from", "skypilot"), "--id: is required"),
    (("--id", "x"), "needs --from skypilot"),
    (("--from", "skypilot", "--id", "aws-2025"), "--id: expected an id of your own"),
    (("--from", "skypilot", "--id", "x", "--as-of", "soon"), "--as-of: expected a date"),
])
def test_import_refusals_name_the_flag_and_write_nothing(capsys, _isolated_config, argv, words):
    code, _, err = run(capsys, "catalogs", "import", SKY / "aws-v8.csv", *argv)
    assert code == 2 and words in err and "Traceback" not in err
    assert not (_isolated_config / "nlp-budget-planner" / "catalogs").exists() or \
        not list((_isolated_config / "nlp-budget-planner" / "catalogs").iterdir())


def test_catalogs_without_import_takes_no_file(capsys):
    with pytest.raises(SystemExit) as info:   # argparse: "invalid choice ... (choose from 'import')"
        main(["catalogs", str(SKY / "aws-v8.csv")])
    assert info.value.code == 2 and "choose from 'import'" in capsys.readouterr().err
