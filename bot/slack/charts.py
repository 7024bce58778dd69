"""Charts as PNG images: matplotlib's object API on the Agg canvas (no pyplot, so no global
state), imported on first use, as it costs about a second. CPU-bound: run it in a thread."""

from __future__ import annotations

import io
import math

from bot.domain.tasks import DailyRates
from bot.i18n import Language, t
from bot.slack.blocks import short_date

MAX_TICKS = 10  # day labels on the x axis; the last day always has one
MARKERS = (("o", 10), ("s", 6), ("^", 4))  # marketing, sales, other


def rates_title(lang: Language, rates: DailyRates) -> str:
    return t(
        lang,
        "chart.title",
        first=short_date(lang, rates.days[0]),
        last=short_date(lang, rates.days[-1]),
    )


def rates_png(lang: Language, rates: DailyRates) -> bytes:
    """One line per department: the share done in time on each day; gaps where nobody was
    asked."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    figure = Figure(figsize=(9, 4.5), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)  # the figure draws on Agg, whatever backend pyplot would pick
    axes = figure.add_subplot()
    x = range(len(rates.days))
    # Shapes from large to small, so departments with the same share on a day all show.
    for (department, shares), (marker, size) in zip(
        rates.departments.items(), MARKERS, strict=False
    ):
        y = [math.nan if share is None else share for share in shares]
        axes.plot(x, y, marker=marker, markersize=size, label=t(lang, f"department.{department}"))
    step = math.ceil(len(rates.days) / MAX_TICKS)
    ticks = list(reversed(range(len(rates.days) - 1, -1, -step)))
    axes.set_xticks(
        ticks, [short_date(lang, rates.days[i]) for i in ticks], rotation=30, ha="right"
    )
    axes.set_xlim(-0.5, len(rates.days) - 0.5)
    axes.set_ylim(-4, 105)  # a 0% point stays visible above the axis
    axes.yaxis.set_major_formatter(PercentFormatter(100))
    axes.grid(alpha=0.3)
    axes.set_title(rates_title(lang, rates))
    axes.set_xlabel(t(lang, "chart.day"))
    axes.set_ylabel(t(lang, "chart.rate"))
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    png = io.BytesIO()
    figure.savefig(png, format="png")
    return png.getvalue()
