"""A few views drawn on a real X server (Xvfb), through Qt's X11 plugin and the system's fonts:
offscreen rendering hid two of the problems this checks for (issue 17)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from isconf.services import Services
from layout_cases import LONG_MRN, conference

DAY = "2026-12-07"
VIEWS = (
    ("present", "DEMO-1001", "1280x720"),
    ("present", LONG_MRN, "1920x1080"),
    ("meeting", LONG_MRN, "1366x768"),
)


def test_the_slide_and_the_meetings_window_fit_on_x11(tmp_path, db_path) -> None:
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        pytest.fail(
            "xvfb-run is missing: apt-get install -y xvfb xauth (the README's test set-up)", pytrace=False
        )
    services = Services.open(str(db_path))
    try:
        conference(services)
    finally:
        services.close()
    script = " && ".join(
        f"{sys.executable} -m isconf.cli --db {db_path} gui --screenshot {tmp_path / f'{view}-{size}.png'} "
        f"--view {view} --case {mrn} --size {size} --check-layout"
        for view, mrn, size in VIEWS
    )
    env = dict(os.environ, ISCONF_CLOCK=DAY, QT_QPA_PLATFORM="xcb")
    env.pop("QT_SCALE_FACTOR", None)
    done = subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1920x1080x24", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for view, _mrn, size in VIEWS:
        width, height = (int(n) for n in size.split("x"))
        assert QImage(str(tmp_path / f"{view}-{size}.png")).size() == QSize(width, height)
