"""The slide's key findings as tiles that always fit their column.

Each finding is a tile: its name, and its text wrapped beside it. All tiles shrink their type
together, from the slide's size down to a floor legible from the back of the room (20 px at
1080 lines, in proportion on a smaller screen); below that a tile keeps a fixed number of lines
and ends in "…", and findings that still find no room are counted on a last line ("+3 more:
press F"), which opens every finding in full. Nothing is drawn over anything else.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

DESIGN_LINES = 1080
DESIGN_PX = 32  # 24 pt on a 1080-line screen
FLOOR_PX = 20  # nothing under this at 1080 lines: legible from about 5 m
MAX_LINES = 3  # a tile at the floor keeps this many lines; the rest is behind F
NAME_SHARE = 0.4  # the finding's name takes at most this much of the tile's width
NAME_GAP = 12
TILE_GAP = 6
MORE_KEY = "F"


@dataclass(frozen=True)
class Fit:
    px: int
    name_width: int
    lines: tuple[int, ...]  # lines given to each tile shown
    shown: int  # how many findings are shown (the rest counted on the "more" line)
    cut: bool  # some tile shows less than its whole text


def floor_px(lines_on_screen: int) -> int:
    return max(8, round(FLOOR_PX * lines_on_screen / DESIGN_LINES))


def design_px(lines_on_screen: int) -> int:
    return max(floor_px(lines_on_screen), round(DESIGN_PX * min(1.0, lines_on_screen / DESIGN_LINES)))


def _font(px: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


def lines_needed(text: str, px: int, width: int) -> int:
    metrics = QFontMetrics(_font(px))
    flags = int(Qt.TextFlag.TextWordWrap)
    height = metrics.boundingRect(QRect(0, 0, max(1, width), 100_000), flags, text).height()
    spacing = metrics.lineSpacing()
    # A line's box is a pixel or two taller than the spacing between lines: not a second line.
    return max(1, (height + spacing - 3) // spacing)


def tile_height(px: int, lines: int) -> int:
    return QFontMetrics(_font(px)).lineSpacing() * lines + 4


def name_width(names: list[str], px: int, width: int) -> int:
    metrics = QFontMetrics(_font(px, bold=True))
    return min(int(width * NAME_SHARE), max((metrics.horizontalAdvance(n) + 4 for n in names), default=0))


def fit(
    findings: list[tuple[str, str]], width: int, height: int, screen_lines: int, max_lines: int = MAX_LINES
) -> Fit:
    """The largest type at which every finding fits whole; else the floor, each tile cut to
    ``max_lines``, and as many tiles as fit above the "more" line."""
    names, texts = [n for n, _ in findings], [t for _, t in findings]
    top, bottom = design_px(screen_lines), floor_px(screen_lines)
    for px in range(top, bottom - 1, -1):
        names_at = name_width(names, px, width)
        if names_at < name_width(names, px, 1_000_000):
            continue  # a finding's name would be cut (on a 4:3 screen): smaller type first
        lines = tuple(lines_needed(t, px, width - names_at - NAME_GAP) for t in texts)
        used = sum(tile_height(px, n) for n in lines) + TILE_GAP * max(0, len(texts) - 1)
        if used <= height:
            return Fit(px, names_at, lines, len(texts), cut=False)
    px = bottom
    names_at = name_width(names, px, width)
    whole = [lines_needed(t, px, width - names_at - NAME_GAP) for t in texts]
    lines = tuple(min(max_lines, n) for n in whole)
    more = tile_height(px, 1) + TILE_GAP
    shown, used = 0, 0
    for n in lines:
        need = tile_height(px, n) + TILE_GAP
        if used + need + (more if shown + 1 < len(texts) else 0) > height:
            break
        used += need
        shown += 1
    cut = shown < len(texts) or any(w > n for w, n in zip(whole[:shown], lines, strict=False))
    return Fit(px, names_at, lines[:shown], shown, cut)


def cut_to_lines(text: str, px: int, width: int, lines: int) -> str:
    """``text`` ending in "…" where it would need more than ``lines`` lines."""
    if lines_needed(text, px, width) <= lines:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest start that fits with its ellipsis
        middle = (low + high + 1) // 2
        if lines_needed(text[:middle].rstrip() + " …", px, width) <= lines:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip(" ;,") + " …"


class FindingTile(QFrame):
    def __init__(self, name: str, text: str) -> None:
        super().__init__(objectName="findingTile")
        self.full_text, self.full_name = text, name
        self.name = QLabel(name, objectName="tileName")
        self.name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(text, objectName="tileText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(f"{name}: {text}")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(NAME_GAP)
        row.addWidget(self.name)
        row.addWidget(self.text, 1)

    def show_at(self, px: int, lines: int, width: int, names_at: int) -> None:
        value_width = width - names_at - NAME_GAP
        self.name.setFixedWidth(names_at)
        # At the floor a long name may still not fit its share: it ends in "…", whole in the tooltip.
        bold = QFontMetrics(_font(px, bold=True))
        self.name.setText(bold.elidedText(self.full_name, Qt.TextElideMode.ElideRight, names_at - 4))
        self.name.setToolTip(self.full_name)
        self.name.setStyleSheet(f"font-size: {px}px; font-weight: 700; color: #b9c6d6;")
        self.text.setStyleSheet(f"font-size: {px}px;")
        self.text.setText(cut_to_lines(self.full_text, px, value_width, lines))
        self.text.setToolTip(self.full_text)
        self.setFixedHeight(tile_height(px, lines))


class FindingTiles(QWidget):
    """Key findings that fit the room they are given; ``hidden`` counts those left for F."""

    refitted = Signal()  # laid out anew: whether any is cut (``cut``) may have changed

    def __init__(self, screen_lines: int = DESIGN_LINES, max_lines: int = MAX_LINES) -> None:
        super().__init__()
        self.max_lines = max_lines
        # Its height is what the slide has left, never what its tiles ask for: they fit it.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.findings: list[tuple[str, str]] = []
        self.screen_lines = screen_lines
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(TILE_GAP)
        self.tiles: list[FindingTile] = []
        self.more = QLabel(objectName="moreFindings")
        self.hidden = 0
        self.cut = False
        self._fitting = self._again = False

    def set_findings(self, findings: list[tuple[str, str]], screen_lines: int) -> None:
        self.findings, self.screen_lines = findings, screen_lines
        for tile in self.tiles:
            tile.hide()
            tile.deleteLater()
        self.tiles = [FindingTile(name, text) for name, text in findings]
        self.refit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitting:
            # Refitting (tiles shown, their type set) made the slide lay out again and resize
            # these tiles inside their own refit: that recursed until Python's stack gave way
            # (a presentation opened on an 800×600 screen). Fit once more after this one.
            self._again = True
            return
        self.refit()

    def refit(self) -> None:
        self._fitting, self._again = True, False
        try:
            self._refit()
        finally:
            self._fitting = False
        if self._again:
            QTimer.singleShot(0, self, self._refit_once)

    def _refit_once(self) -> None:
        """The fit a resize during the last one asked for; a resize it causes waits for the next."""
        self._fitting = True
        try:
            self._refit()
        finally:
            self._fitting = False

    def _refit(self) -> None:
        while self.column.count():
            self.column.takeAt(0)
        if not self.tiles or self.width() <= 0 or self.height() <= 0:
            return
        width = self.width()
        chosen = fit(self.findings, width, self.height(), self.screen_lines, self.max_lines)
        for n, tile in enumerate(self.tiles):
            if n < chosen.shown:
                tile.show_at(chosen.px, chosen.lines[n], width, chosen.name_width)
                self.column.addWidget(tile)
                tile.show()
            else:
                tile.hide()
        self.hidden = len(self.tiles) - chosen.shown
        self.cut = chosen.cut
        self.more.setStyleSheet(f"font-size: {chosen.px}px; font-weight: 700; color: #8ec5ff;")
        self.more.setText(more_words(self.hidden, self.cut))
        self.column.addWidget(self.more)
        self.more.setVisible(self.cut)
        self.column.addStretch(1)
        self.refitted.emit()


def more_words(hidden: int, cut: bool) -> str:
    if hidden:
        return f"+{hidden} more: press {MORE_KEY} for every finding in full"
    return f"Shortened (…): press {MORE_KEY} for every finding in full" if cut else ""
