"""The summary PDF's shortcuts (issue 18's speed) leave the page as ReportLab's own way draws it:
plain one-line table cells as strings, the charts drawn flat, the font's quick subset coding,
and the same markup broken into lines once per document. Each is checked against the slow way
on real pages (poppler's pdftoppm) or on ReportLab's own results."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from clinical_files import close_studies_document
from conftest import vignette_files
from isconf.course import build_timeline
from isconf.pdf_pages import FONT, register_fonts
from isconf.schema import parse_case_document
from isconf.summary import pdf_style
from isconf.summary.pdf_chart import tradeoff_drawing
from isconf.summary.pdf_flat import FlatDrawing
from isconf.summary.pdf_style import para, shared_layouts, table
from isconf.summary.pdf_timeline import timeline_drawing
from isconf.tradeoff.model import build_tradeoff

WIDTH = 480.0


def _pages(pdf: bytes, folder: Path, name: str) -> list[bytes]:
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "110", str(source), str(folder / name)], check=True)
    return [p.read_bytes() for p in sorted(folder.glob(f"{name}-*.png"))]


def _charts() -> list[Any]:
    register_fonts()
    [path] = [p for p in vignette_files() if p.stem == "fcd_left_frontal_candidate"]
    document = json.loads(path.read_text(encoding="utf-8"))
    for deficit, rating in (("language", "concern"), ("memory", "unacceptable")):
        document["case"]["tradeoff"]["assessments"].append(
            {"procedure": "lobar_resection", "deficit": deficit, "rating": rating, "rated_by": "family"}
        )
    view = build_tradeoff(parse_case_document(document), date(2026, 11, 24))
    timeline = build_timeline(parse_case_document(close_studies_document()), date(2026, 11, 24))
    assert timeline is not None
    return [tradeoff_drawing(view, WIDTH, lambda source: "[1]"), timeline_drawing(timeline, WIDTH)]


def _page_of(drawings: list[Any], *, flat: bool) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    y = A4[1] - 40
    for drawing in drawings:
        y -= drawing.height + 20
        if flat:
            drawing.drawOn(canvas, 40, y)
        else:
            canvas.saveState()
            canvas.translate(40, y)
            renderPDF.draw(drawing, canvas, 0, 0)
            canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_the_charts_drawn_flat_look_as_reportlabs_renderer_draws_them(tmp_path: Path) -> None:
    charts = _charts()
    assert all(isinstance(c, FlatDrawing) and c._flat() for c in charts)
    # Every kind of shape and state the charts use is on the page: dashed frames of three
    # widths, filled blocks, triangles, anchored words.
    kinds = {type(s).__name__ for c in charts for s in c.contents}
    assert {"Rect", "Line", "Polygon", "String"} <= kinds
    assert any(getattr(s, "strokeDashArray", None) for c in charts for s in c.contents)
    flat = _pages(_page_of(charts, flat=True), tmp_path, "flat")
    slow = _pages(_page_of(charts, flat=False), tmp_path, "slow")
    assert flat == slow


def test_a_drawing_with_shapes_it_does_not_draw_flat_goes_to_reportlab(tmp_path: Path) -> None:
    drawing = FlatDrawing(200, 100)
    group = Group(Rect(10, 10, 50, 30, fillColor=None, strokeColor=None))
    group.add(String(20, 20, "inside a group", fontName="Helvetica", fontSize=9))
    drawing.add(group)
    drawing.add(Rect(100, 10, 50, 30, rx=4, ry=4))
    assert not drawing._flat()
    plain = Drawing(200, 100)
    for shape in drawing.contents:
        plain.add(shape)
    assert _pages(_page_of([drawing], flat=True), tmp_path, "a") == _pages(
        _page_of([plain], flat=True), tmp_path, "b"
    )


def _document(flowables: list[Any]) -> bytes:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(flowables)
    return buffer.getvalue()


def test_one_line_plain_cells_become_strings_that_print_as_their_paragraphs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_fonts()
    long = "A plain cell of many words that cannot fit on one line of its narrow column " * 2

    def made() -> Any:
        rows = [
            ["short words", para("Caption", "cellbold"), long],
            ["", para("<b>marked</b> up", "cell"), para("small words", "small")],
        ]
        return table(("Head", "Two", "Three"), rows, (0.3, 0.3, 0.4), WIDTH)

    quick = made()
    cells = quick._cellvalues
    assert cells[0] == ["Head", "Two", "Three"]
    assert cells[1][:2] == ["short words", "Caption"] and not isinstance(cells[1][2], str)
    assert not isinstance(cells[2][0], str) and not isinstance(cells[2][1], str)  # empty; marked up
    assert cells[2][2] == "small words"
    # The same table with every cell a paragraph, as before the shortcut.
    monkeypatch.setattr(pdf_style, "single_lines", lambda data, widths, padding: [])
    slow = made()
    assert not any(isinstance(c, str) and c for row in slow._cellvalues for c in row)
    assert _pages(_document([quick]), tmp_path, "quick") == _pages(_document([slow]), tmp_path, "slow")


TEXTS = st.lists(
    st.text(alphabet="abcxyz ABC-é→✓\xa0\u4e2d", max_size=12),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(TEXTS)
def test_the_quick_subset_coding_is_reportlabs(strings: list[str]) -> None:
    """String by string, the quick coding gives ReportLab's own (subset, bytes) chunks and
    leaves the font's subsets as ReportLab's own coding would."""
    register_fonts()
    font = getFont(FONT)
    quick_doc, slow_doc = PDFDocument(), PDFDocument()
    for words in strings:
        assert font.splitString(words, quick_doc) == TTFont.splitString(font, words, slow_doc)
    assert font.state[quick_doc].subsets == font.state[slow_doc].subsets


def test_the_same_markup_is_broken_once_per_document_and_a_split_keeps_its_own() -> None:
    register_fonts()
    words = "Words enough to run over several lines of a narrow column, and then some more. " * 6
    outside = [para(words), para(words)]
    for p in outside:
        p.wrap(200, 1000)
    assert outside[0].blPara is not outside[1].blPara
    with shared_layouts():
        first, second, other = para(words), para(words), para(words, "small")
        for p in (first, second, other):
            p.wrap(200, 1000)
        assert first.blPara is second.blPara and other.blPara is not first.blPara
        lines = [list(line[1]) if isinstance(line, tuple) else line.words for line in second.blPara.lines]
        height = second.height
        parts = first.split(200, height / 2)
        assert len(parts) == 2 and first.blPara is not second.blPara
        second.wrap(200, 1000)
        after = [list(line[1]) if isinstance(line, tuple) else line.words for line in second.blPara.lines]
        assert after == lines and second.height == height


def test_plain_paragraphs_drawn_as_one_text_object_look_as_reportlab_draws_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_fonts()
    words = "Hemispherectomy and anticonvulsant treatment considered interdisciplinary " * 4

    def story() -> list[Any]:
        return [
            para("A heading", "h2"),
            para(words),  # several lines, some hyphenated by the dictionary
            para(words, "small"),
            para("Muted words", "source"),
            para("<b>Marked</b> up", "lead"),  # ReportLab's own way
            table(("Head",), [[para(words, "cell")]], (0.5,), WIDTH),
        ]

    quick = _pages(_document(story()), tmp_path, "quick")
    paragraph = pdf_style._paragraph_class()
    monkeypatch.setattr(paragraph, "_plain_lines", lambda self: None)
    assert quick == _pages(_document(story()), tmp_path, "slow")
