"""The command line's arguments. Field names in the planner's errors are said here as the flags that set them."""

from __future__ import annotations

import argparse

from planner.model import requests
from planner.model.errors import RequestError
from planner.model.quantities import parse_money, parse_quantity
from planner.model.scenario import OFFERS
from planner.present.escape import terminal_line

# The planner names a refused request by the scenario's field; a person at a shell typed the flag.
FLAGS = {"pricing.catalog": "--catalog", "pricing.offer": "--offer", "budget": "--budget", "solve": "--solve",
         "deadline": "--deadline", "budget_cap": "--budget-cap", "output": "-o", "id": "--id", "as_of": "--as-of",
         "compute.zero": "--zero", "compute.tp": "--tp", "compute.pp": "--pp",
         "compute.accelerator": "--accelerator", "compute.count": "--count",
         "budget.confidence": "--confidence", "budget.cap": "--budget-cap"}


def _amount(text: str) -> float:
    try:
        value = parse_money(text)
        if value is None:
            raise argparse.ArgumentTypeError("enter an amount, e.g. 250000 or 250k")
        return requests.amount("budget", value)
    except RequestError as exc:
        raise argparse.ArgumentTypeError(exc.message(None)) from None
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _days(text: str) -> float:
    try:
        return requests.days("deadline", float(text))
    except RequestError as exc:
        raise argparse.ArgumentTypeError(exc.message(None)) from None
    except ValueError:
        raise argparse.ArgumentTypeError("enter a number of days, e.g. 14 or 0.5") from None


class Parser(argparse.ArgumentParser):
    """Refusals in one line (no usage block), control characters in what was typed shown escaped."""

    def error(self, message: str):
        self.exit(2, terminal_line(f"{self.prog}: error: {message}") + "\n")


def _count(text: str) -> float:
    """A count of accelerators, as the file's compute.count: a whole number of at least 1."""
    try:
        value = float(parse_quantity(text, allow_range=False))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if not (value >= 1 and value.is_integer()):
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1; found {text}")
    return value


def _hardware(parser: argparse.ArgumentParser) -> None:
    """--accelerator and --count, for every command that prices scenario files (each file given)."""
    parser.add_argument("--accelerator", metavar="ID",
                        help="run on this accelerator (nlp-budget catalogs lists them); measured hours or "
                             "tokens/s become the utilization they imply, and a catalog that does not price it "
                             "is replaced by the newest that does (said on standard error)")
    parser.add_argument("--count", type=_count, metavar="N",
                        help="use N accelerators at once; measured hours keep their accelerator-hours "
                             "(linear scaling assumed)")


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


