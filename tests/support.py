"""Paths and small file helpers shared by every layer's tests (no Qt here)."""

from __future__ import annotations

from pathlib import Path

import planner

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SCENARIOS = ROOT / "scenarios"


def write_scenario(folder: Path, text: str, name: str = "scenario.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def write_eur_catalog(folder: Path, source: str = "gcp-2019") -> Path:
    """A folder holding a EUR copy of a bundled pricing catalog (same prices, id "gcp-eur" for
    gcp-2019): for `planner.load_catalogs([str(folder)])`."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "resources" / "pricing" / f"{source}.toml").read_text(encoding="utf-8")
    eur = source.split("-")[0] + "-eur"
    (folder / f"{eur}.toml").write_text(text.replace(f'id = "{source}"', f'id = "{eur}"')
                                        .replace('currency = "USD"', 'currency = "EUR"'), encoding="utf-8")
    return folder


def load_all(*paths):
    """The scenarios at `paths` and their summaries, as a report is given them."""
    scenarios = [planner.load(p) for p in paths]
    return [planner.summarize(s) for s in scenarios], scenarios


def pdf_text(path) -> str:
    from pypdf import PdfReader
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def page_texts(path) -> list[str]:
    from pypdf import PdfReader
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def embedded_fonts(path) -> set[str]:
    """The fonts a PDF embeds: none means black boxes on a machine without them."""
    from pypdf import PdfReader
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


# A 1B-parameter project on 8 H100s, with what-if levers: {compute}, {catalog} and {whatif} to fill.
WHATIF_SCENARIO = """schema = 1
name = "what-if"
[model]
params = 1e9
[training]
tokens = 20e9
[compute]
accelerator = "h100"
count = 8
{compute}
[pricing]
catalog = "{catalog}"
[project]
contingency = 0.1
[project.tuning]
trials = 10
scale = 0.1
[whatif]
{whatif}
"""

# The same project with a utilization (a number or a range) and {extra} lines to fill.
RANGES_SCENARIO = """schema = 1
name = "ranges"
[model]
params = 1e9
[training]
tokens = 20e9
[compute]
accelerator = "h100"
count = 8
utilization = {util}
[pricing]
catalog = "lambda-2025"
[project]
contingency = 0.1
[project.tuning]
trials = 10
scale = 0.1
{extra}
"""
