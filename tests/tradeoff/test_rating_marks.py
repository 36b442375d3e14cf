"""What the trade-off shows of the ratings: each block's gravest rating on the chart, how many
of the weighed option's deficits are rated, and the untreated-spasms alarm beside the status."""

from __future__ import annotations

from datetime import date
from typing import Any

from matplotlib.colors import to_rgba

from conftest import vignette_document
from isconf.schema import parse_case_document
from isconf.tradeoff.chart import (
    ACCEPTABLE_EDGE,
    CONCERN_EDGE,
    UNACCEPTABLE_EDGE,
    draw_figure,
    drawn,
)
from isconf.tradeoff.coverage import coverage_words, rating_coverage
from isconf.tradeoff.model import TradeoffView, build_tradeoff

AS_OF = date(2026, 11, 24)


def view_of(document: dict[str, Any], as_of: date = AS_OF) -> TradeoffView:
    return build_tradeoff(parse_case_document(document), as_of)


def _rate(document: dict, procedure: str, deficit: str, rating: str, by: str = "family") -> None:
    document["case"]["tradeoff"]["assessments"].append(
        {"procedure": procedure, "deficit": deficit, "rating": rating, "rated_by": by}
    )


def _block_of(view, label: str):
    """The block labelled ``label`` and the rating written under it ("" when none)."""
    axes = draw_figure(view).axes[1]
    text = next(t for t in axes.texts if t.get_text().replace("\n", " ") == label)
    x, y = text.get_position()
    block = next(
        p
        for p in axes.patches
        if p.get_x() < x < p.get_x() + p.get_width() and abs(p.get_y() + 0.31 - y) < 0.01
    )
    under = [t.get_text() for t in axes.texts if t.get_position() == (x, y - 0.34)]
    return block, "".join(under)


def test_each_rating_is_marked_on_its_block() -> None:
    document = vignette_document("fcd_left_frontal_candidate")  # hemiparesis rated acceptable by the family
    _rate(document, "lobar_resection", "language", "concern")
    _rate(document, "lobar_resection", "memory", "acceptable", by="neurosurgeon")
    _rate(document, "lobar_resection", "memory", "unacceptable")  # the gravest rating shows
    view = view_of(document)
    for label, mark, edge in (
        ("Hemiparesis", "✓ acceptable", ACCEPTABLE_EDGE),
        ("Language", "! concern", CONCERN_EDGE),
        ("Memory", "✗ unacceptable", UNACCEPTABLE_EDGE),
    ):
        block, under = _block_of(view, label)
        assert under == mark, under
        assert block.get_edgecolor() == to_rgba(edge), label
        assert block.get_linewidth() >= 1.8
    concern, _ = _block_of(view, "Language")
    assert concern.get_linestyle() == "dashed"  # told apart without colour
    unrated, under = _block_of(view, "Hemianopia")
    assert under == "" and unrated.get_linewidth() < 1


def test_a_concern_changes_the_chart() -> None:
    document = vignette_document("fcd_left_frontal_candidate")
    before = drawn(view_of(document))
    _rate(document, "lobar_resection", "language", "concern")
    assert drawn(view_of(document)) != before


def test_criterion_5_met_on_one_rating_says_how_many_deficits_are_rated() -> None:
    view = view_of(vignette_document("fcd_left_frontal_candidate"))
    assert view.function_loss_state == "met"  # one rated assessment, none unacceptable: the rules' verdict
    [coverage] = rating_coverage(view)
    assert coverage.procedure == "lobar_resection" and coverage.total == 5
    assert coverage.rated == ("Hemiparesis",)
    assert coverage_words(view) == (
        "1 of 5 deficits of lobar resection rated; not yet rated: "
        "fine motor hand function, hemianopia, language and memory."
    )


def test_every_deficit_rated_says_so() -> None:
    document = vignette_document("fcd_left_frontal_candidate")
    for code in ("fine_motor_hand", "hemianopia", "language", "memory"):
        _rate(document, "lobar_resection", code, "acceptable")
    assert coverage_words(view_of(document)) == "5 of 5 deficits of lobar resection rated (all)."


def test_nothing_weighed_counts_nothing() -> None:
    # Not yet a candidate and nothing proposed: criterion 5 weighs no procedure.
    view = view_of(vignette_document("prednisolone_responder_not_yet"))
    assert view.judged == () and coverage_words(view) == ""


def test_the_untreated_spasms_alarm_goes_with_the_view() -> None:
    view = view_of(vignette_document("no_treatment_incomplete"))
    assert [w.code for w in view.alarms] == ["untreated_spasms"]
    assert view_of(vignette_document("fcd_left_frontal_candidate")).alarms == ()


def test_the_summary_chart_marks_each_rating_as_the_screen_does() -> None:
    """The signed PDF is what is filed: a concern framed only on screen would be lost on paper."""
    from reportlab.graphics.shapes import Rect, String

    from isconf.pdf_pages import register_fonts
    from isconf.summary.pdf_chart import tradeoff_drawing

    register_fonts()
    document = vignette_document("fcd_left_frontal_candidate")
    _rate(document, "lobar_resection", "language", "concern")
    _rate(document, "lobar_resection", "memory", "unacceptable")
    drawing = tradeoff_drawing(view_of(document), 480, lambda source: "[1]")
    words = [s.text for s in drawing.contents if isinstance(s, String)]
    for mark, label in (("✓", "Hemiparesis"), ("!", "Language"), ("✗", "Memory")):
        assert any(w.startswith(f"{mark} {label}") for w in words), (mark, words)
    assert {"✓ acceptable", "! concern", "✗ unacceptable"} <= set(words)  # the legend
    edges = [s for s in drawing.contents if isinstance(s, Rect) and s.strokeColor]

    def framed(edge: str) -> list[Rect]:
        return [s for s in edges if s.strokeColor.hexval().lower() == f"0x{edge[1:]}".lower()]

    assert framed(CONCERN_EDGE) and all(s.strokeDashArray for s in framed(CONCERN_EDGE))  # told apart in grey
    assert framed(UNACCEPTABLE_EDGE) and not any(s.strokeDashArray for s in framed(UNACCEPTABLE_EDGE))