FILE_HELP = "a scenario file, or the name of a bundled scenario (nlp-budget scenarios lists them)"
FORMAT_HELP = "output format (default: text)"


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("nlp-budget-planner")
    except Exception:  # noqa: BLE001 - running from a checkout that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="nlp-budget",
                    description="Price a whole NLP research project, not just its final run.",
                    epilog="Run a command with -h for its options. Without a command, "
                           "this help is printed (exit status 2).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    s = sub.add_parser("summary", help="price one scenario file")
    s.add_argument("file", metavar="FILE", help=FILE_HELP)
    s.add_argument("--format", choices=("text", "json", "markdown", "csv"), default="text", help=FORMAT_HELP)
    s.add_argument("--catalog", help="price with this catalog id instead of the file's")
    s.add_argument("--offer", choices=OFFERS, help="price with this offer instead of the file's")
    s.add_argument("--budget-cap", type=_amount, metavar="AMOUNT",
                   help="show the probability that the total exceeds AMOUNT (overrides budget.cap)")
    k = sub.add_parser("compare", help="compare scenario files side by side, differences from the first")
    k.add_argument("files", nargs="+", metavar="FILE", help=FILE_HELP + "; the first is the reference")
    k.add_argument("--format", choices=("text", "json", "markdown", "csv"), default="text", help=FORMAT_HELP)
    r = sub.add_parser("report", help="write a budget summary (.pdf, .md or .csv, from OUT's extension)")
    r.add_argument("files", nargs="+", metavar="FILE", help=FILE_HELP + "; one page each")
    r.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="the file to write: .pdf, .md or .csv (the extension chooses the format)")
    p = sub.add_parser("plan", help="plan backwards: tokens or trials a budget buys, count for a deadline")
    p.add_argument("file", metavar="FILE", help=FILE_HELP)
    p.add_argument("--budget", type=_amount, help="total budget, e.g. 250000 or 250k")
    p.add_argument("--solve", choices=("tokens", "trials", "count"), required=True,
                   help="what to solve for: training tokens or tuning trials the budget buys, or the "
                        "accelerator count that meets --deadline")
    p.add_argument("--deadline", type=_days, metavar="DAYS", help="wall-clock days for the whole project")
    p.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    o = sub.add_parser("offers", help="the project priced under every catalog offer, ranked")
    o.add_argument("file", metavar="FILE", help=FILE_HELP)
    o.add_argument("--sort", choices=("cost", "time"), default="cost",
                   help="rank by whole-project cost or by wall-clock time (default: cost)")
    o.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    o.add_argument("--owned", action="store_true",
                   help="also price owning the accelerators (the file's purchase terms, else the bundled ones)")
    w = sub.add_parser("buy-or-rent", help="a year's cost of owning the accelerators against renting them; "
                       "the break-even in accelerator-hours a year")
    w.add_argument("file", metavar="FILE", help=FILE_HELP)
    w.add_argument("--catalog", help="rent from this catalog id instead of the file's")
    w.add_argument("--offer", choices=OFFERS, help="rent with this offer instead of the file's")
    w.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    t = sub.add_parser("sensitivity", help="which input's guess moves the total cost most (tornado)")
    t.add_argument("file", metavar="FILE", help=FILE_HELP)
    t.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    d = sub.add_parser("schedule", help="the project's phases on its accelerators and the compute spend per "
                       "period (year, quarter or month: [schedule] in the file)")
    d.add_argument("file", metavar="FILE", help=FILE_HELP)
    d.add_argument("--format", choices=("text", "json", "csv"), default="text", help=FORMAT_HELP)
    m = sub.add_parser("memory", help="memory per accelerator (weights, gradients, Adam state, activations)")
    m.add_argument("file", metavar="FILE", help=FILE_HELP)
    m.add_argument("--zero", type=int, choices=(0, 1, 2, 3), help="ZeRO stage (default: the file's, else 3)")
    m.add_argument("--tp", type=int, metavar="N", help="tensor-parallel degree (default: the file's, else 1)")
    m.add_argument("--pp", type=int, metavar="N", help="pipeline-parallel degree (default: the file's, else 1)")
    m.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    n = sub.add_parser("new", help="write a new scenario from a model's Hugging Face config.json")
    n.add_argument("--from-hf", required=True, metavar="CONFIG", help="the model's config.json (a local file)")
    n.add_argument("-o", "--output", required=True, metavar="OUT", help="the scenario file to write (a new file)")
    c = sub.add_parser("catalogs", help="list pricing catalogs, their offers, and the accelerators; "
                       "or import a SkyPilot vms.csv as your own catalog (catalogs import FILE --from skypilot --id ID)")
    c.add_argument("action", nargs="?", choices=("import",), help="import FILE as a user pricing catalog")
    c.add_argument("file", nargs="?", metavar="FILE", help="the file to import (a SkyPilot vms.csv)")
    c.add_argument("--from", dest="source", choices=("skypilot",), help="the format of FILE")
    c.add_argument("--id", help="the new catalog's id")
    c.add_argument("--as-of", dest="as_of", metavar="DATE",
                   help="the date the prices were quoted (YYYY-MM-DD; default: the file's modification date)")
    c.add_argument("--cloud", help="the cloud FILE prices (default: its folder name, e.g. aws for .../aws/vms.csv)")
    c.add_argument("--source", dest="source_text", metavar="TEXT",
                   help="where FILE came from, recorded in the catalog (default: SkyPilot's catalog and the file name)")
    c.add_argument("--replace", action="store_true", help="replace your own catalog of the same id")
    c.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    b = sub.add_parser("scenarios", help="list the bundled example scenarios (usable by name as FILE)")
    b.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    for command in (s, k, r, p, o, w, t, d, m):
        _hardware(command)
    for command in (s, k, r, p):
        _confidence(command)
    for command in (s, k, r, p, o, w, t, d, m, n, c, b):
        _common(command)
    return parser
