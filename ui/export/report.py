"""The printable budget summary: a QTextDocument built from summaries, printed or written as PDF.

A report is a comparison (when there are several scenarios) and then a page per scenario. What it says
comes from planner.report_text and planner.compare_text, the same as the Markdown report. Everything
taken from a scenario (names, descriptions, sources) is HTML-escaped: a name such as "<b>x</b>" prints
as those characters. Charts are drawn in the print palette whatever the screen theme, at 240 dpi
(2.5 times their 96 dpi layout), and embedded losslessly.
"""

from __future__ import annotations

import html
import math
import os

from PySide6 import QtCore, QtGui, QtWidgets

from planner.files.atomic import write_atomic
from planner.analysis.compare import comparison_rows
from planner.present.compare_text import cell_text, delta_text, short_name
from planner.present.content import (DRIVER_HEADER, METHOD_NOTE, assumption_items, budget_table,
                                     committed_text, driver_table, note_items, period_table, scenario_schedule,
                                     source_items, today, total_text, uncertainty_table)

from ui.charts.iceberg import IcebergChart
from ui.charts.printer import ChartPrinter
from ui.charts.compare_chart import CompareChart

CHART_POINTS = (440, 200)   # a chart's size on the page
# Laid out at 96 dpi, so the charts' 9 pt text prints at 9 pt; drawn at 2.5x that for a sharp print.
CHART_PIXELS = (round(CHART_POINTS[0] * 96 / 72), round(CHART_POINTS[1] * 96 / 72))
CHART_SCALE = 2.5   # 240 dpi on the page: sharp in print, and quicker to compress than 3x
OTHERS_PER_TABLE = 3        # scenarios beside the first in one comparison table: 4 value columns
LABEL_WIDTH = 22            # % of the table for the figures' names
# A value column of an A4 comparison table: 174 mm between the margins, less the names, less padding.
VALUE_COLUMN_POINTS = (174 / 25.4 * 72) * (1 - LABEL_WIDTH / 100) / (OTHERS_PER_TABLE + 1) - 10
DELTA_POINTS = 7.5
MARGINS_MM = (18, 14, 18, 10)   # left, top, right, bottom; the footer with the page number is inside
FOOTER_MM = 8
_DELTA_METRICS = None
TABLE = '<table width="100%" cellspacing="0" cellpadding="2" border="0.5">'
STYLE = """
body { font-family: 'DejaVu Sans'; font-size: 9pt; color: #000; }
p { margin-top: 3pt; margin-bottom: 3pt; }
h1 { font-size: 14pt; margin-top: 0; margin-bottom: 2pt; } h2 { font-size: 10.5pt; margin-top: 5pt; margin-bottom: 2pt; }
td, th { padding: 1pt 3pt; border: 1px solid #999; }
th { background: #e8e8e8; } td.n { text-align: right; } .muted { color: #555; } .changed { background: #fff1c9; }
.d { color: #444; font-size: 7.5pt; } .small { font-size: 8pt; } .method { font-size: 7pt; color: #555; } .total td { font-weight: bold; background: #f2f2f2; }
"""


# A scenario's page a little smaller than the comparison: the whole justification fits one A4 page.
PAGE_STYLE = STYLE.replace("font-size: 9pt", "font-size: 8pt").replace("font-size: 14pt", "font-size: 13pt")


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _nb(text) -> str:
    """Escaped, without a space to wrap at: with a `nowrap` cell, "+$484,608 (+7,011%)" stays on one line."""
    return _e(text).replace(" ", "&nbsp;")


def _ensure_app() -> QtWidgets.QApplication:
    app = QtWidgets.QApplication.instance()
    if app is None:
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QtWidgets.QApplication([])
    return app


class _Charts:
    """The report's chart printers, made when first needed, and the images they put in the document."""

    def __init__(self):
        self._printers: dict[str, ChartPrinter] = {}

    def html(self, doc: QtGui.QTextDocument, name: str, printer: ChartPrinter) -> str:
        """The chart as the printer has it now, as an image of `doc`."""
        url = f"chart://{name}"
        doc.addResource(QtGui.QTextDocument.ImageResource, QtCore.QUrl(url), printer.image())
        w, h = CHART_POINTS
        # The document lays out at 96 dpi: a size in its pixels is the size in points x 4/3.
        return f'<p align="center"><img src="{url}" width="{w * 4 / 3:.0f}" height="{h * 4 / 3:.0f}"></p>'

    def get(self, kind: str) -> ChartPrinter:
        if kind not in self._printers:
            chart_type = IcebergChart if kind == "iceberg" else CompareChart
            self._printers[kind] = ChartPrinter(chart_type, CHART_PIXELS, CHART_SCALE)
        return self._printers[kind]

    def close(self) -> None:
        for printer in self._printers.values():
            printer.close()


