"""`nlp-budget`: the engine from a shell. Errors exit 2 with one readable message, never a traceback."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace

from pathlib import Path

from . import formats
from .compare import compare
from .options import price_options
from .plan import solve
from .quantities import parse_quantity
from .sensitivity import tornado
from .report_text import comparison_markdown, write_text_report
from .catalogs import load_catalogs
from .errors import ScenarioError, nearest
from .scenario import OFFERS
from .scenario_load import load
from .summary import summarize


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
    return parser


def main(argv: list[str] | None = None, pdf_writer=None) -> int:
    """`pdf_writer(path, summaries, scenarios)` writes PDF reports; the Qt front end passes one in,
    so that this module, like all of planner/, never imports Qt."""
    args = build_parser().parse_args(argv)
    try:
        catalogs = load_catalogs(args.catalog_dir)
        for problem in catalogs.problems:
            print(f"warning: skipped a user catalog: {problem}", file=sys.stderr)
        if args.command == "catalogs":
            print(_catalogs_text(catalogs) if args.format == "text" else json.dumps(_catalogs_json(catalogs), indent=2))
            return 0
        if args.command in ("compare", "report"):
            scenarios = [load(f, catalogs) for f in args.files]
            summaries = [summarize(s, catalogs) for s in scenarios]
            if args.command == "compare":
                sys.stdout.write(_compare_output(summaries, args.format))
                return 0
            return _report(args.output, summaries, scenarios, pdf_writer)
        scenario = load(args.file, catalogs)
        if args.command in ("plan", "offers", "sensitivity"):
            sys.stdout.write(_backwards(args, scenario, catalogs))
            return 0
        scenario = _override_pricing(scenario, args, catalogs)
        summary = summarize(scenario, catalogs, budget_cap=args.budget_cap)
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    writer = {"text": formats.text, "markdown": formats.markdown,
              "json": lambda s: json.dumps(s, indent=2) + "\n",
              "csv": lambda s: formats.csv_text([s])}[args.format]
    sys.stdout.write(writer(summary))
    return 0


def _amount(text: str) -> float:
    try:
        value = parse_quantity(text.replace("$", ""), allow_range=False)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def _backwards(args, scenario, catalogs) -> str:
    if args.command == "plan":
        result = solve(scenario, args.solve, args.budget, args.deadline, catalogs)
        if args.format == "json":
            return json.dumps(result.as_json(), indent=2) + "\n"
        return formats.plan_text(result)
    if args.command == "offers":
        options = price_options(scenario, catalogs)
        if args.sort == "time":
            options.sort(key=lambda o: (o.wall_clock_hours, o.cost))
        if args.format == "json":
            return json.dumps([{**o.__dict__, "label": o.label} for o in options], indent=2) + "\n"
        return formats.offers_text(options, args.sort)
    swings = tornado(scenario, catalogs)
    if args.format == "json":
        return json.dumps([{**s.__dict__, "spread": s.spread} for s in swings], indent=2) + "\n"
    return formats.tornado_text(swings)


def _compare_output(summaries, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(compare(summaries), indent=2) + "\n"
    if fmt == "markdown":
        return comparison_markdown(summaries)
    if fmt == "csv":
        return formats.csv_text(summaries)
    return formats.comparison_text(summaries)


def _report(output: str, summaries, scenarios, pdf_writer) -> int:
    suffix = Path(output).suffix.lower()
    try:
        if suffix == ".pdf":
            if pdf_writer is None:
                print("error: PDF reports need the window's Qt libraries: install the 'gui' extra and run "
                      "nlp-budget", file=sys.stderr)
                return 2
            pdf_writer(output, summaries, scenarios)
        else:
            write_text_report(output, summaries, scenarios)
    except ValueError as exc:
        print(f"error: {exc}; expected OUT ending in .pdf, .md or .csv", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {output}: could not be written ({exc.strerror or exc}); nothing was changed",
              file=sys.stderr)
        return 2
    print(f"wrote {output}", file=sys.stderr)
    return 0


def _override_pricing(scenario, args, catalogs):
    if not (args.catalog or args.offer):
        return scenario
    pricing = replace(scenario.pricing, catalog=args.catalog or scenario.pricing.catalog,
                      offer=args.offer or scenario.pricing.offer,
                      region=None if args.catalog else scenario.pricing.region)
    if pricing.catalog not in catalogs.pricing:
        raise ScenarioError(None, "--catalog", "expected a pricing catalog id ("
                            + nearest(pricing.catalog, catalogs.pricing) + ")", f'"{pricing.catalog}"')
    if pricing.price_per_hour is None:
        try:
            catalogs.pricing[pricing.catalog].price(scenario.compute.accelerator, pricing.offer, pricing.region)
        except LookupError as exc:
            raise ScenarioError(None, "--catalog/--offer", str(exc)) from None
    return replace(scenario, pricing=pricing)


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
