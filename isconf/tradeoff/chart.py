"""The trade-off at a glance: benefit beside deficits for each option, as a PNG.

Drawn with matplotlib's Agg canvas (no Qt, no pyplot state), so the screen and
the summary PDF show one picture from one code path. New deficits are blocks
coloured by likelihood; deficits the infant already has at baseline are grey,
hatched and drawn apart after a gap; a deficit someone rated unacceptable has
a dark red frame. The sources of every figure are printed under the chart.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from isconf.files import write_atomic
from isconf.tradeoff.model import DeficitView, OptionView, TradeoffView

LIKELIHOOD_COLOURS = {"expected": "#c8590f", "possible": "#f0a35e", "unlikely": "#fbe1c4", None: "#e4e4e4"}
BASELINE_COLOUR = "#b9b9b9"
BENEFIT_COLOUR, TEAM_COLOUR = "#2f7d62", "#4f6fb0"
UNACCEPTABLE_EDGE = "#8b0000"
GAP = 0.6  # blocks between new and baseline deficits
CAPTION_WIDTH = 200


def chart_png(view: TradeoffView, *, width_in: float = 11.0, dpi: int = 100) -> bytes:
    """The chart of ``view`` as PNG bytes."""
    figure = draw_figure(view, width_in)
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def write_chart(view: TradeoffView, path: Path, *, dpi: int = 150) -> None:
    """Write the chart as a PNG file, atomically and owner-only (for the summary PDF)."""
    write_atomic(path, chart_png(view, dpi=dpi))


def draw_figure(view: TradeoffView, width_in: float = 11.0) -> Figure:
    """The chart as a matplotlib figure (tests read its patches; the PDF may embed it as vector)."""
    options = view.options
    caption = _caption(view)
    rows = len(options)
    height = 2.0 + 0.62 * rows + 0.14 * len(caption)
    figure = Figure(figsize=(width_in, height), layout=None)
    bottom = (0.6 + 0.14 * len(caption)) / height
    top = 1 - 0.95 / height
    benefit_ax = figure.add_axes((0.25, bottom, 0.2, top - bottom))
    deficit_ax = figure.add_axes((0.47, bottom, 0.51, top - bottom), sharey=benefit_ax)
    positions = list(range(rows))[::-1]  # first option at the top
    _benefits(benefit_ax, options, positions, view.proposed_procedure)
    _deficits(deficit_ax, options, positions)
    figure.suptitle(
        f"Trade-off for {view.mrn}: expected benefit against expected deficits",
        x=0.02,
        ha="left",
        fontsize=11,
    )
    figure.text(0.02, 0.02, "\n".join(caption), fontsize=7, va="bottom", ha="left", color="#333333")
    return figure


def _benefits(ax: Axes, options: tuple[OptionView, ...], positions: list[int], proposed: str | None) -> None:
    for y, option in zip(positions, options, strict=True):
        b = option.benefit
        colour = TEAM_COLOUR if b.edited else BENEFIT_COLOUR
        if b.value is not None:
            ax.barh(
                y, b.value, height=0.55, color=colour, hatch="//" if b.edited else None, edgecolor="white"
            )
        label = f"{b.value:g}{b.unit}" if b.value is not None else (b.words or "no figure")
        if b.edited:
            label += " (team)"
        ax.text((b.value or 0) + 2, y, label, va="center", fontsize=8)
    ax.set_yticks(positions, [_option_label(o, proposed) for o in options], fontsize=9)
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(options) - 0.4)
    ax.set_xlabel("Expected benefit: % of children seizure- or spasm-free", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)


def _option_label(option: OptionView, proposed: str | None) -> str:
    return ("▶ " if option.procedure == proposed else "") + option.label


def _deficits(ax: Axes, options: tuple[OptionView, ...], positions: list[int]) -> None:
    widest = 1.0
    for y, option in zip(positions, options, strict=True):
        if option.waiting is not None:
            ax.text(0.05, y, _waiting_words(option), va="center", fontsize=8, color="#333333")
            continue
        x = 0.0
        for deficit in option.new_deficits:
            _block(ax, x, y, deficit, LIKELIHOOD_COLOURS.get(deficit.likelihood, "#e4e4e4"), None)
            x += 1
        if option.baseline_deficits:
            x += GAP if option.new_deficits else 0
            for deficit in option.baseline_deficits:
                _block(ax, x, y, deficit, BASELINE_COLOUR, "///")
                x += 1
        widest = max(widest, x)
    ax.set_xlim(0, max(widest, 6.5))
    ax.set_xticks([])
    ax.tick_params(axis="y", left=False, labelleft=False)
    ax.spines[["top", "right", "bottom", "left"]].set_visible(False)
    ax.set_xlabel("Expected deficits, one block each (new ones first, baseline ones apart)", fontsize=8)
    ax.legend(
        handles=_legend(), loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=7, frameon=False
    )


def _block(ax: Axes, x: float, y: int, deficit: DeficitView, colour: str, hatch: str | None) -> None:
    refused = bool(deficit.unacceptable_by)
    ax.barh(
        y,
        0.94,
        left=x,
        height=0.62,
        color=colour,
        hatch=hatch,
        edgecolor=UNACCEPTABLE_EDGE if refused else "#7a7a7a" if hatch else "white",
        linewidth=2.2 if refused else 0.6,
    )
    words = ("✗ " if refused else "") + _short(deficit.label)
    ax.text(x + 0.47, y, words, ha="center", va="center", fontsize=6.5, wrap=True)


def _short(label: str) -> str:
    text = label.replace("Other: ", "")
    return "\n".join(textwrap.wrap(text, 13)[:3])


def _waiting_words(option: OptionView) -> str:
    waiting = option.waiting
    assert waiting is not None
    if waiting.weeks_by_surgery is not None and waiting.next_surgery_date is not None:
        return (
            f"No new deficit from surgery; by {waiting.next_surgery_date.isoformat()}: "
            f"{waiting.weeks_by_surgery:g} weeks of spasms (now {waiting.weeks_now:g})"
        )
    if waiting.weeks_now is not None:
        return f"No new deficit from surgery; {waiting.weeks_now:g} weeks of spasms so far"
    return "No new deficit from surgery; weeks of spasms not known"


def _legend() -> list[Patch]:
    return [
        Patch(facecolor=LIKELIHOOD_COLOURS["expected"], label="new: expected"),
        Patch(facecolor=LIKELIHOOD_COLOURS["possible"], label="new: possible"),
        Patch(facecolor=LIKELIHOOD_COLOURS["unlikely"], label="new: unlikely"),
        Patch(
            facecolor=BASELINE_COLOUR, hatch="///", edgecolor="#7a7a7a", label="already present at baseline"
        ),
        Patch(facecolor="white", edgecolor=UNACCEPTABLE_EDGE, linewidth=2, label="✗ rated unacceptable"),
    ]


def _caption(view: TradeoffView) -> list[str]:
    text = "Sources: " + "; ".join(f"[{i}] {s}" for i, s in enumerate(view.sources, 1))
    text += ". Figures describe series of children, not this infant; '(team)' marks the team's own figure."
    return textwrap.wrap(text, CAPTION_WIDTH)