# -- a page per scenario ----------------------------------------------------------------------------
def _items_table(items: list[tuple[str, str]]) -> str:
    return TABLE + "".join(f"<tr><th align='left' width='18%'>{_e(k)}</th><td>{_e(v)}</td></tr>"
                           for k, v in items) + "</table>"


def _budget_table(summary: dict) -> tuple[str, list[str]]:
    """report_text.budget_table as HTML, the total (its last row) in bold; and the categories left out."""
    header, rows, left_out = budget_table(summary)
    out = [f"{TABLE}<thead><tr><th align='left' width='36%'>{_e(header[0])}</th>"
           + "".join(f"<th>{_e(h)}</th>" for h in header[1:]) + "</tr></thead>"]
    for r, row in enumerate(rows):
        total = " class=total" if r == len(rows) - 1 else ""
        out.append(f"<tr{total}><td>{_e(row[0])}</td>" + "".join(f"<td class=n nowrap>{_nb(c)}</td>" for c in row[1:])
                   + "</tr>")
    out.append("</table>")
    return "".join(out), left_out


def _uncertainty_html(summary: dict) -> str:
    unc = uncertainty_table(summary)
    if not unc:
        return ""
    caption, rows, ranged = unc
    out = [f'<p class="small"><b>Uncertainty</b>: {_e(caption)}'
           + (f"; inputs given as ranges: {_e(ranged)}" if ranged else "") + ".</p>",
           '<table cellspacing="0" cellpadding="2" border="0.5"><thead><tr><th align="left">Total</th>'
           "<th>5%</th><th>Median</th><th>95%</th></tr></thead>"]
    out += ["<tr>" + f"<td>{_nb(r[0])}</td>" + "".join(f"<td class=n nowrap>{_nb(c)}</td>" for c in r[1:]) + "</tr>"
            for r in rows]
    return "".join(out) + "</table>"


def _notes_html(summary: dict) -> str:
    return "".join(f'<p class="small"><b>{_e(label)}:</b> {_e(text)}</p>' for label, text in note_items(summary))


def _side_by_side(left: str, right: str) -> str:
    """The uncertainty table beside the notes (a page per scenario has no room for one under the other). The
    left gets a little more: the spend per period's dates must not wrap (at 50% they broke mid-date)."""
    if not (left and right):
        return left + right
    return ('<table width="100%" cellspacing="0" cellpadding="0" border="0"><tr>'
            f'<td width="56%" style="border: none; padding-right: 8pt">{left}</td>'
            f'<td width="44%" style="border: none">{right}</td></tr></table>')


def _plain_table(header, rows, total_last: bool = False, first_width: str = "") -> str:
    """A small table: the first column text, the others right-aligned numbers."""
    width = f" width='{first_width}'" if first_width else ""
    out = [f"{TABLE}<thead><tr><th align='left'{width}>{_e(header[0])}</th>"
           + "".join(f"<th>{_e(h)}</th>" for h in header[1:]) + "</tr></thead>"]
    for r, row in enumerate(rows):
        total = " class=total" if total_last and r == len(rows) - 1 else ""
        out.append(f"<tr{total}><td>{_e(row[0])}</td>" + "".join(f"<td class=n nowrap>{_nb(c)}</td>" for c in row[1:])
                   + "</tr>")
    return "".join(out) + "</table>"


def _periods_html(summary, scenario) -> str:
    periods = period_table(scenario_schedule(summary, scenario))
    if not periods:
        return ""
    caption, header, rows = periods
    return (f"<h2>Spend per period</h2>{_plain_table(header, rows, total_last=True)}"
            f'<p class="small muted">{_e(caption)}</p>')


def _drivers_html(summary, scenario, catalogs) -> str:
    drivers = driver_table(scenario, summary.currency, catalogs)
    if not drivers:
        return ""
    return ("<h2>What moves the total</h2>" + _plain_table(DRIVER_HEADER, drivers, first_width="46%")
            + '<p class="small muted">Each input swung alone across its 90% range, or by ±25% (counts by ±1).</p>')


