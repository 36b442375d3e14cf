"""The signed meeting summary as a PDF (ReportLab), rendered only from a ``SummaryPackage``.

A cover (the meeting, attendance, the signing status, and a table of the cases: MRN,
status, urgency, recommendation, consensus and dissent), one section per case
(``pdf_case``, its decision first), the references every section cites by number, and
the signature manifest with the full content hash. Every page carries the meeting, its revision, the hash
prefix and "page X of Y"; a draft carries a light "DRAFT" across every page. The
package's attachment document (``content.attachment_document``) is attached inside.

Rendering never reads the database, so a signed revision renders the same from its
stored snapshot years later. ``deidentify`` shows initials and age in months only:
no name, MRN or birth date in the text, the metadata or the attachment, and no date
of the children either: it renders the content's de-identified form
(``isconf.summary.deidentified``), every date an age or counted from the meeting.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from functools import cache
from typing import Any

from isconf.ages import Ages
from isconf.meetings import vocab as meeting_vocab
from isconf.pdf_pages import numbered_canvas, register_fonts
from isconf.report_text import status_words
from isconf.rules.restore import evaluation_from_document
from isconf.rules.wording import day
from isconf.signing import vocab as signing_vocab
from isconf.summary.attachment import attachment_bytes, embed_in_canvas
from isconf.summary.citations import Citations
from isconf.summary.content import ATTACHMENT_NAME, SummaryPackage, attachment_document
from isconf.summary.deidentified import case_ages, meeting_ages, readable_content
from isconf.summary.pdf_case import case_story, chart_view, moment_words, patient_words
from isconf.summary.pdf_decision import consensus_words, dissent_flag, recommendation_words
from isconf.summary.pdf_style import heading, para, rows_split, shared_layouts, table, text

Progress = Callable[[int, int, str], None]
MARGIN_MM = 16
CASE_ROOM = 0.15  # of the page's height: less left than this, and the next case starts a new page
DEIDENTIFIED_NOTE = (
    "De-identified (conference strength): initials and age in months only; no names, MRNs or "
    "dates of birth, and each of a child's dates shown as the child's age then (deadlines counted "
    "from the meeting). The identification is left out of this copy but bound by its hash."
)
IDENTIFIED_NOTE = "Contains patient identifiers: file and share only within the care team."
COVERS = (
    f"SHA-256 of the canonical JSON of the meeting, its decisions and the evaluations they stored, "
    f"attached to this PDF as {ATTACHMENT_NAME}; see docs/summary-format.md."
)
FORM_COVERS = (
    "SHA-256 of the canonical JSON of the meeting, its decisions and the evaluations they stored; "
    f"see docs/summary-format.md. This copy attaches as {ATTACHMENT_NAME} the content's "
    "de-identified form instead (the same document, the children's dates as ages), with that form's "
    "own SHA-256 below: the identified copy's content and identification make the same form again."
)


def summary_pdf_bytes(
    pkg: SummaryPackage, *, deidentify: bool = False, progress: Progress | None = None
) -> bytes:
    """The summary PDF of ``pkg`` with its attachment document inside."""
    from reportlab.platypus.doctemplate import LayoutError

    register_fonts()
    attached = attachment_document(pkg, deidentify=deidentify)
    shown, ages = _as_shown(pkg, deidentify)
    form_sha256 = attached.get("deidentified_content_sha256")
    data = attachment_bytes(attached)
    with _collector_paused():
        try:
            return _render(shown, ages, form_sha256, progress, data, split_rows=False)
        except LayoutError:
            # A table row taller than a page (a rationale of many short lines): lay it out again
            # with rows split across pages. Not by default: ReportLab then splits rows that
            # would fit on the next page too, and repeats the header within a page.
            return _render(shown, ages, form_sha256, progress, data, split_rows=True)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the pages are laid out. ReportLab makes a million
    short-lived objects for a 20-case summary, and the collector walked the heap again and
    again meanwhile (a tenth of summary_pdf_s, docs/performance.md); reference counting frees
    them all the same, and any cycle is left to the next collection after."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _as_shown(pkg: SummaryPackage, deidentify: bool) -> tuple[SummaryPackage, dict[str, Ages] | None]:
    """The package as its pages show it, and (de-identified) each case's ``Ages`` by
    pseudonym: the texts scrubbed of dates, the date fields worded by those ``Ages``."""
    if not deidentify:
        return pkg, None
    checked = pkg.extra.get("texts_checked", frozenset())
    shown = replace(pkg, content=readable_content(pkg.content, pkg.identification, checked))
    return shown, case_ages(pkg.content, pkg.identification)


def _render(
    pkg: SummaryPackage,
    ages: dict[str, Ages] | None,
    form_sha256: str | None,
    progress: Progress | None,
    attachment: bytes,
    *,
    split_rows: bool,
) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, SimpleDocTemplate

    deidentify = ages is not None
    meeting = pkg.content["meeting"]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_MM * mm,
        rightMargin=MARGIN_MM * mm,
        topMargin=MARGIN_MM * mm,
        bottomMargin=(MARGIN_MM + 2) * mm,
        title=f"Case conference summary — {_meeting_day(meeting)}, revision {meeting.get('revision')}",
        author="isconf",
        subject=("De-identified meeting summary" if deidentify else "Meeting summary")
        + f", content SHA-256 {pkg.content_sha256}",
        creator="isconf",
        producer="isconf",
        keywords="",
    )
    width = document.width
    people = {p.get("pseudonym"): p for p in pkg.identification.get("cases", [])}
    cases = pkg.content.get("cases", [])
    numbered = numbered_canvas(
        _footer(pkg, deidentify), margin=MARGIN_MM * mm, watermark=None if pkg.signatures else "DRAFT"
    )

    class canvas(numbered):  # type: ignore[misc,valid-type]
        def save(self) -> None:
            embed_in_canvas(self, attachment)
            super().save()

    citations = Citations()
    with _binary_streams(), rows_split(split_rows), shared_layouts():
        story: list[Any] = _title_page(pkg, deidentify, people, width, citations)
        for number, case in enumerate(cases, 1):
            person = None if deidentify else people.get(case.get("pseudonym"))
            child = None if ages is None else ages.get(str(case.get("pseudonym")), meeting_ages(pkg.content))
            # A case starts on a new page unless most of this one is still free.
            story += [
                PageBreak() if number == 1 else CondPageBreak(document.height * CASE_ROOM),
                *case_story(
                    case,
                    person,
                    view=chart_view(case, person, child),
                    citations=citations,
                    ages=child,
                    number=number,
                    total=len(cases),
                    width=width,
                    pictures=pkg.extra.get("pictures"),
                ),
                _Placed(_reporter(progress, number, len(cases))),
            ]
        story += [CondPageBreak(document.height * 0.3), *_references(citations)]
        # The manifest reads whole on one page (a longer one runs on, as it must).
        story.append(KeepTogether(_manifest(pkg, form_sha256, width)))
        document.build(story, canvasmaker=canvas)
    return buffer.getvalue()


def _reporter(progress: Progress | None, number: int, total: int) -> Callable[[], None] | None:
    if progress is None:
        return None
    return lambda: progress(number, total, f"case {number} of {total}")


def _Placed(done: Callable[[], None] | None) -> Any:
    """A flowable of no size that reports its case done when the layout reaches it (the end
    of the case's section), so progress follows the real work."""
    placed = _placed_class()()
    placed.done = done
    return placed


@cache
def _placed_class() -> type:
    from reportlab.platypus import Flowable

    class Placed(Flowable):
        done: Callable[[], None] | None = None

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            if self.done is not None:
                self.done()

    return Placed


def _references(citations: Citations) -> list[Any]:
    """The one list of the works the sections cite by number, then the statements several
    sections cite (why speed matters, the palliative options' figures), each once."""
    story: list[Any] = [para("References", "case")]
    story += [para(f"[{n}]&nbsp;&nbsp;{text(work)}", "reference") for n, work in citations.references()]
    for title, statements in citations.notes():
        story += heading(title, room=80)
        story += [
            para(f"• {text(words)} {citations.cite(source)}", "reference") for words, source in statements
        ]
    return story


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Streams compressed but not ASCII85-encoded: ReportLab's pure-Python ASCII85 took a
    third of the time on the charts, and a PDF needs no 7-bit safety today. And the charts'
    shapes made without checking each attribute as it is set (``shapeChecking``): isconf
    sets them from its own constants, and the checks were a third of drawing a chart."""
    from reportlab import rl_config

    before = rl_config.useA85, rl_config.shapeChecking
    rl_config.useA85, rl_config.shapeChecking = 0, 0
    try:
        yield
    finally:
        rl_config.useA85, rl_config.shapeChecking = before


def status_line(pkg: SummaryPackage) -> str:
    """Signed and locked; signed by some of the required; or a draft."""
    if not pkg.signatures:
        return "DRAFT — not signed"
    if pkg.locked:
        return "Signed and locked"
    signed = {s.get("name") for s in pkg.signatures}
    if pkg.required_signers:
        done = sum(name in signed for name in pkg.required_signers)
        return f"Signed by {done} of {len(pkg.required_signers)} required (not locked)"
    return f"Signed by {len(signed)} (not locked)"


def _meeting_day(meeting: dict[str, Any]) -> str:
    try:
        return day(date.fromisoformat(meeting["date"]))
    except (KeyError, TypeError, ValueError):
        return "date not recorded"


def _footer(pkg: SummaryPackage, deidentify: bool) -> str:
    meeting = pkg.content["meeting"]
    title = str(meeting.get("title") or "")  # shortened to the line's width by the canvas
    footer = (
        f"{title} · {_meeting_day(meeting)} · revision {meeting.get('revision')} · SHA-256 {pkg.hash_prefix}…"
    )
    return footer + (" · de-identified" if deidentify else "")


def _title_page(
    pkg: SummaryPackage,
    deidentify: bool,
    people: dict[Any, dict[str, Any]],
    width: float,
    citations: Citations,
) -> list[Any]:
    from reportlab.platypus import Spacer

    meeting = pkg.content["meeting"]
    when = _meeting_day(meeting) + (f", {meeting['time']}" if meeting.get("time") else "")
    place = meeting.get("place") or "place not recorded"
    status = status_line(pkg)
    colour = "#1d6b3a" if pkg.locked else "#8a5a00" if pkg.signatures else "#b00020"
    story: list[Any] = [
        para("Case conference summary", "note"),
        para(text(meeting.get("title") or "Untitled meeting"), "title"),
        para(text(f"{when} · {place} · chair {meeting.get('chair') or 'not recorded'}"), "subtitle"),
        para(text(_revision_words(meeting)), "subtitle"),
        para(f"<font color='{colour}'>{text(status)}</font>", "status"),
        para(text(DEIDENTIFIED_NOTE if deidentify else IDENTIFIED_NOTE), "note"),
        Spacer(1, 4),
        *_attendance(pkg, width, citations),
    ]
    story.extend(heading("Cases and recommendations"))
    cases = pkg.content.get("cases") or []
    if not cases:
        return [*story, para("No cases on the agenda.")]
    story.append(_cover_table(cases, None if deidentify else people, width))
    return story


def _cover_table(cases: list[dict[str, Any]], people: dict[Any, dict[str, Any]] | None, width: float) -> Any:
    """Every case on one line: who (with the MRN when identified), the rules' status and
    urgency, the team's recommendation, its consensus and whether anyone dissented."""
    head = ["#", "Patient", "MRN", "Status", "Urgency", "Recommendation", "Consensus", "Dissent"]
    fractions = [0.04, 0.16, 0.12, 0.16, 0.1, 0.19, 0.13, 0.1]
    rows = []
    for n, case in enumerate(cases, 1):
        person = None if people is None else people.get(case.get("pseudonym"))
        evaluation = evaluation_from_document(case["evaluation"])
        urgent = "<font color='#b00020'><b>urgent</b></font>" if evaluation.urgency.urgent else "not urgent"
        row = [
            str(n),
            patient_words(case, person, people is None),
            str((person or {}).get("mrn") or "—"),
            status_words(evaluation.status),
            para(urgent, "cell"),
            _recommendation_cell(case),
            consensus_words(case),
            para("<b>yes</b>" if dissent_flag(case) == "yes" else dissent_flag(case), "cell"),
        ]
        rows.append(row)
    if people is None:  # de-identified: no MRN column at all
        head.pop(2)
        fractions = [0.04, 0.17, 0.2, 0.12, 0.24, 0.14, 0.09]
        rows = [r[:2] + r[3:] for r in rows]
    return table(head, rows, fractions, width)


def _attendance(pkg: SummaryPackage, width: float, citations: Citations) -> list[Any]:
    """Who attended, in what role, present or not; and the core disciplines nobody covered,
    with the guideline that names them."""
    from reportlab.platypus import Spacer

    story = heading("Attendance")
    attendance = pkg.content.get("attendance") or []
    if attendance:
        rows = [
            (a.get("name") or "—", a.get("role") or "—", "present" if a.get("present") else "absent")
            for a in attendance
        ]
        story.append(table(("Name", "Role", "Present"), rows, (0.42, 0.38, 0.2), width))
    else:
        story.append(para("No attendance recorded."))
    absent = pkg.content.get("absent_core_disciplines") or []
    if absent:
        source = meeting_vocab.disciplines().core_source
        story += [
            Spacer(1, 6),
            para(
                f"<font color='#b00020'><b>No {text(', '.join(absent))} present</b></font> "
                f"(core disciplines {citations.cite(source.split(':')[0])})."
            ),
        ]
    return story


def _recommendation_cell(case: dict[str, Any]) -> Any:
    words = text(recommendation_words(case))
    return para(words if case.get("decision") else f"<font color='#b00020'>{words}</font>", "cell")


def _revision_words(meeting: dict[str, Any]) -> str:
    words = f"Revision {meeting.get('revision') or 1}"
    amends = meeting.get("amends")
    if isinstance(amends, dict):
        reason = amends.get("reason")
        words += f", amends revision {amends.get('revision')}" + (f": {reason}" if reason else "")
    elif amends is not None:
        words += f", amends revision {amends}"
        if meeting.get("amendment_reason"):
            words += f": {meeting['amendment_reason']}"
    return words


def _manifest(pkg: SummaryPackage, form_sha256: str | None, width: float) -> list[Any]:
    """``form_sha256``: de-identified, the SHA-256 of the de-identified form this copy attaches."""
    story: list[Any] = [
        para("Signature manifest", "case"),
        para(text(status_line(pkg)), "strong"),
        *_signatures(pkg, width),
        *_required_signers(pkg, width),
        *heading("Content hash"),
        para(text(pkg.content_sha256), "mono"),
        para(text(COVERS if form_sha256 is None else FORM_COVERS)),
        para(
            text(f"Identification SHA-256 (salted): {pkg.content.get('identification_sha256', '—')}"),
            "source",
        ),
    ]
    if form_sha256 is not None:
        story += [
            para(text(f"De-identified form SHA-256: {form_sha256}"), "source"),
            para(text(DEIDENTIFIED_NOTE)),
        ]
    return story


def _signatures(pkg: SummaryPackage, width: float) -> list[Any]:
    """Each signature's printed name, role, time and meaning; and, loudly, any signature
    given to other content (it is in the record but does not sign this summary)."""
    if not pkg.signatures:
        return [
            para(
                "No signatures: this is a draft. It becomes the signed summary once the required signers sign."
            )
        ]
    rows = [
        (
            s.get("name") or "—",
            s.get("role") or "—",
            _signed_at(s),
            _meaning_words(s.get("meaning")),
        )
        for s in pkg.signatures
    ]
    story: list[Any] = [
        table(
            ("Printed name", "Role", "Signed (date, time, time zone)", "Meaning"),
            rows,
            (0.28, 0.22, 0.32, 0.18),
            width,
        )
    ]
    for s in pkg.signatures:
        if s.get("content_sha256") != pkg.content_sha256:
            words = (
                f"The signature of {s.get('name') or '—'} was given to different content "
                f"(SHA-256 {str(s.get('content_sha256'))[:12]}…): it does not sign this summary."
            )
            story.append(para(f"<font color='#b00020'><b>{text(words)}</b></font>"))
    return story


def _required_signers(pkg: SummaryPackage, width: float) -> list[Any]:
    story = heading("Required signers")
    required = pkg.required_signers
    if not required:
        return [
            *story,
            para("No required signers recorded (by default the chair's signature locks the meeting)."),
        ]
    signed = {s.get("name") for s in pkg.signatures}
    missing = [n for n in required if n not in signed]
    return [
        *story,
        table(
            ("Name", "Signature"),
            [(n, "signed" if n in signed else "missing") for n in required],
            (0.6, 0.4),
            width,
        ),
        para(text("Missing: " + ", ".join(missing)) if missing else "All required signatures are in."),
    ]


def _signed_at(signature: dict[str, Any]) -> str:
    return moment_words(signature.get("signed_at"), seconds=True, zone=signature.get("time_zone"))


def _meaning_words(meaning: object) -> str:
    """The signing vocabulary's label; a code it does not know, capitalized as it is."""
    code = str(meaning or "—")
    return dict(signing_vocab.MEANING).get(code, code.capitalize())
