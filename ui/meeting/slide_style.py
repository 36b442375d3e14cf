"""The slide's look: dark, large type, one colour per meaning.

Colours: green says met / candidate, violet not met / not a candidate, amber unknown or still
to do (missing data, refer for evaluation), red urgent; blue is for headings and keys. A state
is always a word and a symbol too, never colour alone.
"""

from __future__ import annotations

import re

STYLE = """
QWidget#presentation { background: #0f1b2a; }
QFrame#presentBar { background: #0a1420; }
QLabel { color: #f3f6fa; font-size: 26pt; }
QLabel#position { font-size: 40pt; font-weight: 800; color: #ffffff; }
QLabel#meetingLine { font-size: 22pt; color: #b9c6d6; }
QLabel#titleNote { font-size: 13pt; font-style: italic; color: #8fa5bf; }
QLabel#patient { font-size: 44pt; font-weight: 800; }
QLabel#status { font-size: 28pt; font-weight: 700; padding: 8px 18px; border-radius: 10px;
                background: #263a52; border: 3px solid #8fa5bf; }
QLabel#status[status="candidate"] { background: #1d4a2a; border-color: #66bb6a; }
QLabel#status[status="palliative_candidate"] { background: #17414d; border-color: #4fc3d9; }
QLabel#status[status="refer_for_evaluation"] { background: #4a3810; border-color: #ffb300; }
QLabel#status[status="not_yet"] { background: #263a52; border-color: #8fa5bf; }
QLabel#status[status="not_candidate"] { background: #3a2f5c; border-color: #b39ddb; }
QLabel#status[status="incomplete"] { background: #2d3640; border: 3px dashed #9aa7b4; }
QLabel#rule { font-size: 20pt; color: #cfd8e3; }
QLabel#urgent { font-size: 26pt; font-weight: 800; color: #ffffff; background: #c62828;
                padding: 6px 18px; border-radius: 10px; }
QLabel#notUrgent { font-size: 24pt; color: #cfd8e3; }
QLabel#heading { font-size: 26pt; font-weight: 800; color: #8ec5ff; }
QLabel#findingLabel { font-size: 24pt; font-weight: 700; color: #b9c6d6; }
QLabel#finding { font-size: 24pt; }
QLabel#question { font-size: 28pt; font-weight: 700; color: #0f1b2a; background: #e8eef5;
                  padding: 10px 16px; border-radius: 10px; }
QLabel#question[unset="true"] { font-size: 22pt; font-weight: 400; font-style: italic; color: #b9c6d6;
                                background: transparent; padding: 2px 0px; }
QLabel#badge { font-size: 24pt; font-weight: 800; padding: 2px 10px; border-radius: 8px; }
QLabel#badge[state="met"] { background: #2e7d32; color: #ffffff; }
QLabel#badge[state="not_met"] { background: #6a55a8; color: #ffffff; }
QLabel#badge[state="unknown"] { background: #ffca28; color: #1b1300; }
QLabel#criterion { font-size: 25pt; font-weight: 700; }
QLabel#reason { font-size: 21pt; color: #d5dde8; }
QLabel#missing { font-size: 24pt; color: #ffca28; }
QLabel#missing[none="true"] { color: #a5e6a8; }
QLabel#decision { font-size: 26pt; color: #a5e6a8; font-weight: 700; }
QLabel#keys { font-size: 16pt; color: #8a9bb0; }
QLabel#chartHint { font-size: 24pt; font-weight: 700; color: #8ec5ff; }
QLabel#chart { background: #ffffff; border-radius: 10px; padding: 8px; }
"""


# The layout is drawn for a 1920×1080 room screen; a smaller one (a 1280×720 projector) gets
# the same layout with type and badges scaled down, not 1080p type that crushed the findings
# and the checklist to nothing. Larger screens keep the 1080p sizes.
DESIGN_WIDTH, DESIGN_HEIGHT = 1920, 1080
MIN_SCALE = 0.5


SMALL_ROOM_MARGIN = 0.9  # margins and gaps keep their pixels: the type shrinks a little more


def room_scale(width: int, height: int) -> float:
    ratio = min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT)
    return 1.0 if ratio >= 1 else max(MIN_SCALE, ratio * SMALL_ROOM_MARGIN)


def scaled_style(scale: float, extra: str = "") -> str:
    """STYLE (and ``extra``, the clinical parts' style) with every pt and px size times ``scale``."""
    return re.sub(
        r"(\d+)(pt|px)", lambda m: f"{max(1, round(int(m.group(1)) * scale))}{m.group(2)}", STYLE + extra
    )
