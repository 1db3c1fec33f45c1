"""Chart colours: one per cost category, two for price options, and the theme the charts follow.

Fills are Okabe-Ito hues (colour-blind safe) nudged to mid luminance, so each keeps a contrast of
about 3:1 or more against both a white and a near-black (#1e1e1e) background: the same fills work in
light and dark themes and on paper. Text and lines never use these; they come from the palette.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtGui, QtWidgets


CATEGORY_COLORS = {
    "final": "#C98A00",         # orange: the tip above the waterline
    "ensemble": "#3C9BD6",      # sky blue
    "tuning": "#009E73",        # bluish green
    "ablations": "#CC79A7",     # reddish purple
    "baselines": "#D55E00",     # vermillion
    "seed_repeats": "#0072B2",  # blue
    "contingency": "#8C8C8C",   # grey: an allowance, not planned work
    "distillation": "#8F7F00",  # olive (Okabe-Ito yellow darkened to mid luminance): serving, not training
    "line_items": "#882255",    # wine (Paul Tol's muted scheme): staff, storage, data, not compute
}
CURRENT_OPTION = "#D55E00"      # vermillion against the blue-grey of the others: safe for all CVD types
OTHER_OPTION = "#5F87AD"


def category_color(category: str) -> QtGui.QColor:
    return QtGui.QColor(CATEGORY_COLORS.get(category, "#8C8C8C"))




@dataclass(frozen=True)
class ChartTheme:
    background: QtGui.QColor
    text: QtGui.QColor
    muted: QtGui.QColor       # secondary text, axes, leader lines
    grid: QtGui.QColor
    print_palette: bool = False

    @property
    def dark(self) -> bool:
        return self.background.lightnessF() < 0.5


def mix(a: QtGui.QColor, b: QtGui.QColor, t: float) -> QtGui.QColor:
    """a blended towards b by t (0 = a, 1 = b)."""
    return QtGui.QColor.fromRgbF(*(x + (y - x) * t for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3])))


def theme_from_palette(palette: QtGui.QPalette | None = None) -> ChartTheme:
    """Text and background from a widget's (or the application's) palette, so charts follow the theme."""
    palette = palette if palette is not None else QtWidgets.QApplication.palette()
    group = QtGui.QPalette.ColorGroup.Active
    background = palette.color(group, QtGui.QPalette.ColorRole.Base)
    text = palette.color(group, QtGui.QPalette.ColorRole.Text)
    return ChartTheme(background, text, mix(text, background, 0.35), mix(text, background, 0.85))


def print_palette() -> ChartTheme:
    """Black on white whatever the screen theme: for the printed / PDF report."""
    white, black = QtGui.QColor("#ffffff"), QtGui.QColor("#000000")
    return ChartTheme(white, black, QtGui.QColor("#555555"), QtGui.QColor("#dddddd"), print_palette=True)


def chart_theme(palette: QtGui.QPalette | None = None, for_print: bool = False) -> ChartTheme:
    return print_palette() if for_print else theme_from_palette(palette)
