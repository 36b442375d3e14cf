"""The trade-off at a glance: benefit beside deficits for each option, as a PNG (or PDF, SVG).

Drawn with matplotlib's Agg canvas (no Qt, no pyplot state), so the screen and
the summary PDF show one picture from one code path. New deficits are blocks
coloured by likelihood; deficits the infant already has at baseline are grey,
hatched and drawn apart after a gap. Each block carries its gravest rating: a
dark red frame and "✗ unacceptable" under it, a dashed amber frame and "! concern",
a green frame and "✓ acceptable"; an unrated block has none. A label is wrapped,
never cut. The sources of every figure are printed under the chart.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from PIL import Image

from isconf.files import ExportError, write_atomic
from isconf.tradeoff.model import DeficitView, OptionView, TradeoffView

LIKELIHOOD_COLOURS = {"expected": "#c8590f", "possible": "#f0a35e", "unlikely": "#fbe1c4", None: "#e4e4e4"}
BASELINE_COLOUR = "#b9b9b9"
BENEFIT_COLOUR, TEAM_COLOUR = "#2f7d62", "#4f6fb0"
UNACCEPTABLE_EDGE = "#8b0000"
CONCERN_EDGE = "#9a6700"
ACCEPTABLE_EDGE = "#1f6b4f"
# The frame and mark of a block by its gravest rating: (edge colour, line width, line style, mark).
RATING_MARKS = {
    "unacceptable": (UNACCEPTABLE_EDGE, 2.6, "solid", "✗"),
    "concern": (CONCERN_EDGE, 2.4, "dashed", "!"),
    "acceptable": (ACCEPTABLE_EDGE, 1.8, "solid", "✓"),
}
GAP = 0.6  # blocks between new and baseline deficits
INSIDE_FROM = 50  # % from which a benefit figure is written inside its bar
WIDTH_IN = 9.6  # the width the screen shows it at (about 960 px), so its text is not scaled down
SCREEN_DPI = 100
# The files ``write_chart`` writes, by extension: matplotlib's own writers (PDF and SVG as vectors).
CHART_FORMATS = {".png": "png", ".pdf": "pdf", ".svg": "svg"}
# Text sizes in points, chosen to stay readable at WIDTH_IN on screen and on a printed page.
TITLE_PT, LABEL_PT, VALUE_PT, BLOCK_PT, SMALL_PT = 13, 11, 10, 8.5, 9
CAPTION_CHARS_PER_IN = 15.5  # characters of SMALL_PT text per inch of width


def chart_png(view: TradeoffView, *, width_px: int | None = None, dpi: int = SCREEN_DPI) -> bytes:
    """The chart of ``view`` as PNG bytes, ``width_px`` wide (default: ``WIDTH_IN`` at ``dpi``)."""
    figure = draw_figure(view, WIDTH_IN if width_px is None else width_px / dpi)
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def chart_image(view: TradeoffView, *, width_px: int, dpi: int) -> Image.Image:
    """The chart of ``view`` as an RGB image (for a PDF: the PNG's encoding and decoding
    would be a third of the time; the picture is the same ``draw_figure``)."""
    figure = draw_figure(view, width_px / dpi)
    figure.set_dpi(dpi)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert("RGB")


def drawn(view: TradeoffView) -> tuple[object, ...]:
    """What the chart shows of ``view``: a screen redraws it only when this changes
    (a rating's comment or a reason's wording is not on the chart)."""
    return (
        view.mrn,
        view.proposed_procedure,
        tuple(
            (
                o.procedure,
                o.label,
                o.benefit.value,
                o.benefit.unit,
                o.benefit.words,
                o.benefit.edited,
                o.benefit.source,
                _waiting_words(o) if o.waiting is not None else None,
                tuple(
                    (d.label, d.likelihood, d.already_present is True, d.worst_rating, d.source)
                    for d in o.deficits
                ),
            )
            for o in view.options
        ),
    )


def chart_format_problem(path: Path) -> str | None:
    """Why the chart cannot be written to ``path`` (an extension naming no format written), or None."""
    if path.suffix.lower() in CHART_FORMATS:
        return None
    return f"{path}: the chart is written as PNG, PDF or SVG; end the file name in .png, .pdf or .svg"


def write_chart(view: TradeoffView, path: Path, *, dpi: int = 150) -> None:
    """Write the chart in the format ``path``'s extension names (PNG, PDF or SVG), atomically
    and owner-only; any other extension is an ``ExportError`` and nothing is written."""
    problem = chart_format_problem(path)
    if problem is not None:
        raise ExportError(problem)
    file_format = CHART_FORMATS[path.suffix.lower()]
    if file_format == "png":
        write_atomic(path, chart_png(view, dpi=dpi))
        return
    figure = draw_figure(view)
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=file_format, dpi=dpi)
    write_atomic(path, buffer.getvalue())


def draw_figure(view: TradeoffView, width_in: float = WIDTH_IN) -> Figure:
    """The chart as a matplotlib figure (tests read its patches; the PDF may embed it as vector)."""
    options = view.options
    caption = _caption(view, width_in)
    rows = len(options)
    line_in = SMALL_PT * 1.45 / 72  # one caption line
    height = 2.3 + 0.8 * rows + line_in * len(caption)
    figure = Figure(figsize=(width_in, height), layout=None)
    bottom = (0.75 + line_in * len(caption)) / height
    top = 1 - 1.05 / height
    benefit_ax = figure.add_axes((0.18, bottom, 0.2, top - bottom))
    deficit_ax = figure.add_axes((0.41, bottom, 0.58, top - bottom), sharey=benefit_ax)
    positions = list(range(rows))[::-1]  # first option at the top
    _benefits(benefit_ax, options, positions, view)
    _deficits(deficit_ax, options, positions)
    figure.suptitle(
        f"Trade-off for {view.mrn}: expected benefit against expected deficits",
        x=0.01,
        ha="left",
        fontsize=TITLE_PT,
    )
    figure.text(0.01, 0.02, "\n".join(caption), fontsize=SMALL_PT, va="bottom", ha="left", color="#333333")
    return figure


def _benefits(ax: Axes, options: tuple[OptionView, ...], positions: list[int], view: TradeoffView) -> None:
    sources = view.sources
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
        # Every figure carries the number of its source in the caption.
        label += f" [{sources.index(b.source) + 1}]" if b.source in sources else ""
        # A long bar carries its figure inside, so the words never run into the deficits beside it.
        inside = (b.value or 0) >= INSIDE_FROM
        ax.text(
            (b.value or 0) + (-2 if inside else 2),
            y,
            label,
            va="center",
            ha="right" if inside else "left",
            fontsize=VALUE_PT,
            color="white" if inside else "black",
            fontweight="bold" if inside else "normal",
        )
    ax.set_yticks(positions, [_option_label(o, view.proposed_procedure) for o in options], fontsize=LABEL_PT)
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(options) - 0.4)
    ax.set_xlabel("Expected benefit:\n% of children seizure- or spasm-free", fontsize=SMALL_PT)
    ax.tick_params(axis="x", labelsize=SMALL_PT)
    ax.spines[["top", "right"]].set_visible(False)


def _option_label(option: OptionView, proposed: str | None) -> str:
    return textwrap.fill(("▶ " if option.procedure == proposed else "") + option.label, 18)


def _deficits(ax: Axes, options: tuple[OptionView, ...], positions: list[int]) -> None:
    widest = 1.0
    for y, option in zip(positions, options, strict=True):
        if option.waiting is not None:
            words = textwrap.fill(_waiting_words(option), 60)
            ax.text(0.05, y, words, va="center", fontsize=VALUE_PT, color="#333333")
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
    ax.set_xlabel(
        "Expected deficits, one block each (new ones first, baseline ones apart)", fontsize=SMALL_PT
    )
    ax.legend(
        handles=_legend(),
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=3,
        fontsize=SMALL_PT,
        frameon=False,
    )


def _block(ax: Axes, x: float, y: int, deficit: DeficitView, colour: str, hatch: str | None) -> None:
    mark = RATING_MARKS.get(deficit.worst_rating or "")
    edge, width, style = (
        (mark[0], mark[1], mark[2]) if mark else ("#7a7a7a" if hatch else "white", 0.6, "solid")
    )
    ax.barh(
        y,
        0.94,
        left=x,
        height=0.62,
        color=colour,
        hatch=hatch,
        edgecolor=edge,
        linewidth=width,
        linestyle=style,
    )
    lines, size = _wrapped(deficit.label)
    ax.text(x + 0.47, y, "\n".join(lines), ha="center", va="center", fontsize=size)
    if mark:  # the rating in words under its block: read without the legend, and in grey print
        rating = deficit.worst_rating
        ax.text(
            x + 0.47,
            y - 0.34,
            f"{mark[3]} {rating}",
            ha="center",
            va="top",
            fontsize=BLOCK_PT - 0.5,
            color=mark[0],
            fontweight="bold",
        )


def _wrapped(label: str) -> tuple[list[str], float]:
    """A block's label in lines, and its size: every word kept (a cut label hid what the
    deficit was), in smaller type and longer lines when three lines of 12 will not hold it."""
    text = label.replace("Other: ", "")
    for chars, size in ((12, BLOCK_PT), (15, BLOCK_PT - 1), (18, BLOCK_PT - 1.5)):
        lines = textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False)
        if len(lines) <= 3:
            return lines, size
    return textwrap.wrap(text, 18, break_long_words=False, break_on_hyphens=False), BLOCK_PT - 2


def _waiting_words(option: OptionView) -> str:
    waiting = option.waiting
    assert waiting is not None
    if waiting.weeks_by_surgery is not None and waiting.next_surgery_date is not None:
        when = waiting.date_words or waiting.next_surgery_date.isoformat()
        return (
            f"No new deficit from surgery; by {when}: "
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
        Patch(facecolor=BASELINE_COLOUR, hatch="///", edgecolor="#7a7a7a", label="already present"),
        Patch(
            facecolor="white", edgecolor=UNACCEPTABLE_EDGE, linewidth=2, label="framed: rated (word below)"
        ),
    ]


def _caption(view: TradeoffView, width_in: float) -> list[str]:
    text = "Sources: " + "; ".join(f"[{i}] {s}" for i, s in enumerate(view.sources, 1))
    text += ". Figures describe series of children, not this infant; '(team)' marks the team's own figure."
    return textwrap.wrap(text, int(width_in * CAPTION_CHARS_PER_IN))
