"""The outcome report as a PDF: the table, the chart of the centre's rates with their 95%
intervals against the literature figures, and every figure's source."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from isconf.files import write_atomic
from isconf.outcomes.report import LITERATURE_FILE, OutcomeReport
from isconf.outcomes.statistics import SEIZURE_FREE_RULE, SOURCE
from isconf.outcomes.words import horizon_words, literature_words, percent, procedure_words
from isconf.pdf_pages import BOLD, FONT, numbered_canvas, register_fonts

CENTRE, LITERATURE, GRID = "#1f3a5f", "#b35900", "#c5ccd3"
ROW_H, LABEL_W, AXIS_H = 22, 190, 30


def write_report_pdf(report: OutcomeReport, path: Path) -> None:
    """Write the report PDF to ``path`` atomically (owner-only)."""
    write_atomic(path, report_pdf_bytes(report))


def report_pdf_bytes(report: OutcomeReport) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=3)
    styles = {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=17, leading=21, spaceAfter=4),
        "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=11.5, leading=14.5, spaceBefore=8, spaceAfter=4),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor="#44505c"),
    }
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=f"Outcomes as of {report.as_of.isoformat()}",
        author="isconf",
        creator="isconf",
        producer="isconf",
    )
    story: list[Any] = [
        Paragraph(f"Outcomes after surgery, as of {report.as_of.isoformat()}", styles["title"]),
        Paragraph(escape(f"Seizure-free: {SEIZURE_FREE_RULE}. Intervals: {SOURCE}."), styles["small"]),
        Spacer(1, 3 * mm),
        Paragraph("Seizure freedom per procedure performed", styles["h2"]),
        _table(report, styles, document.width),
        Paragraph("The centre's rates against the literature", styles["h2"]),
        chart(report, document.width),
        Paragraph(escape(_chart_note()), styles["small"]),
        Paragraph("Sources of the literature figures", styles["h2"]),
        *[
            Paragraph(
                escape(f"{procedure_words(p.procedure)}: {literature_words(p.literature)}"), styles["small"]
            )
            for p in report.procedures
        ],
        Paragraph(
            escape(
                "Each figure is the one the conference saw when it decided on these children (a snapshot "
                f"kept with each decision); where no decision kept one, today's from {LITERATURE_FILE}, "
                "and the line says so."
            ),
            styles["small"],
        ),
        Paragraph("Predicted against actual", styles["h2"]),
        *[Paragraph(escape(line), styles["body"]) for line in _predicted_lines(report)],
    ]
    footer = f"isconf outcome report as of {report.as_of.isoformat()} — no names, no MRNs"
    document.build(story, canvasmaker=numbered_canvas(footer, margin=16 * mm))
    return buffer.getvalue()


def _table(report: OutcomeReport, styles: dict[str, Any], width: float) -> Any:
    from reportlab.platypus import Paragraph, Table, TableStyle

    cell = styles["body"]
    rows: list[list[Any]] = [
        [Paragraph(f"<b>{h}</b>", cell) for h in ("Procedure", "Operated", "At 12 months", "At 24 months")]
    ]
    for p in report.procedures:
        rows.append(
            [
                Paragraph(escape(procedure_words(p.procedure)), cell),
                Paragraph(str(p.operated), cell),
                *[Paragraph(escape(horizon_words(h)), cell) for h in p.horizons],
            ]
        )
    if not report.procedures:
        rows.append([Paragraph("No child has a surgery recorded.", cell), "", "", ""])
    table = Table(rows, colWidths=[width * 0.24, width * 0.14, width * 0.31, width * 0.31], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), "#e8edf2"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def chart(report: OutcomeReport, width: float) -> Any:
    """One row per procedure and horizon: the centre's rate as a dot with its 95% interval as a
    line, the literature figure as an orange diamond; 0–100% across."""
    from reportlab.graphics.shapes import Drawing, Line, Polygon, String
    from reportlab.lib import colors

    rows = [(p, h) for p in report.procedures for h in p.horizons]
    height = AXIS_H + ROW_H * max(1, len(rows)) + 26
    drawing = Drawing(width, height)
    plot_w = width - LABEL_W - 10

    def x(fraction: float) -> float:
        return LABEL_W + plot_w * fraction

    for tick in range(0, 101, 20):
        drawing.add(
            Line(x(tick / 100), AXIS_H, x(tick / 100), height - 26, strokeColor=colors.HexColor(GRID))
        )
        drawing.add(
            String(x(tick / 100), AXIS_H - 12, f"{tick}%", fontName=FONT, fontSize=8, textAnchor="middle")
        )
    drawing.add(
        String(x(0.5), 4, "% of children seizure-free", fontName=FONT, fontSize=8.5, textAnchor="middle")
    )
    if not rows:
        drawing.add(
            String(
                x(0.5), AXIS_H + 8, "No child operated yet", fontName=FONT, fontSize=9, textAnchor="middle"
            )
        )
    centre, lit = colors.HexColor(CENTRE), colors.HexColor(LITERATURE)
    for index, (p, h) in enumerate(rows):
        y = height - 26 - ROW_H * (index + 0.5)
        label = f"{procedure_words(p.procedure)}, {h.months} mo (n={h.followed})"
        drawing.add(String(4, y - 3, label, fontName=FONT, fontSize=8.5))
        ci, rate = h.ci95, h.rate
        if ci is not None and rate is not None:
            drawing.add(Line(x(ci[0]), y, x(ci[1]), y, strokeColor=centre, strokeWidth=2))
            for end in ci:
                drawing.add(Line(x(end), y - 4, x(end), y + 4, strokeColor=centre, strokeWidth=1.5))
            drawing.add(Polygon(_square(x(rate), y, 3.5), fillColor=centre, strokeColor=centre))
            drawing.add(String(x(rate), y + 6, percent(rate), fontName=FONT, fontSize=7, textAnchor="middle"))
        else:
            drawing.add(
                String(
                    x(0.02),
                    y - 3,
                    "no child followed yet",
                    fontName=FONT,
                    fontSize=7.5,
                    fillColor=colors.grey,
                )
            )
        if p.literature is not None and p.literature.value is not None:
            value = p.literature.value / 100
            # Hollow: today's figure, no decision having kept the one it saw (the sources say so).
            fill = lit if p.literature.at_decision else colors.white
            drawing.add(Polygon(_diamond(x(value), y, 5), fillColor=fill, strokeColor=lit, strokeWidth=1.2))
    legend_y = height - 12
    drawing.add(Polygon(_square(LABEL_W + 6, legend_y + 3, 3.5), fillColor=centre, strokeColor=centre))
    drawing.add(
        String(LABEL_W + 14, legend_y, "this centre, with its 95% interval", fontName=FONT, fontSize=8)
    )
    drawing.add(Polygon(_diamond(LABEL_W + 186, legend_y + 3, 5), fillColor=lit, strokeColor=lit))
    drawing.add(
        String(LABEL_W + 194, legend_y, "literature figure (sources below)", fontName=FONT, fontSize=8)
    )
    return drawing


def _square(cx: float, cy: float, r: float) -> list[float]:
    return [cx - r, cy - r, cx + r, cy - r, cx + r, cy + r, cx - r, cy + r]


def _diamond(cx: float, cy: float, r: float) -> list[float]:
    return [cx, cy - r, cx + r, cy, cx, cy + r, cx - r, cy]


def _chart_note() -> str:
    return (
        "Squares: the share of children followed at 12 or 24 months (a visit within a month of that "
        "anniversary, with an Engel or ILAE class) who were seizure-free; lines: its Wilson 95% interval. "
        "Diamonds: the published figure the conference saw for the option the trade-off weighs for that "
        "procedure, whatever time after surgery its series measured; a hollow diamond is today's figure, "
        "where no decision kept the one it saw."
    )


def _predicted_lines(report: OutcomeReport) -> list[str]:
    d, dev = report.deficits, report.development
    lines = [
        f"Deficits the team rated expected or possible for the procedure performed (and not present before), "
        f"against the new deficits recorded after surgery, in the {d.children} operated children seen since: "
        f"predicted and happened {d.predicted_and_happened}; predicted and did not happen "
        f"{d.predicted_not_happened}; happened without being predicted {d.unpredicted}."
    ]
    if dev.children and dev.mean_before is not None and dev.mean_after is not None:
        lines.append(
            f"Development, {dev.children} children with a score before and after: mean of the latest standard "
            f"score or quotient before surgery {dev.mean_before:.1f}; of the first after it {dev.mean_after:.1f} "
            f"(change {dev.mean_after - dev.mean_before:+.1f}; instruments may differ)."
        )
    else:
        lines.append("Development: no child has a score both before and after surgery yet.")
    return lines
