"""`nlp-budget`: the engine from a shell. Errors exit 2 with one readable message, never a traceback."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tomllib
from contextlib import contextmanager
from importlib import resources
from dataclasses import replace
from pathlib import Path

from . import formats
from .compare import compare
from .compare_text import comparison_csv, comparison_text
from .options import price_options, unranked_catalogs
from .plan import solve
from .quantities import parse_quantity
from .resolve import resolve
from .sensitivity import tornado
from .report_text import comparison_markdown, write_text_report
from .catalogs import PriceLookupError, load_catalogs, region_refusal
from .errors import ScenarioError, nearest
from .scenario import OFFERS
from .scenario_load import load
from .summary import summarize
from .values import Range


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
                   help="show the probability that the total exceeds AMOUNT")
    _common(s)
    k = sub.add_parser("compare", help="compare scenario files side by side, differences from the first")
    k.add_argument("files", nargs="+", metavar="FILE")
    k.add_argument("--format", choices=("text", "json", "markdown", "csv"), default="text")
    _common(k)
    r = sub.add_parser("report", help="write a budget summary (.pdf, .md or .csv, from OUT's extension)")
    r.add_argument("files", nargs="+", metavar="FILE")
    r.add_argument("-o", "--output", required=True, metavar="OUT")
    _common(r)
    p = sub.add_parser("plan", help="plan backwards: tokens or trials a budget buys, count for a deadline")
    p.add_argument("file")
    p.add_argument("--budget", type=_amount, help="total budget, e.g. 250000 or 250k")
    p.add_argument("--solve", choices=("tokens", "trials", "count"), required=True)
    p.add_argument("--deadline", type=float, metavar="DAYS", help="wall-clock days for the whole project")
    p.add_argument("--format", choices=("text", "json"), default="text")
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
    c = sub.add_parser("catalogs", help="list pricing catalogs, their offers, and the accelerators")
    c.add_argument("--format", choices=("text", "json"), default="text")
    _common(c)
    b = sub.add_parser("scenarios", help="list the bundled example scenarios (usable by name as FILE)")
    b.add_argument("--format", choices=("text", "json"), default="text")
    _common(b)
    return parser


def main(argv: list[str] | None = None, pdf_writer=None) -> int:
    """`pdf_writer(path, summaries, scenarios)` writes PDF reports; the Qt front end passes one in,
    so that this module, like all of planner/, never imports Qt."""
    args = build_parser().parse_args(argv)
    try:
        catalogs = load_catalogs(args.catalog_dir)
        for problem in catalogs.problems:
            _note(f"warning: skipped a user catalog: {problem}")
        for notice in catalogs.notices:
            _note(f"note: {notice}")
        output = _run(args, catalogs, pdf_writer)
    except ScenarioError as exc:
        _note(f"error: {exc}")
        return 2
    except KeyboardInterrupt:
        return 130
    return output if isinstance(output, int) else _emit(output)


def _run(args, catalogs, pdf_writer) -> str | int:
    """The command's output text (or, for `report`, its exit code); refusals raise ScenarioError."""
    if args.command == "catalogs":
        if args.format == "text":
            return _catalogs_text(catalogs) + "\n"
        return _json(_catalogs_json(catalogs), "the catalogs")
    if args.command == "scenarios":
        return _scenarios_output(args.format)
    if args.command in ("compare", "report"):
        scenarios = [load(_scenario_file(f), catalogs) for f in args.files]
        summaries = []
        for scenario in scenarios:
            with _computing(scenario.path):
                summaries.append(summarize(scenario, catalogs))  # refuses a figure that is not finite
        if args.command == "compare":
            return _compare_output(summaries, args.format)
        return _report(args.output, summaries, scenarios, pdf_writer)
    scenario = load(_scenario_file(args.file), catalogs)
    with _computing(scenario.path):
        if args.command in ("plan", "offers", "sensitivity"):
            return _backwards(args, scenario, catalogs)
        scenario = _override_pricing(scenario, args, catalogs)
        summary = summarize(scenario, catalogs, budget_cap=args.budget_cap)
    writer = {"text": formats.text, "markdown": formats.markdown, "json": lambda s: _json(s, scenario.path),
              "csv": lambda s: formats.summary_csv([s])}[args.format]
    return writer(summary)


@contextmanager
def _computing(file):
    """Arithmetic that fails on a file's extreme numbers becomes one readable error naming the file."""
    try:
        yield
    except ArithmeticError as exc:  # OverflowError, ZeroDivisionError, FloatingPointError
        raise ScenarioError(file, None, f"cannot be computed ({exc}): a number in the file is too large or "
                            "too small for the arithmetic; check its largest and smallest values") from None


