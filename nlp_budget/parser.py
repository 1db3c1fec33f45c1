"""The command line's arguments. Field names in the planner's errors are said here as the flags that set them."""

from __future__ import annotations

import argparse

from planner.model.quantities import parse_money
from planner.model.scenario import OFFERS

# The planner names a refused request by the scenario's field; a person at a shell typed the flag.
FLAGS = {"pricing.catalog": "--catalog", "pricing.offer": "--offer", "budget": "--budget", "solve": "--solve",
         "deadline": "--deadline", "budget_cap": "--budget-cap", "output": "-o",
         "budget.confidence": "--confidence", "budget.cap": "--budget-cap"}


def _amount(text: str) -> float:
    try:
        value = parse_money(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value is None:
        raise argparse.ArgumentTypeError("enter an amount, e.g. 250000 or 250k")
    return value


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("enter a share between 0 and 1, e.g. 0.9") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError("enter a share between 0 and 1, e.g. 0.9")
    return value


def _confidence(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--confidence", type=_share, metavar="SHARE",
                        help="commit the total at this confidence, e.g. 0.9 (overrides budget.confidence)")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog-dir", action="append", default=[], metavar="DIR",
                        help="also read pricing catalogs from DIR (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nlp-budget",
                                     description="Price a whole NLP research project, not just its final run.")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("summary", help="price one scenario file")
    s.add_argument("file")
    s.add_argument("--format", choices=("text", "json", "markdown", "csv"), default="text")
    s.add_argument("--catalog", help="price with this catalog id instead of the file's")
    s.add_argument("--offer", choices=OFFERS, help="price with this offer instead of the file's")
    s.add_argument("--budget-cap", type=_amount, metavar="AMOUNT",
                   help="show the probability that the total exceeds AMOUNT (overrides budget.cap)")
    _confidence(s)
    _common(s)
    k = sub.add_parser("compare", help="compare scenario files side by side, differences from the first")
    k.add_argument("files", nargs="+", metavar="FILE")
    k.add_argument("--format", choices=("text", "json", "markdown", "csv"), default="text")
    _confidence(k)
    _common(k)
    r = sub.add_parser("report", help="write a budget summary (.pdf, .md or .csv, from OUT's extension)")
    r.add_argument("files", nargs="+", metavar="FILE")
    r.add_argument("-o", "--output", required=True, metavar="OUT")
    _confidence(r)
    _common(r)
    p = sub.add_parser("plan", help="plan backwards: tokens or trials a budget buys, count for a deadline")
    p.add_argument("file")
    p.add_argument("--budget", type=_amount, help="total budget, e.g. 250000 or 250k")
    p.add_argument("--solve", choices=("tokens", "trials", "count"), required=True)
    p.add_argument("--deadline", type=float, metavar="DAYS", help="wall-clock days for the whole project")
    p.add_argument("--format", choices=("text", "json"), default="text")
    _confidence(p)
    _common(p)
    o = sub.add_parser("offers", help="the project priced under every catalog offer, ranked")
    o.add_argument("file")
    o.add_argument("--sort", choices=("cost", "time"), default="cost")
    o.add_argument("--format", choices=("text", "json"), default="text")
    _common(o)
    t = sub.add_parser("sensitivity", help="which input's guess moves the total cost most (tornado)")
    t.add_argument("file")
    t.add_argument("--format", choices=("text", "json"), default="text")
    _common(t)
    w = sub.add_parser("schedule", help="the project's phases on its accelerators and the compute spend per "
                       "period (year, quarter or month: [schedule] in the file)")
    w.add_argument("file")
    w.add_argument("--format", choices=("text", "json", "csv"), default="text")
    _common(w)
    c = sub.add_parser("catalogs", help="list pricing catalogs, their offers, and the accelerators")
    c.add_argument("--format", choices=("text", "json"), default="text")
    _common(c)
    b = sub.add_parser("scenarios", help="list the bundled example scenarios (usable by name as FILE)")
    b.add_argument("--format", choices=("text", "json"), default="text")
    _common(b)
    return parser
