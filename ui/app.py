"""Starting the Qt application: a window on screen, or an offscreen screenshot."""

from __future__ import annotations

import os
import re
import socket
import sys
from pathlib import Path

from isconf.services import Services

# Libraries Qt's X11 plugin loads, and the Debian packages that carry them.
# Qt's own error names libxcb-cursor0 whichever one is missing, so we say which.
# What Qt's xcb plugin loads beyond X itself: library → (the soname it is linked against, the Debian package).
_XCB_LIBRARIES = {
    "xcb-cursor": ("libxcb-cursor.so.0", "libxcb-cursor0"),
    "xcb-icccm": ("libxcb-icccm.so.4", "libxcb-icccm4"),
    "xcb-keysyms": ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    "xcb-image": ("libxcb-image.so.0", "libxcb-image0"),
    "xcb-render-util": ("libxcb-render-util.so.0", "libxcb-render-util0"),
    "xcb-shape": ("libxcb-shape.so.0", "libxcb-shape0"),
    "xcb-xkb": ("libxcb-xkb.so.1", "libxcb-xkb1"),
    "xkbcommon-x11": ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
}


DEFAULT_SIZE = (1600, 900)  # list, editor and checklist side by side


class DisplayError(RuntimeError):
    """The window cannot be shown here; the message says what to do."""


def check_display() -> None:
    """Fail with a clear message where Qt would abort without one."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return
    display = os.environ.get("DISPLAY")
    if not display:
        raise DisplayError(
            "no display: start isconf from a desktop session (or under Xvfb), "
            "or render a PNG with: isconf gui --screenshot FILE"
        )
    if not display_answers(display):
        # Qt would abort here, naming libxcb-cursor0 whatever the reason (a DISPLAY left
        # from a closed session, an ssh -X tunnel gone): say which display is silent.
        raise DisplayError(
            f"DISPLAY={display}: no X server answers there (left from a closed session?); "
            "start isconf from a desktop session (or under Xvfb), "
            "or render a PNG with: isconf gui --screenshot FILE"
        )
    missing = missing_xcb_packages()
    if missing:
        raise DisplayError(
            "Qt needs system libraries that are missing: apt-get install -y " + " ".join(missing)
        )


def missing_xcb_packages() -> list[str]:
    """The packages of the xcb libraries the dynamic loader cannot load by the soname Qt's xcb
    plugin asks for (~1 ms for all; ``ctypes.util.find_library`` ran ``ldconfig -p`` each,
    ~3–7 ms, and found other versions Qt cannot use)."""
    import ctypes  # an X11 display's check only

    missing = []
    for soname, package in _XCB_LIBRARIES.values():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    return missing


def display_answers(display: str, timeout: float = 1.0) -> bool:
    """Whether an X server accepts a connection at ``display`` (``:0``, ``unix:1.0``,
    ``host:10.0``); a form this does not know is assumed to answer (Qt may know it)."""
    match = re.fullmatch(r"(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?", display)
    if match is None:
        return True
    host, number = match["host"], int(match["number"])
    if host.startswith("/"):  # a socket's own path (XQuartz: /private/tmp/…/org.xquartz:0)
        return _unix_socket_answers(f"{host}:{number}", timeout)
    if host not in ("", "unix"):
        return _tcp_answers(host, 6000 + number, timeout)
    path = f"/tmp/.X11-unix/X{number}"
    # Linux servers also listen on the abstract socket of that name (a container may see only it).
    return _unix_socket_answers(path, timeout) or _unix_socket_answers("\0" + path, timeout)


def _unix_socket_answers(address: str, timeout: float) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(timeout)
        try:
            probe.connect(address)
        except (OSError, ValueError):
            return False
    return True


def _tcp_answers(host: str, port: int, timeout: float) -> bool:
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError:
        return False
    return True


def run(
    services: Services,
    *,
    screenshot: Path | None = None,
    view: str = "cases",
    case_mrn: str | None = None,
    size: tuple[int, int] | None = None,
    meeting_id: int | None = None,
    scale: float | None = None,
    check_layout: bool = False,
) -> int:
    """Show the main window until it closes, or save a screenshot and return."""
    if screenshot is not None:
        from ui import screenshot as shot

        return shot.screenshot(
            services,
            screenshot,
            view=view,
            case_mrn=case_mrn,
            meeting_id=meeting_id,
            size=size,
            scale=scale,
            check_layout=check_layout,
        )
    # The command line has run check_display before opening the database.
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    set_style(app)  # before the window: set after, it repolishes every widget (~25 ms)
    if screenshot is None and services.member is None and services.team_exists():
        # Only a database with a team asks who is there: its dialog's module loads then (startup_s).
        from ui.sign_in import sign_in_if_needed

        if not sign_in_if_needed(services):
            return 1
    window = MainWindow(services, fill_list=False)
    from ui.protection import add_plain_banner

    add_plain_banner(window, services)
    if screenshot is None and services.member is not None:
        from ui.idle_lock import watch

        watch(window, services)
    # Styled once it is built: a style sheet set first restyles each part again every time
    # it is put into its parent while the window is assembled (~0.1 s, docs/performance.md).
    apply_style(app)
    window.refresh_cases()
    window.resize(*_fit_screen(app, size or DEFAULT_SIZE))
    window.restore_layout()
    window.show()
    settle_after_start()
    from ui import bench_hook

    bench_hook.install(app, window)  # does nothing unless bench/run.py asks
    return app.exec()


def settle_after_start() -> None:
    """Turn the garbage collector back on, leaving out what the start built.

    The command line turns it off while the app starts: imports, the window and the
    case list make objects that live as long as the app, and collecting among them on
    the way costs ~0.1 s. Frozen, they are not walked again by later collections either,
    which would otherwise pause a keystroke for ~50 ms now and then (docs/performance.md).
    """
    import gc

    gc.freeze()
    gc.enable()


def _fit_screen(app: object, size: tuple[int, int]) -> tuple[int, int]:
    """The first-run size, shrunk to fit a smaller screen (a saved size wins later)."""
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    screen = app.primaryScreen()
    if screen is None:
        return size
    room = screen.availableGeometry()
    return min(size[0], room.width() * 95 // 100), min(size[1], room.height() * 95 // 100)


def set_style(app: object) -> None:
    """The application's names and its Fusion style (not yet the style sheet, see ``run``)."""
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    serial_fills()
    app.setApplicationName("isconf")
    app.setOrganizationName("isconf")
    if app.style().name().casefold() != "fusion":  # a new style object repolishes every widget
        app.setStyle("Fusion")


def serial_fills() -> None:
    """Paint on the GUI thread alone (before the first paint: Qt reads the switch once).

    Qt's raster engine hands every fill taller than ~96 lines to a pool of threads and waits for
    them: a 14-pixel-wide scroll bar's groove went out as 12 tasks. For this window's fills the
    hand-off costs more than the fill (~2 ms of CPU of opening a case, docs/performance.md).
    """
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")


def apply_style(app: object) -> None:
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    set_style(app)
    from ui.theme import apply_theme

    apply_theme(app)  # the style sheet, light or dark as View ▸ Theme (or the system) says


def _quiet_offscreen_warning() -> None:
    from ui.screenshot import _quiet_offscreen_warning as quiet

    quiet()


def screenshot_format_problem(path: Path) -> str | None:
    from ui.screenshot import screenshot_format_problem as problem

    return problem(path)
