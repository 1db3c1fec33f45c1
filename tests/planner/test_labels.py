"""Shortened names never read the same (a table's row names, a tornado's inputs)."""

from planner.present.labels import shorten


def test_names_that_fit_are_kept_and_long_ones_cut_at_the_end():
    assert shorten(["Final run", "A very long ablation name indeed"], 12) == ["Final run", "A very long…"]


def test_names_cut_alike_are_cut_in_the_middle_keeping_their_ends():
    names = ["FP8 vs BF16 validation, DeepSeek-V3 Sec. 3.3", "FP8 vs BF16 validation, DeepSeek-V3 Table 4"]
    short = shorten(names, 30)
    assert len(set(short)) == 2 and all(len(s) <= 30 for s in short)
    assert "Sec" in short[0] and "Table" in short[1]   # the part where they differ is kept


def test_names_alike_at_both_ends_are_numbered():
    names = ["same start " + "x" * 30 + " same end", "same start " + "y" * 30 + " same end"]
    short = shorten(names, 20)
    assert len(set(short)) == 2 and all(len(s) <= 20 for s in short)


def test_the_deepseek_rows_read_apart_in_the_text_summary():
    import planner
    from planner.present.text import text
    from support import SCENARIOS
    shown = text(planner.summarize(planner.load(SCENARIOS / "deepseek-v3-moe.toml")))
    rows = [line[:36].strip() for line in shown.splitlines() if line.startswith("  · ")]
    assert rows and len(rows) == len(set(rows))
