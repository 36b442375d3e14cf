"""``--check-layout`` over every view at a laptop's, a desktop's and a projector's size (and
at 150 %), with the demo cases and a long one: no text over text, none cut without "…", no
window larger than the screen, and a PNG of exactly the size asked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QImage, QStandardItemModel
from PySide6.QtWidgets import QApplication, QLabel, QTableView, QVBoxLayout, QWidget

from isconf.services import Services
from layout_cases import DEMO, LONG_MRN, SIZES, VIEWS, conference
from ui.layout_check import layout_problems, window_too_small
from ui.screenshot import build_view, render

DAY = "2026-12-07"


def _check(qapp: QApplication, services: Services, view: str, mrn: str, size: tuple[int, int]) -> list[str]:
    widget = build_view(services, view, mrn, None, size)
    image, problems = render(qapp, widget, size, check_layout=True)
    widget.close()
    widget.deleteLater()
    # Deleted now: a window left over would go on hearing the change bus (and slow the next).
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert (image.width(), image.height()) == size
    return [f"{view} {mrn} {size[0]}x{size[1]}: {p}" for p in problems]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_view_fits_with_a_demo_case_and_a_long_case(qapp, fixed_clock, services, size) -> None:
    fixed_clock(DAY)
    conference(services)
    problems = [
        p
        for view in VIEWS
        for mrn in ("DEMO-1001", LONG_MRN)
        for p in _check(qapp, services, view, mrn, size)
    ]
    assert problems == []


def test_the_slide_fits_a_4_3_projector(qapp, fixed_clock, services) -> None:
    """1024×768, the room's older projector: the slide is laid out for 4:3 as for 16:9."""
    fixed_clock(DAY)
    conference(services)
    size = (1024, 768)
    problems = [
        p
        for mrn in ("DEMO-1001", "DEMO-1006", LONG_MRN)
        for p in _check(qapp, services, "present", mrn, size)
    ]
    assert problems == []


def test_every_demo_case_fits_the_editor_and_the_slide_on_a_laptop(qapp, fixed_clock, services) -> None:
    fixed_clock(DAY)
    conference(services)
    size = (1366, 768)
    problems = [
        p for view in ("case", "present") for mrn in DEMO for p in _check(qapp, services, view, mrn, size)
    ]
    assert problems == []


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ISCONF_CLOCK=DAY, QT_QPA_PLATFORM="offscreen")
    env.pop("QT_SCALE_FACTOR", None)
    command = [sys.executable, "-m", "isconf.cli", "--db", str(db), "gui", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def test_at_150_percent_on_1920x1080_every_view_fits(tmp_path, db_path) -> None:
    """Scaling is set before Qt starts: each view is its own run of the command line."""
    services = Services.open(str(db_path))
    try:
        conference(services)
    finally:
        services.close()
    for view, mrn in (
        ("cases", LONG_MRN),
        ("case", LONG_MRN),
        ("checklist", LONG_MRN),
        ("tradeoff", "DEMO-1001"),
        ("tradeoff", LONG_MRN),
        ("meeting", LONG_MRN),
        ("present", LONG_MRN),
    ):
        png = tmp_path / f"{view}.png"
        done = _cli(
            db_path,
            "--screenshot",
            str(png),
            "--view",
            view,
            "--case",
            mrn,
            "--size",
            "1920x1080",
            "--scale",
            "1.5",
            "--check-layout",
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert QImage(str(png)).size() == QSize(1920, 1080)


def test_a_window_larger_than_the_screen_is_named_and_the_png_keeps_the_size(tmp_path, db_path) -> None:
    services = Services.open(str(db_path))
    try:
        conference(services)
    finally:
        services.close()
    png = tmp_path / "small.png"
    done = _cli(db_path, "--screenshot", str(png), "--view", "meeting", "--size", "640x400", "--check-layout")
    assert done.returncode == 1
    assert "layout: too-small: the window needs at least" in done.stdout
    assert "the screen has 640×400" in done.stdout
    assert QImage(str(png)).size() == QSize(640, 400)


def test_overlapping_and_cut_text_are_named(qapp) -> None:
    window = QWidget()
    column = QVBoxLayout(window)
    column.addWidget(QLabel("A label cut short without an ellipsis", objectName="cut"))
    window.resize(400, 200)
    window.show()
    qapp.processEvents()
    cut = window.findChild(QLabel, "cut")
    cut.setFixedWidth(60)
    over = QLabel("Drawn over it", window)
    over.move(cut.pos())
    over.show()
    elided = QLabel("Shortened on purpose …", window)
    elided.setGeometry(200, 10, 50, 30)
    elided.show()
    qapp.processEvents()
    problems = [str(p) for p in layout_problems(window)]
    assert any(p.startswith("clipped: QLabel#cut 'A label cut short") for p in problems), problems
    assert any(p.startswith("overlap: QLabel#cut") and "'Drawn over it'" in p for p in problems), problems
    assert not any("Shortened on purpose" in p for p in problems)
    assert window_too_small(window, QSize(200, 100)) is None  # no layout constraint holds it
    window.setMinimumSize(500, 300)
    assert "needs at least 500×300" in str(window_too_small(window, QSize(400, 200)))
    window.close()


def test_a_table_whose_columns_run_out_of_sight_is_named(qapp) -> None:
    model = QStandardItemModel(3, 6)
    model.setHorizontalHeaderLabels(["MRN", "Name", "Status", "Question", "Decision", "Readiness"])
    window = QWidget()
    table = QTableView()
    QVBoxLayout(window).addWidget(table)
    table.setModel(model)
    table.setAccessibleName("Agenda")
    for column in range(6):
        table.setColumnWidth(column, 120)
    window.resize(480, 200)  # three columns of 120 px and the frame and margins
    window.show()
    qapp.processEvents()
    [problem] = [str(p) for p in layout_problems(window)]
    assert problem.startswith("columns: table 'Agenda' has ")
    assert problem.endswith(" Question, Decision, Readiness")  # and Status, when cut by the frame
    # Scrolled to the right, the first ones are out of sight instead.
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    qapp.processEvents()
    assert "MRN, Name" in str(layout_problems(window))
    # A column the program hides (its words are elsewhere on the screen) is a choice, not a fault.
    table.horizontalScrollBar().setValue(0)
    for column in (3, 4, 5):
        table.setColumnHidden(column, True)
    qapp.processEvents()
    assert layout_problems(window) == []
    window.close()
