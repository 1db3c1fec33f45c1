"""`nlp-budget`: the engine from a shell. Errors exit 2 with one readable message, never a traceback."""

from __future__ import annotations

import sys

from nlp_budget.bundled import scenario_file, scenarios_output
from nlp_budget.catalog_import import import_catalog
from nlp_budget.catalogs_out import catalogs_json, catalogs_text
from nlp_budget.memory_cmd import memory_output
from nlp_budget.new_cmd import new_output
from nlp_budget.output import emit, json_text, note
from nlp_budget.parser import FLAGS, build_parser
from nlp_budget.schedule_cmd import schedule_output
from planner.analysis.buy_or_rent import buy_or_rent
from planner.analysis.compare import compare
from planner.analysis.edits import change_count, reprice, switch_accelerator
from planner.analysis.offers import price_options, unranked_catalogs
from planner.analysis.plan import solve
from planner.analysis.sensitivity import tornado
from planner.engine.finite import computing
from planner.engine.resolve import resolve
from planner.engine.summary import summarize
from planner.files.catalogs import load_catalogs
from planner.files.scenario_load import load
from planner.model.errors import PlannerError, RequestError
from planner.present import formats
from planner.present.buy_or_rent_text import buy_or_rent_text
from planner.present.compare_text import comparison_text
from planner.present.content import scenario_schedule
from planner.present.export_format import export_format
from planner.present.report_text import (
    comparison_markdown,
    markdown_report,
    write_text_report,
)
from planner.present.text import plan_text, text
from planner.present.tidy_csv import summaries_csv


def main(argv: list[str] | None = None, pdf_writer=None) -> int:
    """`pdf_writer(path, summaries, scenarios)` writes PDF reports; by default the Qt report printer,
    imported only when a PDF is asked for."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if not argv:  # bare `nlp-budget`: the whole help, and the usage error's status (README)
        return 2 if emit(parser.format_help()) == 0 else 141
    args = parser.parse_args(argv)
    if pdf_writer is None:
        from nlp_budget.pdf import write_pdf as pdf_writer
    try:
        catalogs = load_catalogs(args.catalog_dir)
        for problem in catalogs.problems:
            note(f"warning: skipped a user catalog: {problem}")
        for notice in catalogs.notices:
            note(f"note: {notice}")
        output = _run(args, catalogs, pdf_writer)
    except RequestError as exc:
        note(f"error: {exc.message(FLAGS.get(exc.field, exc.field))}")
        return 2
    except PlannerError as exc:
        note(f"error: {exc}")
        return 2
    except KeyboardInterrupt:
        return 130
    return output if isinstance(output, int) else emit(output)


def _run(args, catalogs, pdf_writer) -> str | int:
    """The command's output text (or, for `report`, its exit code); refusals raise PlannerError."""
    if args.command == "catalogs":
        if args.action == "import":
            return import_catalog(args, catalogs)
        if args.format == "text":
            return catalogs_text(catalogs) + "\n"
        return json_text(catalogs_json(catalogs), "the catalogs")
    if args.command == "scenarios":
        return scenarios_output(args.format)
    if args.command == "new":
        return new_output(args, catalogs)
    if args.command in ("compare", "report"):
        scenarios = [_hardware(load(scenario_file(f), catalogs), args, catalogs) for f in args.files]
        summaries = []
        for scenario in scenarios:
            with computing(scenario.path):
                # refuses a figure that is not finite
                summaries.append(summarize(scenario, catalogs, confidence=args.confidence))
        if args.command == "compare":
            return _compare_output(summaries, args.format)
        return _report(args.output, summaries, scenarios, pdf_writer, catalogs)
    scenario = _hardware(load(scenario_file(args.file), catalogs), args, catalogs)
    with computing(scenario.path):
        if args.command in ("plan", "offers", "sensitivity"):
            return _backwards(args, scenario, catalogs)
        if args.command == "schedule":
            return schedule_output(scenario, catalogs, args.format)
        if args.command == "memory":
            return memory_output(args, scenario, catalogs)
        if args.command == "buy-or-rent":
            result = buy_or_rent(scenario, catalogs, args.catalog, args.offer)
            return json_text(result.as_json(), scenario.path) if args.format == "json" else buy_or_rent_text(result)
        edited = reprice(scenario, catalogs, args.catalog, args.offer)
        for n in edited.notes:
            note(f"note: {n.say(FLAGS)}")
        summary = summarize(edited.scenario, catalogs, budget_cap=args.budget_cap, confidence=args.confidence)
    writer = {"text": text, "json": lambda s: json_text(s, scenario.path), "csv": lambda s: summaries_csv([s], [scenario_schedule(s, edited.scenario)]),
              # one Markdown rendering: exactly what `report -o F.md` writes for this file
              "markdown": lambda s: markdown_report([s], [edited.scenario], catalogs=catalogs)}[args.format]
    return writer(summary)


def _hardware(scenario, args, catalogs):
    """--accelerator and --count applied to a file by the window's rules (planner.analysis.edits), with
    their notes on standard error."""
    for flag, rule in ((args.accelerator, switch_accelerator), (args.count, change_count)):
        if flag is not None:
            edited = rule(scenario, catalogs, flag)
            for n in edited.notes:
                note(f"note: {scenario.path}: {n.say(FLAGS)}")
            scenario = edited.scenario
    return scenario


def _backwards(args, scenario, catalogs) -> str:
    """plan, offers or sensitivity. Each refuses an absurd file itself, naming its key, as summary does."""
    if args.command == "plan":
        result = solve(scenario, args.solve, args.budget, args.deadline, catalogs, args.confidence)
        data, shown = result.as_json, lambda: plan_text(result)
    elif args.command == "offers":
        options = price_options(scenario, catalogs, owned=args.owned)
        if args.sort == "time":
            options.sort(key=lambda o: (o.wall_clock_hours, o.cost))
        unranked = unranked_catalogs(scenario, catalogs)
        if unranked and args.format == "json":  # the text says it below the table
            note("note: not ranked, priced in another currency: "
                 + ", ".join(f"{cat} ({cur})" for cat, cur in unranked))
        data = lambda: [{**o.__dict__, "label": o.label, "group": o.group,  # noqa: E731
                         "term_years": o.term_years} for o in options]
        shown = lambda: formats.offers_text(options, args.sort, unranked)  # noqa: E731
    else:
        swings = tornado(scenario, catalogs)
        data = lambda: [{**s.__dict__, "spread": s.spread} for s in swings]  # noqa: E731
        shown = lambda: formats.tornado_text(swings, resolve(scenario, catalogs).currency)  # noqa: E731
    return json_text(data(), scenario.path) if args.format == "json" else shown()


def _compare_output(summaries, fmt: str) -> str:
    if fmt == "json":
        return json_text(compare(summaries), "the comparison")
    if fmt == "markdown":
        return comparison_markdown(summaries)
    if fmt == "csv":
        return summaries_csv(summaries)
    return comparison_text(summaries)


def _report(output: str, summaries, scenarios, pdf_writer, catalogs=None) -> int:
    try:
        kind = export_format(output, ("pdf", "markdown", "csv"))
    except RequestError as exc:
        note(f"error: {output}: {exc.expected}")
        return 2
    try:
        if kind == "pdf":
            pdf_writer(output, summaries, scenarios)
        else:
            write_text_report(output, summaries, scenarios, catalogs=catalogs)
    except RuntimeError as exc:
        note(f"error: {exc}")
        return 2
    except OSError as exc:
        note(f"error: {output}: could not be written ({exc.strerror or exc}); nothing was changed")
        return 2
    note(f"wrote {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
