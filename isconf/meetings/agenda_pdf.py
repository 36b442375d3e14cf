"""The agenda as a PDF for circulation (ReportLab).

The meeting header, then one table row per case in agenda order: slot, the
patient, status and urgency, the question for the team and what the evaluation
still misses. The table splits across pages with its header row repeated, and
every page says "page X of Y". ``deidentify`` gives conference-strength
de-identification (DESIGN.md): initials and age in months instead of name, MRN
and date of birth, in the text and in the file's metadata alike, and any date typed
into a question as the child's age (``isconf.ages``).
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from isconf import clock
from isconf.files import write_atomic
from isconf.meetings import vocab
from isconf.meetings.model import AgendaEntry, Meeting
from isconf.pdf_pages import BOLD, FONT, numbered_canvas, register_fonts
from isconf.report_text import pathway_words, status_words
from isconf.rules.wording import day
from isconf.status import ALARM_COLOUR, alarm_words, operated_words

DEIDENTIFIED_NOTE = (
    "De-identified (conference strength): initials and age in months; no names, MRNs or dates of birth, "
    "and a date typed into a question shown as the child's age then."
)
IDENTIFIED_NOTE = "Contains patient identifiers: circulate only within the care team."
ORDER_NOTE = {
    False: "Order: untreated spasms first, then urgent cases, then weeks since drug resistance, then weeks "
    "of spasms, longest first.",
    True: "Order: set by the coordinator.",
}


def write_agenda_pdf(meeting: Meeting, path: Path, *, deidentify: bool = False) -> None:
    """Write the agenda PDF to ``path`` atomically (owner-only)."""
    write_atomic(path, agenda_pdf_bytes(meeting, deidentify=deidentify))


def agenda_pdf_bytes(meeting: Meeting, *, deidentify: bool = False) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    register_fonts()
    if deidentify:
        meeting = _meeting_texts_scrubbed(meeting)
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=f"Case conference agenda — {day(meeting.date)}",
        author="isconf",
        subject="De-identified agenda" if deidentify else "Agenda",
        creator="isconf",
        producer="isconf",
        keywords="",
    )
    story: list[Any] = [
        Paragraph(escape(meeting.title), styles["title"]),
        Paragraph(escape(_header_line(meeting)), styles["header"]),
        Paragraph(
            escape(
                f"{ORDER_NOTE[meeting.manual_order]} {DEIDENTIFIED_NOTE if deidentify else IDENTIFIED_NOTE}"
            ),
            styles["note"],
        ),
        Spacer(1, 4 * mm),
    ]
    if meeting.agenda:
        story.append(_table(meeting, styles, deidentify, document.width))
    else:
        story.append(Paragraph("No cases on the agenda yet.", styles["cell"]))
    document.build(story, canvasmaker=numbered_canvas(_footer(meeting, deidentify), margin=14 * mm))
    return buffer.getvalue()


def _meeting_texts_scrubbed(meeting: Meeting) -> Meeting:
    """The meeting's title and place as a de-identified agenda prints them (typed text may hold
    a child's name or a date other than the meeting's own)."""
    place = meeting.redacted(meeting.place) if meeting.place else meeting.place
    return replace(meeting, title=meeting.redacted(meeting.title), place=place)


def _header_line(meeting: Meeting) -> str:
    parts = [day(meeting.date)]
    if meeting.start_time is not None:
        parts[0] += f", {meeting.start_time:%H:%M}"
        parts.append(f"{meeting.total_minutes} minutes")
    if meeting.place:
        parts.append(meeting.place)
    if meeting.video_link:
        parts.append(meeting.video_link)
    if meeting.chair:
        parts.append(f"chair {meeting.chair}")
    parts.append(f"{len(meeting.agenda)} case{'s' if len(meeting.agenda) != 1 else ''}")
    parts.append(vocab.label(vocab.STATUS, meeting.status).lower())
    return "  ·  ".join(parts)


def _table(meeting: Meeting, styles: dict[str, Any], deidentify: bool, width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    head = [
        "#",
        "Slot",
        "Patient",
        "Status and urgency",
        "Question for the team",
        "Missing before the meeting",
    ]
    rows: list[list[Any]] = [[Paragraph(h, styles["head"]) for h in head]]
    for n, item in enumerate(meeting.agenda, 1):
        rows.append(
            [
                Paragraph(str(n), styles["cell"]),
                Paragraph(escape(meeting.slot_words(item)) + f"<br/>{item.minutes} min", styles["cell"]),
                Paragraph(_patient(item, deidentify), styles["cell"]),
                Paragraph(_status(item), styles["cell"]),
                Paragraph(escape(_question(meeting, item, deidentify)), styles["cell"]),
                Paragraph(_missing(item), styles["cell"]),
            ]
        )
    fractions = (0.035, 0.10, 0.17, 0.23, 0.23, 0.235)
    table = Table(rows, colWidths=[width * f for f in fractions], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f3a5f")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f5f8")]),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _question(meeting: Meeting, item: AgendaEntry, deidentify: bool) -> str:
    if not item.question:
        return "—"
    return meeting.redacted(item.question, item) if deidentify else item.question


def _patient(item: AgendaEntry, deidentify: bool) -> str:
    if deidentify:
        age = "age not recorded" if item.age_months is None else f"{item.age_months:.0f} months old"
        return f"<b>{escape(item.initials)}</b><br/>{age}"
    born = f"born {day(item.date_of_birth)}" if item.date_of_birth else "birth date not recorded"
    name = escape(item.display_name) or "name not recorded"
    return f"<b>{name}</b><br/>MRN {escape(item.mrn)}<br/>{born}"


def _status(item: AgendaEntry) -> str:
    if item.operated_on is not None:  # candidacy and the urgency of surgery no longer apply
        lines = [
            f"<b>{escape(operated_words(item.outcome))}</b>",
            f"operated on {item.operated_on.isoformat()}",
        ]
        if item.alarms:
            lines.append(f"<font color='{ALARM_COLOUR}'><b>{escape(alarm_words(item.alarms))}</b></font>")
        return "<br/>".join(lines)
    lines = [f"<b>{escape(status_words(item.status))}</b>" if item.status else "<b>not evaluated</b>"]
    if item.pathway:
        lines.append(escape(pathway_words(item.pathway, item.status)))
    if item.alarms:
        lines.append(f"<font color='{ALARM_COLOUR}'><b>{escape(alarm_words(item.alarms))}</b></font>")
    lines.append("<font color='#b00020'><b>URGENT</b></font>" if item.urgent else "not flagged urgent")
    if item.weeks_since_drug_resistance is not None:
        lines.append(f"{item.weeks_since_drug_resistance:.1f} weeks since drug resistance")
    if item.spasm_weeks is not None:
        lines.append(f"{item.spasm_weeks:.1f} weeks of spasms")
    return "<br/>".join(lines)


def _missing(item: AgendaEntry) -> str:
    if not item.missing:
        return "ready: nothing missing"
    return "<br/>".join(f"• {escape(m)}" for m in item.missing)


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=17, leading=21, spaceAfter=3),
        "header": ParagraphStyle("header", fontName=FONT, fontSize=10.5, leading=14),
        "note": ParagraphStyle(
            "note", fontName=FONT, fontSize=8.5, leading=11, textColor=colors.HexColor("#44505c")
        ),
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=9, leading=11, textColor=colors.white),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=11.5),
    }


def _footer(meeting: Meeting, deidentify: bool) -> str:
    footer = f"isconf · {meeting.title} · {day(meeting.date)} · printed {day(clock.today())}"
    return footer + (" · de-identified" if deidentify else "")
