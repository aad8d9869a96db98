"""The chart picture of a report: task pairs by category, a horizontal bar chart (PNG).

Drawn with matplotlib (Agg, no display) in a serif font with Vietnamese glyphs
(Times New Roman, else Liberation Serif, else DejaVu — matplotlib ships DejaVu).
Fails soft: without matplotlib, or on any drawing error, the report has no picture
and a warning, never a failure.
"""
from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Callable
from typing import Any

from ..track.stats import CATEGORY_LABELS

SHOWN = ("done_on_time", "done_late", "in_progress", "continuous", "overdue", "not_started")
COLOURS = {"done_on_time": "#2e7d32", "done_late": "#9ccc65", "in_progress": "#1e88e5", "continuous": "#80cbc4",
           "overdue": "#e53935", "not_started": "#9e9e9e"}
FONTS = ["Times New Roman", "Liberation Serif", "DejaVu Serif", "DejaVu Sans"]
CITY_TITLE = "Tình hình thực hiện nhiệm vụ (số lượt đơn vị)"
AGENCY_TITLE = "Tình hình thực hiện nhiệm vụ của đơn vị (số nhiệm vụ)"
RC: dict[str, Any] = {"font.family": "serif", "font.serif": FONTS, "font.size": 11, "svg.hashsalt": "ctrxl"}


_WRAPPED: dict[tuple, str] = {}  # (text, size, figure width, fonts) → the wrapped title


def _wrap_title(fig, text: str, size: float) -> str:
    """``text`` broken between words so that every line fits the figure's width (never cut).
    Measured once per title, size, figure width and font settings: every agency report has the same title."""
    import matplotlib

    room = fig.bbox.width * 0.96
    key = (text, size, room, tuple(matplotlib.rcParams["font.serif"]), matplotlib.rcParams["font.family"][0],
           matplotlib.rcParams["font.size"])
    if key in _WRAPPED:
        return _WRAPPED[key]
    renderer = fig.canvas.get_renderer()
    probe = fig.text(0, 0, "", fontsize=size, fontweight="bold")

    def width(line: str) -> float:
        probe.set_text(line)
        return probe.get_window_extent(renderer).width

    lines: list[str] = []
    for word in text.split():
        if lines and width(f"{lines[-1]} {word}") <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    probe.remove()
    _WRAPPED[key] = "\n".join(lines)
    return _WRAPPED[key]


def chart_figure(counts: dict[str, int], title: str, width_mm: float = 150.0):
    """The matplotlib Figure of the chart (drawn, laid out); its title is ``fig._suptitle``,
    wrapped to the figure's width. Raises ImportError without matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    del plt  # the pyplot import registers the backend; figures are made directly (thread-safe)
    labels = [CATEGORY_LABELS[k] for k in SHOWN][::-1]
    values = [counts.get(k, 0) for k in SHOWN][::-1]
    inches = width_mm / 25.4
    fig = Figure(figsize=(inches, inches * 0.42), dpi=200)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    bars = ax.barh(labels, values, color=[COLOURS[k] for k in SHOWN][::-1])
    top = max(values) if any(values) else 1
    for bar, v in zip(bars, values, strict=True):
        ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2, f"{v:,}".replace(",", "."),
                va="center", fontsize=10)
    ax.set_xlim(0, top * 1.15)
    wrapped = _wrap_title(fig, title, 12)
    if wrapped.count("\n"):  # a second title line: a taller picture, the bars keep their height
        fig.set_figheight(fig.get_figheight() + 0.22 * wrapped.count("\n"))
    fig.suptitle(wrapped, fontsize=12, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    ax.xaxis.set_visible(False)
    fig.tight_layout()
    fig.canvas.draw()
    return fig


def title_inside(fig) -> bool:
    """True when the figure's title is drawn whole inside the picture."""
    title = fig._suptitle
    if title is None:
        return False
    box = title.get_window_extent(fig.canvas.get_renderer())
    return box.x0 >= 0 and box.y0 >= 0 and box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height


def _png(draw: Callable[[], Any]) -> bytes | None:
    """PNG bytes of the figure ``draw()`` returns (drawn and laid out), or None when it cannot be drawn:
    its pixels as the PNG, what ``savefig`` would write (same bytes), without drawing it twice more."""
    try:
        import matplotlib
        from matplotlib import image
    except Exception:  # noqa: BLE001 — matplotlib missing or broken: no picture
        return None
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), matplotlib.rc_context(RC):  # type: ignore[arg-type]
            warnings.simplefilter("ignore")
            fig = draw()
            buf = io.BytesIO()
            image.imsave(buf, fig.canvas.buffer_rgba(), format="png", origin="upper", dpi=fig.dpi,
                         metadata={"Software": None})  # type: ignore[dict-item]
            return buf.getvalue()
    except Exception:  # noqa: BLE001 — a chart is never worth a failed report
        return None


def category_chart(counts: dict[str, int], title: str, width_mm: float = 150.0) -> bytes | None:
    """PNG bytes of the chart, or None when it cannot be drawn."""
    return _png(lambda: chart_figure(counts, title, width_mm))


def trend_figure(years: list[str], series: dict[str, list[float | None]], title: str, width_mm: float = 150.0):
    """The matplotlib Figure (drawn, laid out) of a line chart of percentages per year."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    inches = width_mm / 25.4
    fig = Figure(figsize=(inches, inches * 0.5), dpi=200)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    for (name, values), colour in zip(series.items(), ("#1e88e5", "#2e7d32", "#ef6c00"), strict=False):
        points = [(x, v) for x, v in zip(years, values, strict=True) if v is not None]
        ax.plot([x for x, _ in points], [v for _, v in points], marker="o", color=colour, label=name)
        for x, v in points:
            ax.annotate(f"{v:.1f}".replace(".", ","), (x, v), textcoords="offset points", xytext=(0, 6),
                        ha="center", fontsize=8)
    ax.set_ylim(0, 105)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=8, frameon=False)
    fig.suptitle(_wrap_title(fig, title, 11), fontsize=11, fontweight="bold")
    fig.tight_layout()
    fig.subplots_adjust(bottom=0.25)  # room for the legend under the years
    canvas.draw()
    return fig


def trend_chart(years: list[str], series: dict[str, list[float | None]], title: str,
                width_mm: float = 150.0) -> bytes | None:
    """PNG bytes of a line chart of percentages per year (the review report), or None when it cannot be drawn."""
    return _png(lambda: trend_figure(years, series, title, width_mm))
