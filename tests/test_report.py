"""Reports people hand in: PDF pages, fonts and text; Markdown and CSV; compare on the command line."""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader

import planner
from planner.compare import compare
from planner.formats import md_escape, money
from planner.report_text import BUDGET_HEADER, budget_table, markdown_report, scenario_markdown, total_text, \
    write_text_report
from conftest import SCENARIOS, write_eur_catalog, write_scenario

BERT, BASE, T5 = (SCENARIOS / n for n in ("bert-large.toml", "bert-base.toml", "t5-11b.toml"))


def load_all(*paths):
    scenarios = [planner.load(p) for p in paths]
    return [planner.summarize(s) for s in scenarios], scenarios


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def embedded_fonts(path) -> set[str]:
    fonts = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            if descriptor and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                fonts.add(str(target["/BaseFont"]))
    return fonts


def test_single_pdf_has_pages_font_and_the_figures(tmp_path, qapp):
    from ui.report import write_pdf
    summaries, scenarios = load_all(BERT)
    out = tmp_path / "bert.pdf"
    write_pdf(out, summaries, scenarios, date="2026-11-23")
    reader = PdfReader(out)
    assert 1 <= len(reader.pages) <= 3
    assert embedded_fonts(out)  # no embedded font means black boxes on a machine without it
    text = " ".join(pdf_text(out).split())
    assert "BERT-Large, fully-loaded project" in text
    assert money(summaries[0]["total"]["cost"]) in text
    assert "Strubell et al. 2019" in text and "2019-01-01" in text  # price source and date
    assert "Method:" in text


def test_comparison_pdf_has_table_then_a_page_per_scenario(tmp_path, qapp):
    from ui.report import write_pdf
    summaries, scenarios = load_all(BERT, BASE, T5)
    out = tmp_path / "cmp.pdf"
    write_pdf(out, summaries, scenarios)
    text = " ".join(pdf_text(out).split())
    assert text.index("Scenario comparison") < text.index("Budget summary")
    for s in summaries:
        assert text.count(money(s["total"]["cost"])) >= 2  # in the comparison and on its own page
    assert len(PdfReader(out).pages) >= 4


def test_markup_in_names_prints_literally(tmp_path, qapp):
    from ui.report import write_pdf
    text = BERT.read_text().replace('name = "BERT-Large, fully-loaded project (Sharir et al. 2020)"',
                                    'name = "<b>Bold</b> & <i>co</i> **not bold**"')
    path = write_scenario(tmp_path, text)
    summaries, scenarios = load_all(path)
    write_pdf(tmp_path / "m.pdf", summaries, scenarios)
    assert "<b>Bold</b> & <i>co</i> **not bold**" in " ".join(pdf_text(tmp_path / "m.pdf").split())
    md = markdown_report(summaries, scenarios)
    assert "\\<b\\>Bold\\</b\\> \\&" in md and "\\*\\*not bold\\*\\*" in md


def test_markdown_and_csv_reports(tmp_path):
    summaries, scenarios = load_all(BERT, BASE)
    write_text_report(tmp_path / "r.md", summaries, scenarios)
    md = (tmp_path / "r.md").read_text()
    assert md.startswith("# Scenario comparison") and money(summaries[1]["total"]["cost"]) in md
    write_text_report(tmp_path / "r.csv", summaries, scenarios)   # several: the comparison table
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text())))
    total = next(r for r in rows if (r["group"], r["figure"]) == ("Cost", "Total"))
    assert [float(total[s["name"]]) for s in summaries] == pytest.approx([s["total"]["cost"] for s in summaries])
    write_text_report(tmp_path / "one.csv", summaries[:1], scenarios[:1])   # one: a row per category
    rows = list(csv.DictReader(io.StringIO((tmp_path / "one.csv").read_text())))
    assert float(rows[-1]["cost"]) == pytest.approx(summaries[0]["total"]["cost"]) and rows[-1]["category"] == "total"


def test_failed_export_leaves_the_old_file(tmp_path, monkeypatch, qapp):
    from ui.report import write_pdf
    summaries, scenarios = load_all(BERT)
    for name in ("old.pdf", "old.md"):
        target = tmp_path / name
        target.write_text("previous report")

        def broken(src, dst):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "replace", broken)
        with pytest.raises(OSError):
            if name.endswith(".pdf"):
                write_pdf(target, summaries, scenarios)
            else:
                write_text_report(target, summaries, scenarios)
        monkeypatch.undo()
        assert target.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.md", "old.pdf"]


