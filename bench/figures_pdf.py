"""The meeting PDFs (agenda: issue 5; signed summary: issue 6) against a minimal ReportLab
document with the same number of pages.

Until a builder exists the row says "not yet built" and carries no value: never a
made-up number. The floor is measured all the same (at the page count named below),
so plugging a builder in is one function: make ``_agenda_builder`` /
``_summary_builder`` return a callable ``(database, work folder, meeting cases) ->
PDF bytes`` and the figure, its floor at the real page count and the ratio follow.
"""

from __future__ import annotations

import importlib.util
import io
import re
import time
from collections.abc import Callable
from pathlib import Path

from context import Context, Result, median

Builder = Callable[[Path, Path, int], bytes]
# Pages the floor has while the real document does not exist yet (a guess, said in the note).
PLACEHOLDER_PAGES = {"agenda": 2, "summary": 20}


def agenda_pdf_s(ctx: Context) -> Result:
    return _pdf_figure(ctx, "agenda", _agenda_builder(), "issue 5")


def summary_pdf_s(ctx: Context) -> Result:
    return _pdf_figure(ctx, "summary", _summary_builder(), "issue 6")


def _agenda_builder() -> Builder | None:
    """The agenda PDF of a meeting of the given cases, once issue 5 lands."""
    if importlib.util.find_spec("isconf.meetings") is None:
        return None
    if importlib.util.find_spec("isconf.meetings.agenda_pdf") is None:
        return None
    return None  # plug in: build a meeting of the first N cases and return its agenda PDF's bytes


def _summary_builder() -> Builder | None:
    """The signed summary PDF of a meeting of the given cases, once issue 6 lands."""
    return None


def _pdf_figure(ctx: Context, kind: str, builder: Builder | None, issue: str) -> Result:
    if not _has_reportlab():
        return Result(None, None, note="reportlab not installed: pip install -e '.[bench]'")
    if builder is None:
        pages = PLACEHOLDER_PAGES[kind]
        floor = median([_timed(lambda: minimal_pdf(pages)) for _ in range(ctx.sizes.repeats)])
        return Result(None, None, note=f"not yet built ({issue}); floor at {pages} pages: {floor:.3f} s")
    database = ctx.working_copy(ctx.sizes.cases, kind)
    document = builder(database, ctx.work, ctx.sizes.meeting_cases)
    pages = page_count(document)
    value = median(
        [
            _timed(lambda: builder(database, ctx.work, ctx.sizes.meeting_cases))
            for _ in range(ctx.sizes.repeats)
        ]
    )
    floor = median([_timed(lambda: minimal_pdf(pages)) for _ in range(ctx.sizes.repeats)])
    return Result(value, floor, note=f"{pages} pages")


def minimal_pdf(pages: int) -> bytes:
    """The floor: a ReportLab platypus document of ``pages`` pages, one heading and one
    small table on each, in ReportLab's built-in font."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    story: list[object] = []
    for page in range(pages):
        story.append(Paragraph(f"Case {page + 1}", styles["Heading2"]))
        table = Table([["Field", "Value"], *[[f"field {i}", f"value {i}"] for i in range(12)]])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey)]))
        story.append(table)
        if page < pages - 1:
            story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def page_count(document: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", document))


def _has_reportlab() -> bool:
    return importlib.util.find_spec("reportlab") is not None


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start
