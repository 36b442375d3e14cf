"""Light and dark: the style sheet follows the system's palette (or View ▸ Theme).

The style sheet is written once, for light. The dark one is derived from it: every colour keeps
its hue and saturation and takes the opposite lightness, so a white table becomes a dark one, its
dark text light, a red "URGENT" a lighter red on the dark, and a green badge a dark green with
light writing. Qt's own palette goes dark with it, so what the sheet does not colour (menus,
scroll bars, an unstyled label) follows; light text on a white table (a dark system palette
under the light sheet) cannot happen.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from isconf.datafiles import resource_path

SYSTEM, LIGHT, DARK = "system", "light", "dark"
THEMES = ((SYSTEM, "Follow the system"), (LIGHT, "Light"), (DARK, "Dark"))
SETTING = "view/theme"
_HEX = re.compile(r"#([0-9a-fA-F]{6})\b")
# What the system's palette was before a theme replaced it: "follow the system" goes back to it.
_system_palette: list[QPalette] = []


def chosen_theme() -> str:
    value = QSettings().value(SETTING, SYSTEM)
    return value if value in (SYSTEM, LIGHT, DARK) else SYSTEM


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_colour(hex_colour: str) -> str:
    colour = QColor(hex_colour)
    hue, saturation, lightness, _ = colour.getHsl()
    # Mid tones move further than the opposite lightness alone would take them: a mid grey
    # text on a light panel stays legible as a light grey on a dark one.
    flipped = 255 - lightness
    flipped = min(255, flipped + 25) if flipped >= 128 else max(0, flipped - 10)
    return QColor.fromHsl(max(0, hue), saturation, flipped).name()


def dark_sheet(sheet: str) -> str:
    return _HEX.sub(lambda match: dark_colour(match.group(0)), sheet)


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#1e2530",
        QPalette.ColorRole.WindowText: "#e8edf2",
        QPalette.ColorRole.Base: "#161c25",
        QPalette.ColorRole.AlternateBase: "#1f2732",
        QPalette.ColorRole.Text: "#e8edf2",
        QPalette.ColorRole.Button: "#2a3340",
        QPalette.ColorRole.ButtonText: "#e8edf2",
        QPalette.ColorRole.ToolTipBase: "#2a3340",
        QPalette.ColorRole.ToolTipText: "#e8edf2",
        QPalette.ColorRole.Highlight: "#2f6db5",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.PlaceholderText: "#9aa7b4",
        QPalette.ColorRole.Link: "#8ec5ff",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7d8a98"))
    return palette


def apply_theme(app: QApplication, theme: str | None = None) -> bool:
    """The style sheet (and palette) of ``theme`` (default: the one chosen in View ▸ Theme);
    whether it is dark."""
    theme = theme or chosen_theme()
    if not _system_palette:
        _system_palette.append(QPalette(app.palette()))
    system = _system_palette[0]
    dark = theme == DARK or (theme == SYSTEM and is_dark(system))
    app.setPalette(
        dark_palette()
        if dark
        else (system if not is_dark(system) else QApplication.style().standardPalette())
    )
    sheet = resource_path("isconf.qss").read_text(encoding="utf-8")
    app.setStyleSheet(dark_sheet(sheet) if dark else sheet)
    return dark


def themed(hex_colour: str) -> QColor:
    """A colour a model gives a cell (a status's, "URGENT"'s), as the current theme shows it."""
    app = QApplication.instance()
    dark = isinstance(app, QApplication) and is_dark(app.palette())
    return QColor(dark_colour(hex_colour) if dark else hex_colour)
