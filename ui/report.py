"""The printable budget summary: a QTextDocument built from summaries, printed or written as PDF.

Everything taken from a scenario (names, descriptions, sources) is HTML-escaped: a name such as
"<b>x</b>" prints as those characters. Charts are drawn in the print palette whatever the screen theme.
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from planner.compare import comparison_rows
from planner.formats import LABELS, engineering, hours_text, money
from planner.report_text import METHOD_NOTE, _delta, _fmt, today

CHART_SIZE = (640, 300)
# width="100%" is ignored by Qt's rich text once border-collapse is set: plain borders instead.
TABLE = '<table width="100%" cellspacing="0" cellpadding="3" border="0.5">'
STYLE = """
body { font-family: 'DejaVu Sans'; font-size: 9.5pt; color: #000; }
h1 { font-size: 16pt; margin-bottom: 2pt; } h2 { font-size: 12pt; margin-top: 10pt; }
td, th { padding: 2pt 6pt; border: 1px solid #999; }
th { background: #e8e8e8; } td.n { text-align: right; } .muted { color: #555; } .changed { background: #fff1c9; }
.total td { font-weight: bold; background: #f2f2f2; }
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _ensure_app() -> QtWidgets.QApplication:
    app = QtWidgets.QApplication.instance()
    if app is None:
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QtWidgets.QApplication([])
    return app


def _chart_image(doc: QtGui.QTextDocument, name: str, image: QtGui.QImage) -> str:
    url = QtCore.QUrl(f"chart://{name}")
    doc.addResource(QtGui.QTextDocument.ImageResource, url, image)
    width = CHART_SIZE[0] * 0.75  # points on the page, about 96 dpi
    return f'<p align="center"><img src="{url.toString()}" width="{width:.0f}"></p>'


def _iceberg(doc, index: int, summary: dict) -> str:
    from .charts import IcebergChart
    chart = IcebergChart()
    chart.set_summary(summary)
    image = chart.render_to_image(*CHART_SIZE, for_print=True)
    chart.deleteLater()
    return _chart_image(doc, f"iceberg-{index}", image)


def scenario_html(doc, index: int, summary: dict, scenario, date: str, page_break: bool) -> str:
    cur, p, f, t, a = (summary["currency"], summary["pricing"], summary["final_run"], summary["total"],
                       summary["assumptions"])
    brk = ' style="page-break-before: always"' if page_break else ""
    out = [f'<h1{brk}>{_e(summary["name"])}</h1>',
           f'<p class="muted">Budget summary, {_e(date)}</p>']
    if scenario is not None and scenario.description:
        out.append(f"<p>{_e(scenario.description)}</p>")
    price = _fmt(p["price_per_accelerator_hour"], "money", cur)
    rows = [("Model", f"{engineering(f['params'])} parameters ({engineering(f['active_params'])} active per token)"),
            ("Data", f"{engineering(f['tokens'])} training tokens; {f['flops']:.3g} FLOPs per final run"),
            ("Hardware", f"{a['count']:,g} x {a['accelerator']} at {a['precision']}"),
            ("Utilization", f"{a['utilization']:.1%} ({a['mode'].replace('_', ' ')})"),
            ("Pricing", f"{price} per accelerator-hour, {p['catalog']} {p['offer']}, as of {p['as_of']}"
             + (" (estimate)" if p.get("estimate") else "")),
            ("Price source", p["source"]),
            ("Energy", f"{a['power_watts']:g} W per accelerator, PUE {a['pue']:g}, "
                       f"{a['grid_kg_per_kwh']:g} kg CO2e per kWh")]
    out.append(f"<h2>Assumptions</h2>{TABLE}" + "".join(
        f"<tr><th align='left'>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows) + "</table>")
    out.append(f"<h2>Budget</h2>{TABLE}<tr><th>Category</th><th>Runs</th><th>Accel.-hours</th>"
               "<th>Cost</th><th>Share</th><th>MWh</th><th>t CO2e</th></tr>")
    total = t["cost"] or 1.0
    for row in summary["categories"] + [{"category": "total", **t}]:
        label = LABELS.get(row["category"], "Total")
        cells = (f"{row['runs']:,.4g}", f"{row['accelerator_hours']:,.0f}", money(row["cost"], cur),
                 f"{row['cost'] / total:.1%}", f"{row['energy_kwh'] / 1000:,.2f}", f"{row['co2_kg'] / 1000:,.2f}")
        out.append(f"<tr{' class=total' if row['category'] == 'total' else ''}><td nowrap>{label}</td>"
                   + "".join(f"<td class=n nowrap>{c}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    line = (f"<p><b>Total: {money(t['cost'], cur)}</b>, {summary['iceberg_ratio']:,.1f}x the final run "
            f"({money(f['cost'], cur)}, {hours_text(f['wall_clock_hours'])} on {a['count']:,g} accelerators).")
    unc = summary.get("uncertainty")
    if unc:
        c = unc["cost"]
        line += f" 90% range {money(c['p5'], cur)} to {money(c['p95'], cur)} (median {money(c['p50'], cur)})."
    out.append(line + f" Energy {t['energy_kwh'] / 1000:,.1f} MWh; CO2e {t['co2_kg'] / 1000:,.1f} t.</p>")
    out.append(_iceberg(doc, index, summary))
    out.append(f'<p class="muted">{_e(METHOD_NOTE)}</p>')
    return "".join(out)


def comparison_html(doc, summaries: list[dict], date: str) -> str:
    cur = summaries[0]["currency"]
    out = ["<h1>Scenario comparison</h1>",
           f'<p class="muted">{len(summaries)} scenarios, {_e(date)}; differences against the first.</p>',
           f"{TABLE}<tr><th></th>" + "".join(f"<th>{_e(s['name'])}</th>" for s in summaries) + "</tr>"]
    group = None
    for row in comparison_rows(summaries):
        if row["group"] != group:
            group = row["group"]
            out.append(f"<tr><th align='left' colspan={len(summaries) + 1}>{_e(group)}</th></tr>")
        cells = []
        for i, value in enumerate(row["values"]):
            text = _e(_fmt(value, row["kind"], cur))
            if i and row["changed"][i]:
                d = _delta(row["deltas"][i], row["relative"][i], row["kind"], cur)
                text += f" <span class=muted>({_e(d)})</span>" if d else ""
                cells.append(f"<td class='n changed'>{text}</td>")
            else:
                cells.append(f"<td class=n>{text}</td>")
        out.append(f"<tr><td>{_e(row['label'])}</td>{''.join(cells)}</tr>")
    out.append("</table>")
    try:
        from .compare_chart import CompareChart
    except ImportError:  # the chart is optional for the report; the table carries every figure
        return "".join(out)
    chart = CompareChart()
    chart.set_summaries(summaries)
    out.append(_chart_image(doc, "compare", chart.render_to_image(*CHART_SIZE, for_print=True)))
    chart.deleteLater()
    return "".join(out)


def build_document(summaries: list[dict], scenarios: list, date: str | None = None) -> QtGui.QTextDocument:
    _ensure_app()
    date = date or today()
    doc = QtGui.QTextDocument()
    doc.setDefaultStyleSheet(STYLE)
    doc.setDefaultFont(QtGui.QFont("DejaVu Sans", 9))
    parts = []
    if len(summaries) > 1:
        parts.append(comparison_html(doc, summaries, date))
    for i, (summary, scenario) in enumerate(zip(summaries, scenarios)):
        parts.append(scenario_html(doc, i, summary, scenario, date, page_break=bool(parts)))
    doc.setHtml("<html><body>" + "".join(parts) + "</body></html>")
    return doc


def _page_layout() -> QtGui.QPageLayout:
    return QtGui.QPageLayout(QtGui.QPageSize(QtGui.QPageSize.A4), QtGui.QPageLayout.Portrait,
                             QtCore.QMarginsF(18, 18, 18, 18), QtGui.QPageLayout.Millimeter)


def write_pdf(path, summaries: list[dict], scenarios: list, date: str | None = None) -> None:
    """Write the report atomically: a temporary PDF in the same folder, renamed over `path`."""
    doc = build_document(summaries, scenarios, date)
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".pdf", dir=path.parent if str(path.parent) else ".")
    os.close(fd)
    try:
        writer = QtGui.QPdfWriter(tmp)
        writer.setPageLayout(_page_layout())
        writer.setResolution(300)
        writer.setTitle(summaries[0]["name"] if len(summaries) == 1 else "Scenario comparison")
        writer.setCreator("NLP Budget Planner")
        doc.print_(writer)
        del writer  # closes the file
        if os.path.getsize(tmp) == 0:
            raise OSError(5, "the PDF writer produced an empty file")
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def print_document(doc: QtGui.QTextDocument, printer) -> None:
    printer.setPageLayout(_page_layout())
    doc.print_(printer)
