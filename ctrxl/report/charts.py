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

from ..track.stats import CATEGORY_LABELS

SHOWN = ("done_on_time", "done_late", "in_progress", "continuous", "overdue", "not_started")
COLOURS = {"done_on_time": "#2e7d32", "done_late": "#9ccc65", "in_progress": "#1e88e5", "continuous": "#80cbc4",
           "overdue": "#e53935", "not_started": "#9e9e9e"}
FONTS = ["Times New Roman", "Liberation Serif", "DejaVu Serif", "DejaVu Sans"]


def category_chart(counts: dict[str, int], title: str, width_mm: float = 150.0) -> bytes | None:
    """PNG bytes of the chart, or None when it cannot be drawn."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot as plt
        from matplotlib.figure import Figure
    except Exception:  # noqa: BLE001 — matplotlib missing or broken: no picture
        return None
    del plt  # the pyplot import registers the backend; figures are made directly (thread-safe)
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), matplotlib.rc_context({"font.family": "serif", "font.serif": FONTS,
                                                                "font.size": 11, "svg.hashsalt": "ctrxl"}):
            warnings.simplefilter("ignore")
            labels = [CATEGORY_LABELS[k] for k in SHOWN][::-1]
            values = [counts.get(k, 0) for k in SHOWN][::-1]
            inches = width_mm / 25.4
            fig = Figure(figsize=(inches, inches * 0.42), dpi=200)
            ax = fig.add_subplot(1, 1, 1)
            bars = ax.barh(labels, values, color=[COLOURS[k] for k in SHOWN][::-1])
            top = max(values) if any(values) else 1
            for bar, v in zip(bars, values, strict=True):
                ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2, f"{v:,}".replace(",", "."),
                        va="center", fontsize=10)
            ax.set_xlim(0, top * 1.15)
            ax.set_title(title, fontsize=12, fontweight="bold")
            ax.spines[["top", "right"]].set_visible(False)
            ax.xaxis.set_visible(False)
            fig.tight_layout()
            buf = io.BytesIO()
            fig.savefig(buf, format="png", metadata={"Software": None})
            return buf.getvalue()
    except Exception:  # noqa: BLE001 — a chart is never worth a failed report
        return None
