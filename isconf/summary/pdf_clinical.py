"""The clinical part of a case's summary section (issue 16): the treatment timeline as vector
graphics, the concordance row, the development trend, the family's priorities and goals, the
latest reports and the key images beside their captions. Drawn from the case's stored content
(``isconf.summary.clinical``); an image's pixels come from ``pictures`` (by SHA-256), and an
image whose bytes are no longer stored is named by its hash instead."""

from __future__ import annotations

from datetime import date
from typing import Any

from isconf import vocab
from isconf.ages import Ages
from isconf.rules.result import Evaluation
from isconf.rules.wording import day
from isconf.status import ALARM_COLOUR
from isconf.summary.clinical import timeline_from_json
from isconf.summary.pdf_style import heading, pairs, para, table, text
from isconf.summary.pdf_timeline import timeline_drawing

IMAGE_WIDTH = 150.0  # points: about 5 cm, two or three to a row


def clinical_story(
    case: dict[str, Any], width: float, ages: Ages | None, pictures: dict[str, bytes] | None
) -> list[Any]:
    """The flowables of the case's clinical content; none for a summary stored before it."""
    clinical = case.get("clinical")
    if not isinstance(clinical, dict):
        return []
    story: list[Any] = [*heading("Course: treatment timeline, concordance, development")]
    if clinical.get("timeline"):
        story.append(timeline_drawing(timeline_from_json(clinical["timeline"]), width))
        story.append(para("Weeks from the first dated event; each bar names its outcome.", "source"))
    else:
        story.append(para("No dated treatment or study to draw."))
    rows: list[tuple[str, Any]] = [("Concordance", para(text(clinical.get("concordance")), "cell"))]
    points = clinical.get("development") or []
    trend = "; ".join(
        f"{p['age_months']:g} months: {p['instrument']} {p['kind']} {p['score']:g}" for p in points
    )
    rows.append(("Development trend", para(text(trend or "no scored assessment"), "cell")))
    family = clinical.get("family") or {}
    priorities = "  ".join(f"{n}. {p}" for n, p in enumerate(family.get("priorities") or [], 1))
    rows.append(("Family's priorities", para(text(priorities or "not recorded"), "cell")))
    if family.get("goals"):
        rows.append(("Family's goals", para(text(family["goals"]), "cell")))
    for report in clinical.get("reports") or []:
        rows.append((_scrubbed(report.get("study"), ages), para(text(report.get("report")), "cell")))
    story.append(pairs(rows, width))
    images = clinical.get("images") or []
    if images:
        story += [*heading("Key images"), _images(images, width, ages, pictures or {})]
    return story


def _images(images: list[dict[str, Any]], width: float, ages: Ages | None, pictures: dict[str, bytes]) -> Any:
    per_row = max(1, int(width // (IMAGE_WIDTH + 12)))
    cells: list[Any] = [_image_cell(image, ages, pictures) for image in images]
    rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    return table(None, rows, [1 / per_row] * per_row, width)


def _image_cell(image: dict[str, Any], ages: Ages | None, pictures: dict[str, bytes]) -> list[Any]:
    import io

    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    when = image.get("study_date")
    day_words = ""
    if when:
        parsed = date.fromisoformat(when)
        day_words = f", {day(parsed) if ages is None else ages.noun(parsed)}"
    caption = f"{vocab.label(vocab.IMAGE_MODALITY, image.get('modality'))}{day_words}"
    if image.get("caption"):
        caption += f": {image['caption']}"
    sha = str(image.get("sha256") or "")
    parts: list[Any] = []
    data = pictures.get(sha)
    if data is not None:
        reader = ImageReader(io.BytesIO(data))
        w, h = reader.getSize()
        scale = IMAGE_WIDTH / max(w, h)
        parts.append(Image(io.BytesIO(data), width=w * scale, height=h * scale))
    else:
        parts.append(para(text("(image no longer stored)"), "source"))
    parts.append(para(text(caption), "cell"))
    parts.append(para(text(f"SHA-256 {sha[:16]}…"), "source"))
    return parts


def _scrubbed(words: object, ages: Ages | None) -> str:
    return str(words or "") if ages is None else ages.scrub(str(words or ""))


def alarm_paragraphs(e: Evaluation) -> list[Any]:
    """The alarms beside the status (untreated spasms), in the alert colour, whatever the status."""
    return [para(f"<font color='{ALARM_COLOUR}'><b>⚠ {text(w.message)}</b></font>") for w in e.alarms]
