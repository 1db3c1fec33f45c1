"""Untrusted files within limits: only regular files are read, deep or huge values are refused in one
ScenarioError (file, line, key, expected, found), catalogs check counts and currencies."""

from __future__ import annotations

import os
import threading

import pytest

import planner
from planner.files.catalogs import load_catalogs, read_pricing_file
from planner.files.toml_guard import MAX_DEPTH, MAX_ITEMS, MAX_STRING
from support import SCENARIOS, write_scenario

BERT = (SCENARIOS / "bert-large.toml").read_text(encoding="utf-8")
CATALOG = ('schema = 1\nid = "ours"\ncurrency = "USD"\nas_of = "2026-01-01"\nsource = "our invoice"\n'
           '[[price]]\naccelerator = "h100"\nper = "instance"\naccelerators = 8\non-demand = 20.0\n')


def refusal(path) -> str:
    with pytest.raises(planner.ScenarioError) as info:
        planner.load(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(path)), message
    return message


@pytest.mark.parametrize("extra, words", [
    ("x = " + "[" * 1000 + "1" + "]" * 1000, ["line 1", f"at most {MAX_DEPTH} nested"]),
    ("x = " + "{a = " * 400 + "1" + "}" * 400, ["line 1", "nested"]),
    ("x = " + "1" * 5000, ["line 1", "64-bit", "thousands of digits"]),
    ("x = 0x" + "f" * 4000, ["line 1", "x:", "64-bit", "16,000 bits"]),
    ("x = 99999999999999999999", ["line 1", "x:", "64-bit", "20 digits"]),
    ('x = "' + "a" * (MAX_STRING + 1) + '"', ["line 1", "x:", f"at most {MAX_STRING:,} characters"]),
    ("x = [" + "1," * (MAX_ITEMS + 1) + "]", ["line 1", "x:", f"an array of {MAX_ITEMS + 1:,} items"]),
    ("a" * 300 + " = 1", ["keys of at most 200 characters"]),
])
def test_a_file_beyond_a_limit_is_refused_in_one_line(tmp_path, extra, words):
    message = refusal(write_scenario(tmp_path, extra + "\n" + BERT))
    for word in words:
        assert word in message, message


def test_deep_dotted_keys_are_refused_after_parsing(tmp_path):
    message = refusal(write_scenario(tmp_path, ".".join(["k"] * 40) + " = 1\n" + BERT))
    assert "nested" in message


def test_brackets_inside_strings_and_comments_do_not_count_as_nesting(tmp_path):
    text = BERT.replace('[model]', '# ' + "[" * 40 + '\n[model]', 1) + 'notes = "' + "[{" * 40 + '"\n'
    assert planner.load(write_scenario(tmp_path, text)).name.startswith("BERT-Large")


def test_a_fifo_is_refused_at_once_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "scenario.toml"
    os.mkfifo(fifo)
    result = {}
    worker = threading.Thread(target=lambda: result.setdefault("message", refusal(fifo)), daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # unblock the reader so the test run can end, then fail
        with open(fifo, "w"):
            pass
        pytest.fail("reading a FIFO blocked")
    assert "expected a regular scenario file; found a FIFO" in result["message"]


def test_a_folder_or_device_is_refused(tmp_path):
    assert "found a folder" in refusal(tmp_path)
    if os.path.exists("/dev/null"):
        assert "found a character device" in refusal("/dev/null")


def test_bad_user_catalogs_are_skipped_and_named(tmp_path, _isolated_config):
    folder = _isolated_config / "nlp-budget-planner" / "catalogs"
    folder.mkdir(parents=True)
    (folder / "deep.toml").write_text("x = " + "[" * 1000 + "]" * 1000 + "\n" + CATALOG)
    (folder / "digits.toml").write_text("x = " + "9" * 5000 + "\n" + CATALOG)
    (folder / "hex.toml").write_text("x = 0x" + "f" * 4000 + "\n" + CATALOG)
    os.mkfifo(folder / "pipe.toml")
    (folder / "range.toml").write_text(CATALOG.replace("accelerators = 8", "accelerators = [2, 8]"))
    (folder / "good.toml").write_text(CATALOG)
    catalogs = load_catalogs()
    assert "ours" in catalogs.pricing
    problems = "\n".join(catalogs.problems)
    for name in ("deep", "digits", "hex", "pipe", "range"):
        assert f"{name}.toml" in problems, problems
    assert len(catalogs.problems) == 5
    summary = planner.summarize(planner.load(SCENARIOS / "bert-large.toml", catalogs), catalogs)
    assert summary.total.cost > 0


def test_a_range_of_accelerators_per_instance_is_refused(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(CATALOG.replace("accelerators = 8", "accelerators = [2, 8]"))
    with pytest.raises(planner.ScenarioError, match=r"c.toml, line 9: price\[0\].accelerators: expected a "
                                                     r"whole number; found \[2, 8\]"):
        read_pricing_file(path)


@pytest.mark.parametrize("currency, ok", [
    ("USD", True), ("EUR", True), ("JPY", True), ("usd", False), ("US$", False), ("ABC", False),
    ("<img src=x onerror=alert(1)>", False), ("=HYPERLINK(1)", False), ("", False)])
def test_a_catalog_currency_must_be_an_iso_4217_code(tmp_path, currency, ok):
    path = tmp_path / "c.toml"
    path.write_text(CATALOG.replace('"USD"', f'"{currency}"'))
    if ok:
        assert read_pricing_file(path)[0].currency == currency
    else:
        with pytest.raises(planner.ScenarioError, match="currency: expected an ISO 4217 currency code"):
            read_pricing_file(path)


def test_nlogn_attention_with_a_window_of_one_is_refused(tmp_path):
    text = BERT + '\n[whatif]\nattention = "nlogn"\nattention_window = 1\n'
    if "[whatif]" in BERT:
        pytest.skip("the bundled file already has a whatif table")
    message = refusal(write_scenario(tmp_path, text))
    assert "whatif.attention_window: expected at least 2" in message


def test_a_scenario_file_at_the_limits_loads_quickly(tmp_path):
    """Every limit at once, well under the file-size limit: accepted (and timed by benchmarks/limits.py)."""
    text = BERT + 'notes = "' + "n" * MAX_STRING + '"\nitems = [' + "1," * (MAX_ITEMS - 1) + "1]\n"
    assert planner.load(write_scenario(tmp_path, text)).warnings
