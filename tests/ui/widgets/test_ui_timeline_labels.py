"""The treatment timeline's study labels never overprint each other, on screen or in the PDF,
however close together the studies are (issue 16: at 1366 px a week's MRI and EEG overlapped)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from PySide6.QtGui import QFontMetrics

from clinical_files import close_studies_document
from isconf.course import Timeline, build_timeline
from isconf.schema import parse_case_document
from ui.widgets.timeline_view import TimelineView


def _studied_close_together() -> Timeline:
    t = build_timeline(parse_case_document(close_studies_document()), date(2026, 11, 24))
    assert t is not None
    return t


def test_label_rects_do_not_intersect_at_any_width(qtbot: Any) -> None:
    view = TimelineView()
    qtbot.addWidget(view)
    timeline = _studied_close_together()
    view.set_timeline(timeline)
    for width in (320, 520, 900):
        view.resize(width, view.heightForWidth(width))
        rects = view.study_label_rects()
        assert len(rects) == len({t.day for t in timeline.ticks})
        for a, b in itertools.combinations(rects, 2):
            assert not a.intersects(b), (width, a, b)
        metrics = QFontMetrics(view.font())
        bars_end = metrics.height() + 6 + len(timeline.bars) * 22 - 3  # the last bar's lower edge
        assert all(r.top() >= bars_end - 1 and r.left() >= 0 and r.right() <= width for r in rects)
        assert view.heightForWidth(width) >= max(r.bottom() for r in rects) + 8
        image = view.grab()  # it paints without error at this size
        assert image.width() == width


def test_the_pdf_drawing_staggers_them_too() -> None:
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from isconf.pdf_pages import FONT, register_fonts
    from isconf.summary.pdf_timeline import FONT_SIZE, timeline_drawing

    register_fonts()
    timeline = _studied_close_together()
    drawing = timeline_drawing(timeline, 300)
    kinds = {"MRI", "EEG", "PET", "MRI · EEG"}
    labels = [s for s in drawing.contents if isinstance(s, String) and s.text in kinds]
    assert len(labels) == len({t.day for t in timeline.ticks})
    boxes = [(s.x, s.y, s.x + stringWidth(s.text, FONT, FONT_SIZE), s.y + FONT_SIZE) for s in labels]
    for (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) in itertools.combinations(boxes, 2):
        assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0
