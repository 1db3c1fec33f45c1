"""Where the charts' shared parts used to live, kept so that old imports still work: new code imports
from ui.charts.chart, ui.charts.printer, ui.charts.iceberg and ui.charts.offers_chart."""

from ui.charts.chart import FONT_POINTS, MIN_HEIGHT, MIN_WIDTH, Chart, MoneyAxis, move_item, show_item, spread  # noqa: F401
from ui.charts.iceberg import IcebergChart  # noqa: F401
from ui.charts.offers_chart import OptionsChart  # noqa: F401
from ui.charts.printer import ChartPrinter  # noqa: F401
