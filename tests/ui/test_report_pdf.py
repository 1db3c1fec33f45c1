"""PDF reports drawn with Qt: pages, fonts, text, one page per scenario."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader

import planner
from planner.model.quantities import money
from planner.present.report_text import (markdown_report, write_text_report)
from support import SCENARIOS, embedded_fonts, load_all, page_texts, pdf_text, write_eur_catalog, write_scenario

BERT, BASE, T5 = (SCENARIOS / n for n in ("bert-large.toml", "bert-base.toml", "t5-11b.toml"))


def test_single_pdf_has_pages_font_and_the_figures(tmp_path, qapp):
    from ui.export.report import write_pdf
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
    from ui.export.report import write_pdf
    summaries, scenarios = load_all(BERT, BASE, T5)
    out = tmp_path / "cmp.pdf"
    write_pdf(out, summaries, scenarios)
    text = " ".join(pdf_text(out).replace("\ufb01", "fi").split())   # DejaVu's "fi" ligature
    assert text.index("Scenario comparison") < text.index("Budget justification")
    for s in summaries:
        assert text.count(money(s["total"]["cost"])) >= 2  # in the comparison and on its own page
    assert len(PdfReader(out).pages) >= 4


def test_markup_in_names_prints_literally(tmp_path, qapp):
    from ui.export.report import write_pdf
    text = BERT.read_text().replace('name = "BERT-Large, fully-loaded project (Sharir et al. 2020)"',
                                    'name = "<b>Bold</b> & <i>co</i> **not bold**"')
    path = write_scenario(tmp_path, text)
    summaries, scenarios = load_all(path)
    write_pdf(tmp_path / "m.pdf", summaries, scenarios)
    assert "<b>Bold</b> & <i>co</i> **not bold**" in " ".join(pdf_text(tmp_path / "m.pdf").split())
    md = markdown_report(summaries, scenarios)
    assert "\\<b\\>Bold\\</b\\> \\&" in md and "\\*\\*not bold\\*\\*" in md


def test_failed_export_leaves_the_old_file(tmp_path, monkeypatch, qapp):
    from ui.export.report import write_pdf
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


def test_comparison_pdf_repeats_the_header_and_has_a_page_per_scenario(tmp_path, qapp):
    from ui.export.report import write_pdf
    paths = [SCENARIOS / f"{n}.toml" for n in ("bert-base", "bert-large", "decoder-7b-h100", "deepseek-v3-moe",
                                               "gpt2-1.5b", "t5-11b")]
    summaries, scenarios = load_all(*(paths * 2)[:10])
    out = tmp_path / "ten.pdf"
    write_pdf(out, summaries, scenarios, date="2026-11-24")
    pages = page_texts(out)
    firsts = [i for i, t in enumerate(pages) if "Budget justification, 2026-11-24" in t.replace("\ufb01", "fi")]
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
    from ui.export.report import CHART_POINTS, write_pdf
    summaries, scenarios = load_all(BERT, T5)
    out = tmp_path / "cmp.pdf"
    write_pdf(out, summaries, scenarios)
    images = [obj.get_object() for page in PdfReader(out).pages
              for obj in page["/Resources"].get("/XObject", {}).values()]
    assert len(images) == 1   # the comparison's chart; a scenario's page is a budget justification, in tables
    for image in images:
        assert image["/Filter"] != "/DCTDecode"                        # not JPEG
        assert image["/Width"] >= 2.5 * CHART_POINTS[0] * 96 / 72 - 1   # 2.5x its size at 96 dpi: 240 dpi


def test_pdf_prints_mixed_currencies_without_subtracting_them(tmp_path, qapp):
    from ui.export.report import write_pdf
    catalogs = planner.load_catalogs([str(write_eur_catalog(tmp_path / "cats"))])
    path = write_scenario(tmp_path, BERT.read_text().replace('catalog = "gcp-2019"', 'catalog = "gcp-eur"'))
    scenarios = [planner.load(p, catalogs) for p in (BERT, path)]
    write_pdf(tmp_path / "m.pdf", [planner.summarize(s, catalogs) for s in scenarios], scenarios)
    whole = " ".join(page_texts(tmp_path / "m.pdf"))
    assert "€138,240" in whole and "n/a (EUR vs USD)" in whole and "$0" not in whole.split("n/a")[0][-3:]


def test_pdf_keeps_the_file_permissions_and_writes_through_a_temporary_file(tmp_path, monkeypatch, qapp):
    from ui.export.report import write_pdf
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
    from ui.export.report import write_pdf
    for path in sorted(SCENARIOS.glob("*.toml")):
        summaries, scenarios = load_all(path)
        write_pdf(tmp_path / "one.pdf", summaries, scenarios)
        text = page_texts(tmp_path / "one.pdf")
        assert len(text) == 1, path.name
        assert "Method:" in text[0] and "Energy" in text[0]
