"""Charts as PNG images: matplotlib's object API on the Agg canvas (no pyplot, so no global
state), imported on first use, as it costs about a second. CPU-bound: run it in a thread."""

from __future__ import annotations

import io
import math

from bot.domain.model.tasks import DailyRates
from bot.i18n import Language, short_date, t

MAX_TICKS = 10  # day labels on the x axis; the last day always has one
PANEL_HEIGHT = 1.8  # inches per department


def rates_title(lang: Language, rates: DailyRates) -> str:
    return t(
        lang,
        "chart.title",
        first=short_date(lang, rates.days[0]),
        last=short_date(lang, rates.days[-1]),
    )


def rates_png(lang: Language, rates: DailyRates) -> bytes:
    """A panel per department, one above the other on the same axes (small multiples: equal
    shares never hide each other): the share done in time on each day; gaps where nobody was
    asked."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    rows = len(rates.departments)
    figure = Figure(figsize=(9, 1.2 + PANEL_HEIGHT * rows), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)  # the figure draws on Agg, whatever backend pyplot would pick
    panels = figure.subplots(rows, 1, sharex=True, sharey=True, squeeze=False)[:, 0]
    x = range(len(rates.days))
    for n, (axes, (department, shares)) in enumerate(
        zip(panels, rates.departments.items(), strict=True)
    ):
        y = [math.nan if share is None else share for share in shares]
        axes.plot(x, y, marker="o", color=f"C{n}")
        axes.set_title(t(lang, f"department.{department}"), loc="left", fontsize="medium")
        axes.grid(alpha=0.3)
    step = math.ceil(len(rates.days) / MAX_TICKS)
    ticks = list(reversed(range(len(rates.days) - 1, -1, -step)))
    last = panels[-1]
    last.set_xticks(
        ticks, [short_date(lang, rates.days[i]) for i in ticks], rotation=30, ha="right"
    )
    last.set_xlim(-0.5, len(rates.days) - 0.5)
    last.set_ylim(-8, 108)  # a 0% or 100% point stays clear of the panel's edge
    last.yaxis.set_major_formatter(PercentFormatter(100))
    last.set_yticks([0, 50, 100])
    figure.suptitle(rates_title(lang, rates))
    figure.supxlabel(t(lang, "chart.day"))
    figure.supylabel(t(lang, "chart.rate"))
    png = io.BytesIO()
    figure.savefig(png, format="png")
    return png.getvalue()