def test_compare_json_deltas_are_differences_of_summaries(capsys):
    from planner.cli import main
    assert main(["compare", str(BERT), str(BASE), str(T5), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    summaries, _ = load_all(BERT, BASE, T5)
    assert [s["name"] for s in data["scenarios"]] == [s["name"] for s in summaries]
    assert len(data["deltas"]) == 2
    for delta, other in zip(data["deltas"], summaries[1:]):
        assert delta["total"]["cost"] == pytest.approx(other["total"]["cost"] - summaries[0]["total"]["cost"])
        for d, a, b in zip(delta["categories"], summaries[0]["categories"], other["categories"]):
            assert d["category"] == a["category"]
            for key in ("runs", "flops", "accelerator_hours", "cost", "energy_kwh", "co2_kg"):
                assert d[key] == pytest.approx(b[key] - a[key])


def test_compare_text_and_markdown(capsys):
    from planner.cli import main
    assert main(["compare", str(BERT), str(BASE)]) == 0
    out = capsys.readouterr().out
    assert "$138,240" in out and "$34,560" in out and "-$103,680 (-75%)" in out
    assert main(["compare", str(BERT), str(BASE), "--format", "markdown"]) == 0
    assert "| **Cost** |" in capsys.readouterr().out


def test_report_command_headless_writes_pdf_md_csv(tmp_path):
    exe = shutil.which("nlp-budget", path=os.path.dirname(sys.executable))
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    for ext in ("pdf", "md", "csv"):
        out = tmp_path / f"report.{ext}"
        result = subprocess.run([exe, "report", str(BERT), str(BASE), "-o", str(out)], env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 0
    assert PdfReader(tmp_path / "report.pdf").pages
    bad = subprocess.run([exe, "report", str(BERT), "-o", str(tmp_path / "report.docx")], env=env,
                         capture_output=True, text=True)
    assert bad.returncode == 2 and ".pdf, .md or .csv" in bad.stderr


def test_compare_function_needs_a_scenario():
    with pytest.raises(ValueError):
        compare([])


def page_texts(path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_comparison_pdf_repeats_the_header_and_has_a_page_per_scenario(tmp_path, qapp):
    from ui.report import write_pdf
    paths = [SCENARIOS / f"{n}.toml" for n in ("bert-base", "bert-large", "decoder-7b-h100", "deepseek-v3-moe",
                                               "gpt2-1.5b", "t5-11b")]
    summaries, scenarios = load_all(*(paths * 2)[:10])
    out = tmp_path / "ten.pdf"
    write_pdf(out, summaries, scenarios, date="2026-11-24")
    pages = page_texts(out)
    firsts = [i for i, t in enumerate(pages) if "Budget summary, 2026-11-24" in t]
    comparison = pages[:firsts[0]]
    assert len(firsts) == 10 and len(pages) == len(comparison) + 10       # a page per scenario
    for i, s in zip(firsts, summaries):
        assert pages[i].startswith(s["name"][:30]) and money(s["total"]["cost"]) in pages[i]
    assert 2 <= len(comparison) <= 6
    for text in comparison:   # every page of the comparison's tables begins with the header row
        assert "Figure" in text and text.index("Figure") < text.index("Page")
    whole = " ".join(comparison)
    for s in summaries[1:]:   # differences whole: not broken inside a number
        d = s["total"]["cost"] - summaries[0]["total"]["cost"]
        assert not d or ("+" if d > 0 else "-") + money(abs(d)) in whole
    assert "(scenarios 1, 8, 9, 10)" in whole and "10. DeepSeek-V3" in whole


def test_pdf_charts_are_sharp_and_lossless(tmp_path, qapp):
    from ui.report import CHART_POINTS, write_pdf
    summaries, scenarios = load_all(BERT, T5)
    out = tmp_path / "cmp.pdf"
    write_pdf(out, summaries, scenarios)
    images = [obj.get_object() for page in PdfReader(out).pages
              for obj in page["/Resources"].get("/XObject", {}).values()]
    assert len(images) == 3                                            # the comparison, two icebergs
    for image in images:
        assert image["/Filter"] != "/DCTDecode"                        # not JPEG
        assert image["/Width"] >= 2.5 * CHART_POINTS[0] * 96 / 72 - 1   # 2.5x its size at 96 dpi: 240 dpi


def test_pdf_prints_mixed_currencies_without_subtracting_them(tmp_path, qapp):
    from ui.report import write_pdf
    catalogs = planner.load_catalogs([str(write_eur_catalog(tmp_path / "cats"))])
    path = write_scenario(tmp_path, BERT.read_text().replace('catalog = "gcp-2019"', 'catalog = "gcp-eur"'))
    scenarios = [planner.load(p, catalogs) for p in (BERT, path)]
    write_pdf(tmp_path / "m.pdf", [planner.summarize(s, catalogs) for s in scenarios], scenarios)
    whole = " ".join(page_texts(tmp_path / "m.pdf"))
    assert "€138,240" in whole and "n/a (EUR vs USD)" in whole and "$0" not in whole.split("n/a")[0][-3:]


def test_pdf_keeps_the_file_permissions_and_writes_through_a_temporary_file(tmp_path, monkeypatch, qapp):
    from ui.report import write_pdf
    summaries, scenarios = load_all(BERT)
    target = tmp_path / "private.pdf"
    target.write_text("old")
    os.chmod(target, 0o600)
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    write_pdf(target, summaries, scenarios)
    assert target.read_bytes().startswith(b"%PDF") and (target.stat().st_mode & 0o777) == 0o600
    assert synced and sorted(p.name for p in tmp_path.iterdir()) == ["private.pdf"]


def test_single_pdf_fits_each_bundled_scenario_on_one_page(tmp_path, qapp):
    from ui.report import write_pdf
    for path in sorted(SCENARIOS.glob("*.toml")):
        summaries, scenarios = load_all(path)
        write_pdf(tmp_path / "one.pdf", summaries, scenarios)
        text = page_texts(tmp_path / "one.pdf")
        assert len(text) == 1, path.name
        assert "Method:" in text[0] and "Energy" in text[0]


# --- What the Markdown and the PDF share ----------------------------------------------------------


def test_budget_table_is_the_markdown_budget():
    (summary,), (scenario,) = load_all(T5)
    header, rows, left_out = budget_table(summary)
    assert header == BUDGET_HEADER and all(len(r) == len(header) for r in rows)
    assert [r[0] for r in rows] == ["Final run", "Tuning trials", "Ablations", "Baselines", "Total"]
    assert rows[-1][3] == money(summary["total"]["cost"]) and rows[-1][4] == "100.0%"
    assert rows[-1][5] == f"{summary['total']['energy_kwh'] / 1000:,.2f}"
    assert left_out == ["Ensemble members", "Seed repeats", "Contingency"]
    md = scenario_markdown(summary, scenario)
    assert "| " + " | ".join(header) + " |" in md
    assert "| **Total** | " + " | ".join(rows[-1][1:]) + " |" in md


def test_one_accelerator_is_singular(tmp_path):
    path = write_scenario(tmp_path, BASE.read_text().replace("count = 16", "count = 1"))
    (summary,), _ = load_all(path)
    assert summary["assumptions"]["count"] == 1
    assert " on 1 accelerator)" in total_text(summary)


@pytest.mark.parametrize("text, shown", [
    ("Utilization 0.3-0.5", "Utilization 0.3-0.5"),          # numbers, ranges and dates stay readable
    ("BERT-Large (Sharir et al. 2020)", "BERT-Large (Sharir et al. 2020)"),
    ("<b>x</b> & *y* | `z` ~w~", "\\<b\\>x\\</b\\> \\& \\*y\\* \\| \\`z\\` \\~w\\~"),
    ("- not a list", "\\- not a list"), ("1. not a list", "1\\. not a list"), ("+ x", "\\+ x"),
    ("-5 and 1.5B", "-5 and 1.5B"), ("two\nlines", "two lines")])
def test_one_markdown_escaper_keeps_figures_readable(text, shown):
    assert md_escape(text) == shown


def test_a_name_that_looks_like_a_list_stays_one_line_of_the_key(tmp_path):
    path = write_scenario(tmp_path, BASE.read_text().replace(
        'name = "BERT-Base, fully-loaded project (Sharir et al. 2020)"', 'name = "1. first - try"'))
    summaries, scenarios = load_all(BERT, path)
    assert "\n2. 1\\. first - try\n" in markdown_report(summaries, scenarios)


def _imports(module: str) -> list[ast.ImportFrom]:
    source = (SCENARIOS.parent / "planner" / f"{module}.py").read_text(encoding="utf-8")
    return [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)]


def test_formats_is_a_leaf_that_imports_no_other_output():
    """formats is what every output builds on: it imports no comparison or report module, not even
    inside a function (no cycle formats <-> compare_text)."""
    imported = {node.module for node in _imports("formats") if node.level}
    assert imported <= {"quantities", "values"}, imported


def test_no_private_name_crosses_a_planner_module():
    for path in sorted((SCENARIOS.parent / "planner").glob("*.py")):
        for node in _imports(path.stem):
            if node.level:   # from .module import name
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from .{node.module}"
