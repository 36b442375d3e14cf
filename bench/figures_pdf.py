"""The meeting PDFs (agenda: issue 5; signed summary: issue 6) against a minimal ReportLab
document with the same number of pages.

Until a builder exists the row says "not yet built" and carries no value: never a
made-up number. The floor is measured all the same (at the page count named below).
A builder is ``prepare(database, cases) -> build``: ``prepare`` sets up a meeting of
the first ``cases`` cases of the list (not timed) and ``build()`` returns the PDF's
bytes the way the app makes them (timed), so plugging the signed summary in is one
function, ``_summary_builder``.
"""

from __future__ import annotations

import importlib.util
import io
import re
import time
from collections.abc import Callable

from context import Context, Result, Stopwatch, median

from isconf import clock
from isconf.services import Services

Build = Callable[[], bytes]
Prepare = Callable[[Services, int], Build]
# Pages the floor has while the real document does not exist yet (a guess, said in the note).
PLACEHOLDER_PAGES = {"agenda": 2, "summary": 20}


def agenda_pdf_s(ctx: Context) -> Result:
    return _pdf_figure(ctx, "agenda", _agenda_builder(), "issue 5")


def summary_pdf_s(ctx: Context) -> Result:
    return _pdf_figure(ctx, "summary", _summary_builder(), "issue 6")


def _agenda_builder() -> Prepare | None:
    """The agenda PDF of a meeting (issue 5), read from the database as the app exports it."""
    try:
        from isconf.meetings.agenda_pdf import agenda_pdf_bytes
    except ImportError:
        return None

    def prepare(services: Services, cases: int) -> Build:
        meetings, meeting_id = services.meetings, _meeting_of(services, cases)
        return lambda: agenda_pdf_bytes(meetings.get_meeting(meeting_id))

    return prepare


def _summary_builder() -> Prepare | None:
    """The summary PDF of a meeting (issue 6) as the app exports an unsigned one: the content
    read from the database by the signing service, packaged and rendered (a signed revision
    reads its stored snapshot instead, which is quicker)."""
    try:
        from isconf.summary.pdf import summary_pdf_bytes
    except ImportError:
        return None

    def prepare(services: Services, cases: int) -> Build:
        meeting_id = _meeting_of(services, cases)
        return lambda: summary_pdf_bytes(services.signing.summary_package(meeting_id))

    return prepare


def _meeting_of(services: Services, cases: int) -> int:
    """A new meeting with the first ``cases`` cases of the list on its agenda (not timed)."""
    meeting = services.meetings.create_meeting(title="Benchmark conference", day=clock.today())
    services.meetings.add_cases(meeting.id, [s.mrn for s in services.list_cases()[:cases]])
    return meeting.id


def _pdf_figure(ctx: Context, kind: str, prepare: Prepare | None, issue: str) -> Result:
    if not _has_reportlab():
        return Result(None, None, note="reportlab not installed: pip install -e .")
    if prepare is None:
        pages = PLACEHOLDER_PAGES[kind]
        floor = median([_timed(lambda: minimal_pdf(pages)) for _ in range(ctx.sizes.repeats)])
        return Result(None, None, note=f"not yet built ({issue}); floor at {pages} pages: {floor:.3f} s")
    services = Services.open(str(ctx.working_copy(ctx.sizes.cases, kind)))
    try:
        build = prepare(services, ctx.sizes.meeting_cases)
        pages = page_count(build())
        runs = [_stopwatch(build) for _ in range(ctx.sizes.repeats)]
    finally:
        services.close()
    floors = [_stopwatch(lambda: minimal_pdf(pages)) for _ in range(ctx.sizes.repeats)]
    value, floor = median([r.wall for r in runs]), median([f.wall for f in floors])
    cpu, floor_cpu = median([r.cpu for r in runs]), median([f.cpu for f in floors])
    times = f"{cpu / floor_cpu:.1f}×" if floor_cpu > 0 else "—"
    return Result(
        value,
        floor,
        note=f"{pages} page{'s' if pages != 1 else ''}, {ctx.sizes.meeting_cases} cases; "
        f"CPU {cpu:.3f} s, floor's {floor_cpu:.3f} s ({times}); floor: a plain "
        f"ReportLab document of {pages} pages",
    )


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


def _stopwatch(work: Callable[[], object]) -> Stopwatch:
    with Stopwatch() as watch:
        work()
    return watch


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start
