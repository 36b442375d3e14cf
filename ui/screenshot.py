"""``isconf gui --screenshot FILE --view V [--size WxH] [--scale 1.5] [--case MRN] [--check-layout]``:
a view rendered offscreen at exactly the size asked for, and what is wrong with its layout.

``--scale`` is the screen's scaling (150 % → 1.5): the size stays the screen's pixels, the window
gets size / scale of room in Qt's units, as on a desktop set to that scaling. It has to be set
before Qt starts (``QT_SCALE_FACTOR``), so it works from the command line, not in a running app.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from isconf.services import Services
from ui.meeting.screenshot import MEETING_SIZE, PRESENT_SIZE, ViewRefused, meeting_view

DEFAULT_SIZE = (1600, 900)  # list, editor and checklist side by side
# What ``--screenshot FILE`` writes, by FILE's extension: Qt's own encoders for these ship
# with PySide6 Essentials.
SCREENSHOT_FORMATS = {".png": "PNG", ".jpg": "JPG", ".jpeg": "JPG", ".bmp": "BMP"}


def start_offscreen(scale: float | None) -> object:
    """The QApplication, started offscreen (or on the X server ``QT_QPA_PLATFORM=xcb`` names)."""
    if os.environ.get("QT_QPA_PLATFORM") != "xcb":
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if scale is not None:
        os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([sys.argv[0]])


def default_size(view: str) -> tuple[int, int]:
    return {"present": PRESENT_SIZE, "meeting": MEETING_SIZE}.get(view, DEFAULT_SIZE)


def logical_size(size: tuple[int, int], scale: float) -> tuple[int, int]:
    return round(size[0] / scale), round(size[1] / scale)


def build_view(
    services: Services, view: str, case_mrn: str | None, meeting_id: int | None, size: tuple[int, int]
) -> object:
    """The window of ``view``, built and sized (``size`` in Qt's units); raises ``ViewRefused``."""
    from ui.app import apply_style, set_style

    if view in ("meeting", "present"):
        from PySide6.QtWidgets import QApplication

        apply_style(QApplication.instance())
        widget = meeting_view(services, view, meeting_id, case_mrn)
        widget.resize(*size)
        return widget
    if view in ("case", "checklist", "tradeoff") and case_mrn is None:
        raise ViewRefused(f"--view {view} needs --case MRN", 2)
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    app = QApplication.instance()
    set_style(app)  # before the window: set after, it repolishes every widget (~25 ms)
    window = MainWindow(services, fill_list=False)
    # Styled once it is built: a style sheet set first restyles each part again every time
    # it is put into its parent while the window is assembled (~0.1 s, docs/performance.md).
    apply_style(app)
    window.refresh_cases()
    if case_mrn is not None and not window.open_case_quietly(case_mrn):
        window.close()
        window.deleteLater()
        raise ViewRefused(f"--case: no case has MRN {case_mrn!r}")
    window.resize(*size)
    if view == "checklist":
        window.show_checklist_view()
    if view == "tradeoff":
        window.show_tradeoff_view()
    return window


def render(
    app: object, widget: object, size: tuple[int, int], *, check_layout: bool
) -> tuple[object, list[str]]:
    """The widget shown at ``size`` (the screen's pixels) as an image of exactly that size, and
    its layout problems (when asked): a window that cannot shrink to the size is cut to it
    and named, never saved larger."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication, QWidget

    from ui.layout_check import layout_problems, window_too_small

    assert isinstance(app, QApplication) and isinstance(widget, QWidget)
    _quiet_offscreen_warning()
    ratio = app.devicePixelRatio()
    logical = QSize(*logical_size(size, ratio))
    too_small = window_too_small(widget, logical) if check_layout else None
    widget.resize(logical)
    widget.show()
    for _ in range(3):
        app.processEvents()
    problems = [
        str(p) for p in ([too_small] if too_small else []) + (layout_problems(widget) if check_layout else [])
    ]
    grabbed = widget.grab().toImage()
    image = QImage(QSize(*size), QImage.Format.Format_RGB32)
    image.fill(0)
    painter = QPainter(image)
    # Drawn pixel for pixel: a window that grew past the size is cut, one that rounded short is padded.
    grabbed.setDevicePixelRatio(1.0)
    painter.drawImage(0, 0, grabbed)
    painter.end()
    return image, problems


def screenshot(
    services: Services,
    path: Path,
    *,
    view: str,
    case_mrn: str | None,
    meeting_id: int | None,
    size: tuple[int, int] | None,
    scale: float | None = None,
    check_layout: bool = False,
) -> int:
    app = start_offscreen(scale)
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    size = size or default_size(view)
    try:
        widget = build_view(services, view, case_mrn, meeting_id, logical_size(size, app.devicePixelRatio()))
    except ViewRefused as refused:
        print(f"isconf: error: {refused}", file=sys.stderr)
        return refused.code
    image, problems = render(app, widget, size, check_layout=check_layout)
    # Gone with the next event loop: a window left over would still hear the change bus
    # (a test's run of the command line goes on in the same process).
    widget.close()  # type: ignore[attr-defined]
    widget.deleteLater()  # type: ignore[attr-defined]
    code = save_image(image, path)
    if code == 0:
        print(f"wrote {path}")
    for problem in problems:
        print(f"layout: {problem}")
    if problems:
        print(f"isconf: error: {len(problems)} layout problem(s) at {size[0]}x{size[1]}", file=sys.stderr)
        return 1
    return code


def save_image(image: object, path: Path) -> int:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    from isconf.files import ExportError, write_atomic

    assert isinstance(image, QImage)
    # Encoded in memory, then written as every export is (atomically, owner-only: a screenshot
    # shows names), so a failure names its reason as theirs do; QImage.save only says "no".
    image_format = SCREENSHOT_FORMATS.get(path.suffix.lower(), "PNG")
    encoded = QByteArray()
    buffer = QBuffer(encoded)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    saved = image.save(buffer, image_format)
    buffer.close()
    if not saved:
        print(f"isconf: error: {path}: Qt could not encode the {image_format} image", file=sys.stderr)
        return 1
    try:
        write_atomic(path, bytes(encoded.data()))
    except ExportError as exc:
        print(f"isconf: error: {exc}", file=sys.stderr)
        return 1
    return 0


def screenshot_format_problem(path: Path) -> str | None:
    """Why ``path`` cannot take a screenshot (an extension naming no format written), or None."""
    if path.suffix.lower() in SCREENSHOT_FORMATS:
        return None
    return (
        f"{path}: a screenshot is written as PNG, JPEG or BMP; end the file name in .png, .jpg, .jpeg or .bmp"
    )


def _quiet_offscreen_warning() -> None:
    """The offscreen platform says it cannot follow size hints; in a screenshot that is noise."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