def scenario_html(doc, charts: _Charts, index: int, summary: dict, scenario, date: str, catalogs=None) -> str:
    """One scenario's budget justification: the committed budget, the budget by category and line item,
    spend per period, what moves the total, uncertainty, assumptions, notes and sources."""
    out = [f'<h1>{_e(summary.name)}</h1>', f'<p class="small"><span class="muted">Budget justification, '
           f'{_e(date)}.</span>']
    if scenario is not None and scenario.description:
        out.append(f" {_e(scenario.description)}")
    out.append("</p>")
    budget, left_out = _budget_table(summary)
    out += [f"<p><b>{_e(committed_text(summary))}</b></p>",
            "<h2>Budget</h2>", budget, f"<p>{_e(total_text(summary))}"
            + (f' <span class="small muted">No cost in: {_e(", ".join(left_out))}.</span>' if left_out else "")
            + "</p>",
            _side_by_side(_periods_html(summary, scenario), _uncertainty_html(summary)),
            _drivers_html(summary, scenario, catalogs), _notes_html(summary),
            "<h2>Assumptions and sources</h2>",
            # the price and energy sources are in the assumptions already: the line items' are added
            _items_table(assumption_items(summary) + [i for i in source_items(summary)
                                                      if i[0] not in ("Prices", "Energy")])]
    return "".join(out)


