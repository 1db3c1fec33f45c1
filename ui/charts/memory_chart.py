"""The Memory tab: one stacked bar of memory per accelerator (weights, gradients, Adam state, activations)
against the accelerator's memory, with the fewest accelerators that fit. It draws the summary's
`checks.memory` block (planner/engine/memory.py), the figures `nlp-budget memory FILE` prints."""

from __future__ import annotations

import textwrap

from PySide6 import QtCore

import pyqtgraph as pg

from planner.present.memory_text import fewest_text
from ui.charts.chart import Chart, move_item, show_item

PARTS = (("weights", "Weights", "#0072B2"), ("gradients", "Gradients", "#56B4E9"),
         ("optimizer", "Adam state", "#E69F00"), ("activations", "Activations", "#009E73"))


class MemoryChart(Chart):
    def __init__(self, parent=None, for_print: bool = False):
        super().__init__(parent, for_print)
        self.getAxis("left").setTicks([[(0, "Per accelerator")]])
        self.getAxis("bottom").setLabel("GB (10^9 bytes)")
        self._bars = {key: pg.BarGraphItem(x0=[0], y=[0], height=[0.5], width=[0], brush=color, pen=None)
                      for key, _label, color in PARTS}
        for bar in self._bars.values():
            self.addItem(bar)
        self._limit = pg.InfiniteLine(angle=90, pen=pg.mkPen(self._theme.text, width=2,
                                                             style=QtCore.Qt.PenStyle.DashLine))
        self.addItem(self._limit)
        self._verdict = self._text(anchor=(0, 0))
        self._legend = self._text(anchor=(0, 0))
        self._legend.setHtml("&nbsp;&nbsp;".join(f'<span style="color:{color}">&#9632;</span> {label}'
                                                 for _key, label, color in PARTS))
        self._limit_label = self._text(anchor=(1, 1))
        self._apply_theme()
        self._memory = None
        self._spans: list[tuple[str, float, float]] = []
        self._ready()
        self.set_memory(None)

    def set_memory(self, memory) -> None:
        """Draw `memory` (the summary's checks.memory, or None)."""
        self._memory = memory
        if memory is None:
            for bar in self._bars.values():
                show_item(bar, False)
            show_item(self._limit, False)
            show_item(self._verdict, False)
            show_item(self._legend, False)
            show_item(self._limit_label, False)
            self._show_message("No memory figures for this scenario")
            return
        self._show_message("")
        gb, x, self._spans = memory.per_accelerator_gb, 0.0, []
        for key, label, _color in PARTS:
            value = getattr(gb, key) or 0.0
            self._bars[key].setOpts(x0=[x], y=[0], width=[value], height=[0.5])
            show_item(self._bars[key], True)
            self._spans.append((label, x, x + value))
            x += value
        capacity = memory.accelerator_gb
        show_item(self._limit, capacity is not None)
        show_item(self._limit_label, capacity is not None)
        if capacity is not None:
            self._limit.setValue(capacity)
            self._limit_label.setText(f"accelerator memory {capacity:g} GB ")
        self._verdict.setText(self.verdict())
        show_item(self._verdict, True)
        show_item(self._legend, True)
        self._layout()

    def verdict(self) -> str:
        m = self._memory
        if m is None:
            return ""
        total = f"{m.per_accelerator_gb.total:,.1f} GB per accelerator"
        if m.accelerator_gb is None:
            return total + " (the catalog gives no memory for this accelerator)"
        fits = "fits" if m.fits else "does not fit"
        # Wrapped: a line as wide as the chart at 1024x640 at most; the reason is the command line's.
        return "\n".join(textwrap.wrap(f"{total} {fits} in {m.accelerator_gb:g} GB (ZeRO {m.zero}, tp {m.tp}, "
                                        f"pp {m.pp}, {m.count:,} accelerators). Fewest that fit: {fewest_text(m)}",
                                        70))

    def _layout(self) -> None:
        m = self._memory
        if m is None:
            return
        right = max(m.per_accelerator_gb.total, m.accelerator_gb or 0.0) * 1.1 or 1.0
        self._set_range(0, right, -0.8, 1.5)   # room above the bar for a verdict of up to three lines
        move_item(self._verdict, 0, 1.45)
        move_item(self._legend, 0, -0.4)
        if m.accelerator_gb is not None:
            move_item(self._limit_label, m.accelerator_gb, 0.3)   # just above the bar, clear of the verdict

    def _apply_theme(self) -> None:
        self._limit.setPen(pg.mkPen(self._theme.text, width=2, style=QtCore.Qt.PenStyle.DashLine))
        self._verdict.setColor(self._theme.text)
        self._limit_label.setColor(self._theme.text)
        for label in (self._verdict, self._limit_label):   # the memory line passes behind the text, not through it
            label.fill = pg.mkBrush(self._theme.background)
        self._legend.textItem.setDefaultTextColor(self._theme.text)

    def _hit(self, point: QtCore.QPointF) -> tuple[str, QtCore.QRectF | None]:
        if self._memory is None or abs(point.y()) > 0.25:
            return "", None
        for label, x0, x1 in self._spans:
            if x0 <= point.x() < x1:
                return f"{label}: {x1 - x0:,.2f} GB", QtCore.QRectF(x0, -0.25, x1 - x0, 0.5)
        return "", None

    def copy_into(self, other: MemoryChart) -> None:
        other.set_memory(self._memory)

    def segments(self) -> list[tuple[str, float]]:
        """(label, GB) of each drawn segment, for tests and exports."""
        return [(label, x1 - x0) for label, x0, x1 in self._spans]