def _json(data, file) -> str:
    """JSON text; never Infinity or NaN, which JSON does not have and other programs would choke on."""
    try:
        return json.dumps(data, indent=2, allow_nan=False) + "\n"
    except ValueError:
        raise ScenarioError(file, None, "gives a figure that is not a finite number: a number in the file "
                            "is too large or too small; check its largest and smallest values") from None


def _emit(text: str) -> int:
    """Write the output; a reader that went away (`| head`) or a full disk is no traceback."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return 141  # as a command killed by SIGPIPE, the shell's convention (128 + 13)
    except OSError as exc:
        _silence_stdout()
        _note(f"error: the output could not be written ({exc.strerror or exc})")
        return 2
    return 0


def _silence_stdout() -> None:
    """Point stdout at devnull, so that Python's own flush at exit does not fail a second time
    (the recipe of the Python docs, signal module, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # stdout is not a real file (a test's capture): nothing is flushed at exit


def _note(text: str) -> None:
    try:
        print(text, file=sys.stderr)
    except OSError:
        pass  # nowhere left to say it


def _bundled_scenarios() -> dict[str, str]:
    """Bundled example scenarios by name (file stem) -> path."""
    folder = resources.files("planner.scenarios")
    return {entry.name[:-5]: str(entry) for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(".toml")}


def _scenario_file(name: str) -> str:
    """FILE as given, or, when no such file exists, the bundled scenario of that name ("bert-large")."""
    if Path(name).exists() or os.sep in name or "/" in name:
        return name
    scenarios = _bundled_scenarios()
    bundled = scenarios.get(name.removesuffix(".toml"))
    if bundled is None and name.endswith(".toml"):
        return name  # a file name: loading it says that it cannot be read
    if bundled is None:
        raise ScenarioError(name, None, "is neither a file nor a bundled scenario (" + nearest(name, scenarios)
                            + "; nlp-budget scenarios lists them)")
    _note(f"note: {name} is the bundled scenario {bundled}")
    return bundled


def _scenarios_output(fmt: str) -> str:
    rows = []
    for name, path in _bundled_scenarios().items():
        with open(path, "rb") as handle:
            title = tomllib.load(handle).get("name", "")
        rows.append({"name": name, "title": title, "path": path})
    if fmt == "json":
        return _json(rows, "the bundled scenarios")
    width = max(len(r["name"]) for r in rows)
    return "".join(f"{r['name']:<{width}}  {r['title']}\n" for r in rows)


def _amount(text: str) -> float:
    try:
        value = parse_quantity(text.replace("$", ""), allow_range=False)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def _backwards(args, scenario, catalogs) -> str:
    """plan, offers or sensitivity. Each refuses an absurd file itself, naming its key, as summary does."""
    if args.command == "plan":
        result = solve(scenario, args.solve, args.budget, args.deadline, catalogs)
        data, text = result.as_json, lambda: formats.plan_text(result)
    elif args.command == "offers":
        options = price_options(scenario, catalogs)
        if args.sort == "time":
            options.sort(key=lambda o: (o.wall_clock_hours, o.cost))
        unranked = unranked_catalogs(scenario, catalogs)
        if unranked and args.format == "json":  # the text says it below the table
            _note("note: not ranked, priced in another currency: "
                  + ", ".join(f"{cat} ({cur})" for cat, cur in unranked))
        data = lambda: [{**o.__dict__, "label": o.label} for o in options]  # noqa: E731
        text = lambda: formats.offers_text(options, args.sort, unranked)  # noqa: E731
    else:
        swings = tornado(scenario, catalogs)
        data = lambda: [{**s.__dict__, "spread": s.spread} for s in swings]  # noqa: E731
        text = lambda: formats.tornado_text(swings, resolve(scenario, catalogs).currency)  # noqa: E731
    return _json(data(), scenario.path) if args.format == "json" else text()


def _compare_output(summaries, fmt: str) -> str:
    if fmt == "json":
        return _json(compare(summaries), "the comparison")
    if fmt == "markdown":
        return comparison_markdown(summaries)
    if fmt == "csv":
        return comparison_csv(summaries) if len(summaries) > 1 else formats.summary_csv(summaries)
    return comparison_text(summaries)


def _report(output: str, summaries, scenarios, pdf_writer) -> int:
    suffix = Path(output).suffix.lower()
    try:
        if suffix == ".pdf":
            if pdf_writer is None:
                _note("error: PDF reports need the window's Qt libraries: install the 'gui' extra and run "
                      "nlp-budget")
                return 2
            pdf_writer(output, summaries, scenarios)
        else:
            write_text_report(output, summaries, scenarios)
    except ValueError as exc:
        _note(f"error: {exc}; expected OUT ending in .pdf, .md or .csv")
        return 2
    except OSError as exc:
        _note(f"error: {output}: could not be written ({exc.strerror or exc}); nothing was changed")
        return 2
    _note(f"wrote {output}")
    return 0


def _override_pricing(scenario, args, catalogs):
    """--catalog / --offer price the file's project elsewhere. They replace the file's price_per_hour
    (else they would change nothing), and keep its region where the new catalog prices there."""
    if not (args.catalog or args.offer):
        return scenario
    p, acc, file = scenario.pricing, scenario.compute.accelerator, scenario.path
    option = "--catalog" if args.catalog else "--offer"
    if args.catalog and args.catalog not in catalogs.pricing:
        raise ScenarioError(file, "--catalog", "expected a pricing catalog id ("
                            + nearest(args.catalog, catalogs.pricing) + ")", f'"{args.catalog}"')
    cat = catalogs.pricing[args.catalog or p.catalog]
    notes = []
    if p.price_per_hour is not None:
        notes.append(f"{option} replaces the file's pricing.price_per_hour = {_plain(p.price_per_hour)}")
    region = p.region
    if args.catalog and region is not None and region_refusal(cat, acc, catalogs.regions[region]):
        notes.append(f'catalog "{cat.id}" does not price "{acc}" in the file\'s region "{region}": using '
                     "the catalog's default region")
        region = None
    pricing = replace(p, catalog=cat.id, offer=args.offer or p.offer, region=region, price_per_hour=None)
    needed = [pricing.offer] + (["spot"] if scenario.whatif.spot and pricing.offer != "spot" else [])
    for offer in needed:
        try:
            cat.price(acc, offer, region)
        except PriceLookupError as exc:
            needs = "; the file's whatif.spot needs a spot price" if offer != pricing.offer else ""
            key = "--offer" if exc.key == "pricing.offer" and args.offer else option
            raise ScenarioError(file, key, f"{exc}{needs}") from None
    for note in notes:
        _note(f"note: {note}")
    return replace(scenario, pricing=pricing)


def _plain(value) -> str:
    return f"[{value.low:g}, {value.high:g}]" if isinstance(value, Range) else f"{value:g}"


def _catalogs_json(catalogs) -> dict:
    return {
        "pricing": [{"id": c.id, "name": c.name, "as_of": c.as_of, "currency": c.currency, "source": c.source,
                     "bundled": c.bundled, "path": c.path,
                     "prices": {a: c.offers_for(a) for a in c.accelerators()}} for c in catalogs.pricing.values()],
        "accelerators": [{"id": a.id, "name": a.name, "peak_tflops": a.peak_tflops, "memory_gb": a.memory_gb,
                          "tdp_watts": a.tdp_watts, "source": a.source, "estimate": a.estimate}
                         for a in catalogs.accelerators.values()],
        "problems": list(catalogs.problems),
    }


def _catalogs_text(catalogs) -> str:
    lines = ["Pricing catalogs", "----------------"]
    for c in sorted(catalogs.pricing.values(), key=lambda c: c.id):
        origin = "" if c.bundled else f"  (user: {c.path})"
        lines.append(f"{c.id:<16} as of {c.as_of}  {c.currency}  {c.name}{origin}")
        lines.append(f"{'':<16} source: {c.source}")
        for acc in c.accelerators():
            offers = []
            for offer in c.offers_for(acc):
                try:
                    price = c.price(acc, offer, None)
                except LookupError:
                    continue
                value = price.value
                shown = f"{value.low:.3g}-{value.high:.3g}" if hasattr(value, "low") else f"{value:.4g}"
                offers.append(f"{offer} {shown}" + ("*" if price.estimate else ""))
            lines.append(f"{'':<18}{acc:<11} " + ", ".join(offers))
    lines += ["", "(prices per accelerator-hour; * an estimate or derived)", "", "Accelerators", "------------"]
    for a in catalogs.accelerators.values():
        peaks = ", ".join(f"{k} {v:g}" for k, v in a.peak_tflops.items())
        mem = f"{a.memory_gb:g} GB" if a.memory_gb else "? GB"
        power = f"{a.tdp_watts:g} W" if a.tdp_watts else "power n/a"
        lines.append(f"{a.id:<11} {a.name:<32} {mem:>7}  {power:>9}  dense TFLOP/s: {peaks}"
                     + ("  [estimate]" if a.estimate else ""))
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