# -- the comparison ---------------------------------------------------------------------------------
def _blocks(n: int) -> list[list[int]]:
    """Scenario columns per table: the first (the baseline) in every one, then up to three others,
    spread evenly (four others make two tables of two, not one of three and one of one)."""
    tables = max(1, -(-(n - 1) // OTHERS_PER_TABLE))
    size, extra = divmod(n - 1, tables)
    blocks, start = [], 1
    for k in range(tables):
        end = start + size + (k < extra)
        blocks.append([0] + list(range(start, end)))
        start = end
    return blocks


TABLES = (("Assumptions", lambda r: r["group"] == "Assumptions", lambda r: r["label"]),
          ("Cost per category", lambda r: r["group"] == "Cost", lambda r: r["label"]),
          ("Other measures", lambda r: r["group"] not in ("Assumptions", "Cost") and r["category"] in ("final", "total"),
           lambda r: f"{r['group']}, {'total' if r['category'] == 'total' else 'final run'}"))


def _comparison_table(title: str, rows: list[dict], columns: list[int], summaries: list[dict], label,
                      breaks: frozenset[int] = frozenset()) -> str:
    """A titled table with its header row in <thead> (repeated on every page it runs onto). Before a
    row in `breaks` the table ends, and goes on, header first, on the next page: see _unsplit_rows."""
    head = "".join(f"<th>{i + 1}.&nbsp;{_e(short_name(summaries[i].name, 22))}</th>" for i in columns)
    start = (f"<thead><tr><th align='left' width='{LABEL_WIDTH}%'>Figure</th>{head}</tr></thead>")
    title_break = ' style="page-break-before: always"' if 0 in breaks else ""
    out = [f"<h2{title_break}>{_e(title)}</h2>", TABLE + start]
    for r, row in enumerate(rows):
        if r and r in breaks:
            out.append("</table>" + TABLE.replace("<table", '<table style="page-break-before: always"') + start)
        cells = "".join(_comparison_cell(row, i) for i in columns)
        style = " class=total" if row.get("category") == "total" and row["group"] == "Cost" else ""
        out.append(f"<tr{style}><td>{_e(label(row))}</td>{cells}</tr>")
    return "".join(out) + "</table>"


def _comparison_cell(row: dict, i: int) -> str:
    """The value, and under it its difference from the first scenario; a number never wraps."""
    value = cell_text(row, i)
    text = _e(value) if row["kind"] == "text" else _nb(value)   # an id or a place may wrap at its spaces
    changed = bool(i and row["changed"][i])
    if not changed:
        return f"<td class=n>{text}</td>"
    lines = _fitted(delta_text(row, i))
    under = "".join(f"<br><span class=d>{_nb(line)}</span>" for line in lines)
    return f"<td class='n changed'><b>{text}</b>{under}</td>"


def _fitted(delta: str) -> list[str]:
    """A difference on one line, or its relative part on a second when the column is too narrow."""
    if not delta or _delta_points(delta) <= VALUE_COLUMN_POINTS or " (" not in delta:
        return [delta] if delta else []
    absolute, relative = delta.split(" (", 1)
    return [absolute, "(" + relative]


def _delta_points(text: str) -> float:
    global _DELTA_METRICS
    if _DELTA_METRICS is None:
        device = QtGui.QImage(1, 1, QtGui.QImage.Format.Format_ARGB32)
        device.setDotsPerMeterX(2835)   # 72 dpi: the metrics are in points
        device.setDotsPerMeterY(2835)
        _DELTA_METRICS = QtGui.QFontMetricsF(QtGui.QFont("DejaVu Sans", DELTA_POINTS), device)
    return _DELTA_METRICS.horizontalAdvance(text)


class Comparison:
    """The comparison pages: title, key, chart, then per block of scenarios three tables. Rebuilt
    with breaks where a row would otherwise be split over two pages (see _unsplit_rows)."""

    def __init__(self, doc, charts: _Charts, summaries: list[dict], date: str):
        self.summaries, self.date = summaries, date
        printer = charts.get("compare")
        printer.chart.set_summaries(summaries, numbered=True)
        self.chart = charts.html(doc, "compare", printer)
        rows = comparison_rows(summaries)
        blocks = _blocks(len(summaries))
        self.tables = []   # (title, rows, columns, label): one per HTML table, in order
        for columns in blocks:
            part = f" (scenarios {', '.join(str(i + 1) for i in columns)})" if len(blocks) > 1 else ""
            self.tables += [(title + part, [r for r in rows if keep(r)], columns, label) for title, keep, label in TABLES]

    def html(self, breaks: dict[int, set[int]]) -> str:
        """The pages' HTML; `breaks[t]`: rows of table t before which it goes on on a new page."""
        out = ["<h1>Scenario comparison</h1>",
               f'<p class="muted">{len(self.summaries)} scenarios, {_e(self.date)}. Differences are against '
               "scenario 1, under each figure. Money is in each scenario's own currency and is not compared "
               "across currencies (n/a); \"not given\": the scenario does not give the figure.</p>",
               '<p class="small">' + "<br>".join(f"<b>{i}.</b> {_e(s.name)}"
                                                 for i, s in enumerate(self.summaries, 1)) + "</p>",
               self.chart]
        for t, (title, rows, columns, label) in enumerate(self.tables):
            out.append(_comparison_table(title, rows, columns, self.summaries, label,
                                         frozenset(breaks.get(t, ()))))
        out.append(f'<p class="method">{_e(METHOD_NOTE)}</p>')
        return "".join(out)


def _split_row(doc: QtGui.QTextDocument, table_rows: list[int]) -> tuple[int, int] | None:
    """The first (table, row) whose lines lie on two pages, as indexes into Comparison.tables and
    their rows; row 0 when a table starts on another page than its title. None when there is none.

    Qt moves a table row to the next page only when no cell's first line fits on this one; a cell of
    two lines (a value, its difference) is split instead. `table_rows` gives, for every QTextTable in
    the document in order, (the Comparison table it belongs to, the row its first body row is)."""
    page = doc.pageSize().height()
    layout = doc.documentLayout()
    tables = [f for f in doc.rootFrame().childFrames() if isinstance(f, QtGui.QTextTable)]
    for table, (t, first) in zip(tables, table_rows):
        title = layout.blockBoundingRect(doc.findBlock(table.firstPosition() - 1))
        for r in range(1, table.rows()):
            top, bottom = math.inf, -math.inf
            for c in range(table.columns()):
                cell = table.cellAt(r, c)
                top = min(top, layout.blockBoundingRect(doc.findBlock(cell.firstPosition())).top())
                bottom = max(bottom, layout.blockBoundingRect(doc.findBlock(cell.lastPosition())).bottom())
            if int(top // page) != int((bottom - 1) // page):
                return t, first + r - 1
            if r == 1 and first == 0 and int(title.top() // page) != int(top // page):
                return t, 0
    return None


def _table_rows(comparison: Comparison, breaks: dict[int, set[int]]) -> list[tuple[int, int]]:
    """For each HTML table the breaks make, (its Comparison table, the index of its first row)."""
    out = []
    for t in range(len(comparison.tables)):
        out += [(t, first) for first in sorted({0} | (breaks.get(t, set()) - {0}))]
    return out


def _unsplit_rows(doc: QtGui.QTextDocument, comparison: Comparison) -> None:
    """Lay the comparison out, and break its tables before every row Qt would split over two pages."""
    breaks: dict[int, set[int]] = {}
    for _ in range(50):   # a break per page at most; 50 pages of comparison is far beyond ten scenarios
        doc.setHtml("<html><body>" + comparison.html(breaks) + "</body></html>")
        found = _split_row(doc, _table_rows(comparison, breaks))
        if found is None:
            return
        t, r = found
        if r in breaks.get(t, set()):
            return   # a row taller than a page: nothing to gain
        breaks.setdefault(t, set()).add(r)


def _body_size(device: QtGui.QPagedPaintDevice) -> QtCore.QSizeF:
    """The text area of a page in device pixels: the page within its margins, less the footer."""
    return QtCore.QSizeF(device.width(), device.height() - FOOTER_MM / 25.4 * device.logicalDpiY())


def _new_document(device: QtGui.QPagedPaintDevice, style: str = STYLE) -> QtGui.QTextDocument:
    doc = QtGui.QTextDocument()
    doc.setDefaultStyleSheet(style)
    doc.setDefaultFont(QtGui.QFont("DejaVu Sans", 9))
    doc.documentLayout().setPaintDevice(device)   # lengths in the HTML are at 96 dpi, scaled to the device
    doc.setDocumentMargin(0)
    doc.setPageSize(_body_size(device))           # paginated: a table's header row repeats on every page
    return doc


def build_documents(summaries: list[dict], scenarios: list, device: QtGui.QPagedPaintDevice,
                    date: str | None = None) -> list[QtGui.QTextDocument]:
    """The report laid out for `device`: the comparison (when there are several scenarios), then a
    document per scenario, each starting on a new page."""
    _ensure_app()
    date = date or today()
    docs = []
    charts = _Charts()
    try:
        if len(summaries) > 1:
            doc = _new_document(device)
            _unsplit_rows(doc, Comparison(doc, charts, summaries, date))
            docs.append(doc)
        for i, (summary, scenario) in enumerate(zip(summaries, scenarios)):
            doc = _new_document(device, PAGE_STYLE)
            html = scenario_html(doc, charts, i, summary, scenario, date)
            if len(summaries) == 1:
                html += f'<p class="method">{_e(METHOD_NOTE)}</p>'
            doc.setHtml("<html><body>" + html + "</body></html>")
            docs.append(doc)
    finally:
        charts.close()
    return docs


def _page_layout() -> QtGui.QPageLayout:
    return QtGui.QPageLayout(QtGui.QPageSize(QtGui.QPageSize.A4), QtGui.QPageLayout.Portrait,
                             QtCore.QMarginsF(*MARGINS_MM), QtGui.QPageLayout.Millimeter)


def paint_documents(docs: list[QtGui.QTextDocument], device: QtGui.QPagedPaintDevice) -> int:
    """Paint the documents (from build_documents) page by page, "Page n of N" under each; returns N.

    What QTextDocument.print_ does, with two differences: images are stored losslessly (its own
    painter lacks LosslessImageRendering, so Qt's PDF engine writes JPEG and charts print soft), and
    the page's margins are the only ones (print_ adds 2 cm of its own inside them).
    """
    painter = QtGui.QPainter(device)
    if not painter.isActive():
        raise OSError(5, "the report could not be started on the printer or PDF")
    painter.setRenderHint(QtGui.QPainter.RenderHint.LosslessImageRendering)
    body = _body_size(device)
    pages = [(doc, i) for doc in docs for i in range(doc.pageCount())]
    for n, (doc, i) in enumerate(pages):
        if n:
            device.newPage()
        painter.save()
        painter.setClipRect(QtCore.QRectF(QtCore.QPointF(0, 0), body))   # a line moved on is not drawn here
        painter.translate(0, -i * body.height())
        context = QtGui.QAbstractTextDocumentLayout.PaintContext()
        context.clip = QtCore.QRectF(0, i * body.height(), body.width(), body.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()
        painter.setFont(QtGui.QFont(QtGui.QFont("DejaVu Sans", 7), device))
        painter.setPen(QtGui.QColor("#555555"))
        painter.drawText(QtCore.QRectF(0, body.height(), body.width(), device.height() - body.height()),
                         int(QtCore.Qt.AlignRight | QtCore.Qt.AlignBottom), f"Page {n + 1} of {len(pages)}")
    painter.end()
    return len(pages)


def pdf_bytes(summaries: list[dict], scenarios: list, date: str | None = None) -> bytes:
    """The report as PDF, in memory."""
    _ensure_app()
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    writer = QtGui.QPdfWriter(buffer)
    writer.setPageLayout(_page_layout())
    writer.setResolution(300)
    writer.setTitle(summaries[0].name if len(summaries) == 1 else "Scenario comparison")
    writer.setCreator("NLP Budget Planner")
    paint_documents(build_documents(summaries, scenarios, writer, date), writer)
    del writer  # finishes the PDF
    data = bytes(buffer.data())
    if not data:
        raise OSError(5, "the PDF writer produced an empty file")
    return data


def write_pdf(path, summaries: list[dict], scenarios: list, date: str | None = None) -> None:
    """Write the report atomically (planner.atomic: a temporary file in the same folder, fsync, rename),
    keeping an existing file's permissions."""
    write_atomic(path, pdf_bytes(summaries, scenarios, date))


def print_report(printer, summaries: list[dict], scenarios: list) -> None:
    """The report on a printer (QPrinter from the print dialog)."""
    printer.setPageLayout(_page_layout())
    paint_documents(build_documents(summaries, scenarios, printer), printer)
