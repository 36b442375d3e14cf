"""Splitters remember where the user left them, in the app's settings, never the user's real
settings while testing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSplitter

from isconf.services import Services
from ui.main_window import MainWindow
from ui.meeting.meeting_window import MeetingWindow
from ui.splitter_memory import GROUP


@pytest.fixture
def settings(qapp) -> Iterator[QSettings]:
    qapp.setOrganizationName("isconf")
    qapp.setApplicationName("isconf")
    yield QSettings()
    QSettings().remove(GROUP)  # the next test starts from the defaults


def test_the_settings_are_not_the_users(settings: QSettings) -> None:
    where = Path(settings.fileName())
    assert not where.is_relative_to(Path.home() / ".config")
    assert "pytest" in str(where)  # the test's own folder (conftest: XDG_CONFIG_HOME)


def _drag(splitter: QSplitter, by: int) -> list[int]:
    """Move the first handle by ``by`` pixels, as a drag does (it emits splitterMoved)."""
    position = splitter.sizes()[0] + by
    splitter.moveSplitter(position, 1)
    return splitter.sizes()


def test_the_editor_and_checklist_split_is_kept(qtbot, settings: QSettings, services: Services) -> None:
    services.add_demo_cases()
    first = MainWindow(services)
    qtbot.addWidget(first)
    first.resize(1600, 900)
    first.show()
    first.open_case("DEMO-1001")
    moved = _drag(first.editor.body, -150)
    second = MainWindow(services)
    qtbot.addWidget(second)
    second.resize(1600, 900)
    second.show()
    second.open_case("DEMO-1001")
    qtbot.waitUntil(lambda: second.editor.body.sizes() == moved)


def test_the_meeting_windows_splits_are_kept(qtbot, settings: QSettings, services: Services) -> None:
    first = MeetingWindow(services)
    qtbot.addWidget(first)
    first.resize(1366, 768)
    first.show()
    moved = _drag(first.splitter, -80)
    second = MeetingWindow(services)
    qtbot.addWidget(second)
    second.resize(1366, 768)
    second.show()
    qtbot.waitUntil(lambda: second.splitter.sizes() == moved)
    # A split the program sets (not a drag) is not kept.
    second.splitter.setSizes([200, 500])
    assert QSettings().value(f"{GROUP}/meeting") == first.splitter.saveState()
