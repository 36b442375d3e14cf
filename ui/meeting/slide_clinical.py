"""What a slide shows of a case besides its findings and checklist (issue 16): the concordance
row, the treatment timeline and the key images as tiles (``SlideClinical``), and one key image
at a time on the whole screen (``ImageScreen``, on the I key). Kept apart from the slide's
layout so that layout can place them where it likes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from isconf import vocab
from isconf.ages import Ages
from isconf.services import Case, KeyImage, case_concordance, image_picture, treatment_timeline
from ui.widgets.timeline_view import TimelineView

TILE = 200  # pixels at 1920×1080
TILE_COLUMNS = 2

CLINICAL_STYLE = """
QLabel#concordance { font-size: 24pt; color: #f3f6fa; }
QLabel#courseHeading { font-size: 26pt; font-weight: 800; color: #8ec5ff; }
QLabel#tile { background: #000000; border: 2px solid #37506e; border-radius: 6px; }
QLabel#tileCaption { font-size: 14pt; color: #b9c6d6; }
QLabel#imageCaption { font-size: 24pt; color: #f3f6fa; }
QLabel#bigImage { background: #000000; }
"""


Typed = Callable[[str], str]  # a typed text as the room may see it (``Meeting.redacted``)


def image_words(image: KeyImage, ages: Ages, typed: Typed) -> str:
    """'MRI, at 6 months: Axial FLAIR' (the room sees the child's age, never a date; the
    caption is typed text, withheld until checked for identifiers)."""
    when = f", {ages.noun(image.study_date)}" if image.study_date else ""
    caption = f": {typed(image.caption)}" if image.caption else ""
    return f"{vocab.label(vocab.IMAGE_MODALITY, image.modality)}{when}{caption}"


class SlideClinical(QWidget):
    """The concordance row, the timeline and the image tiles of the case on the slide."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.concordance = QLabel(objectName="concordance")
        self.concordance.setWordWrap(True)
        self.timeline = TimelineView(dark=True, scale=1.6)
        self.tiles = QGridLayout()
        self.tiles.setSpacing(14)
        left = QVBoxLayout()
        left.addWidget(QLabel("Treatment timeline", objectName="courseHeading"))
        left.addWidget(self.timeline)
        left.addStretch(1)
        right = QVBoxLayout()
        self.images_heading = QLabel("Key images  (I: full screen)", objectName="courseHeading")
        right.addWidget(self.images_heading)
        right.addLayout(self.tiles)
        right.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(40)
        row.addLayout(left, 1)
        row.addLayout(right, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(QLabel("Concordance", objectName="courseHeading"))
        layout.addWidget(self.concordance)
        layout.addLayout(row, 1)
        self.images: tuple[KeyImage, ...] = ()

    def show_case(self, case: Case, as_of: date, ages: Ages, typed: Typed) -> None:
        self.concordance.setText(ages.scrub(case_concordance(case, as_of).words))
        self.timeline.set_timeline(treatment_timeline(case, as_of, today_words="meeting day"))
        self.images = case.images
        while self.tiles.count():
            item = self.tiles.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        for n, image in enumerate(case.images[: 2 * TILE_COLUMNS]):
            self.tiles.addWidget(_tile(n, image, ages, typed), n // TILE_COLUMNS, n % TILE_COLUMNS)
        more = len(case.images) - 2 * TILE_COLUMNS
        self.images_heading.setText(
            "Key images: none"
            if not case.images
            else f"Key images{f' (+{more} more)' if more > 0 else ''}  (I: full screen)"
        )


def _tile(n: int, image: KeyImage, ages: Ages, typed: Typed) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    picture = QLabel(objectName="tile")
    picture.setFixedSize(TILE, TILE)
    picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
    pixmap = QPixmap()
    pixmap.loadFromData(image_picture(image))
    if not pixmap.isNull():
        picture.setPixmap(
            pixmap.scaled(
                TILE - 6,
                TILE - 6,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
    words = image_words(image, ages, typed)
    picture.setAccessibleName(f"Image {n + 1}: {words}")
    caption = QLabel(objectName="tileCaption")
    caption.setText(
        caption.fontMetrics().elidedText(f"{n + 1}. {words}", Qt.TextElideMode.ElideRight, TILE * 2)
    )
    caption.setFixedWidth(TILE)
    column.addWidget(picture)
    column.addWidget(caption)
    return box


class ImageScreen(QWidget):
    """One key image on the whole slide, with its caption; ``advance`` steps to the next and
    says False past the last (the slide then goes back to the findings)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = QLabel(objectName="bigImage")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(objectName="imageCaption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.caption)
        self.images: tuple[KeyImage, ...] = ()
        self.ages: Ages | None = None
        self.typed: Typed = str
        self.index = -1
        self._pixmap = QPixmap()

    def start(self, images: tuple[KeyImage, ...], ages: Ages, typed: Typed) -> None:
        self.images, self.ages, self.typed, self.index = images, ages, typed, -1

    def advance(self) -> bool:
        self.index += 1
        if self.index >= len(self.images) or self.ages is None:
            self.index = -1
            return False
        image = self.images[self.index]
        self._pixmap = QPixmap()
        self._pixmap.loadFromData(image_picture(image))
        self.caption.setText(
            f"Image {self.index + 1} of {len(self.images)}: {image_words(image, self.ages, self.typed)}"
        )
        self._fit()
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._pixmap.isNull():
            self.picture.setText("(no picture)")
            return
        size = self.picture.size()
        self.picture.setPixmap(
            self._pixmap.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
