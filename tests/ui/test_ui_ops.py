"""Writes run off the UI thread: the window stays live, shows it is busy, routes each error
to its place and announces what changed on the application's one change bus."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow

from isconf import clock
from isconf.changes import Changes
from isconf.errors import ConflictError, Problem, ServiceError
from isconf.meetings.service import MeetingService
from isconf.services import Services
from ui import dialogs
from ui.meeting.actions import MeetingAction as A
from ui.meeting.meeting_window import MeetingWindow
from ui.ops import BUSY_AFTER_MS, OpRunner, change_bus
from ui_helpers import _type, settled


@pytest.fixture
def window(qtbot, services: Services) -> MeetingWindow:
    meeting = services.meetings.create_meeting(title="Monday conference", day=clock.today())
    win = MeetingWindow(services)
    qtbot.addWidget(win)
    win.show()
    assert win.open_meeting(meeting.id)
    return win


def test_a_blocked_write_leaves_the_window_live_and_busy_then_shows_the_result(
    qtbot, window: MeetingWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, entered = threading.Event(), threading.Event()
    writer_thread: list[threading.Thread] = []
    update = MeetingService.update_meeting

    def blocked_update(self: MeetingService, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        writer_thread.append(threading.current_thread())
        entered.set()
        assert release.wait(10), "the test never released the write"
        return update(self, *args, **kwargs)

    monkeypatch.setattr(MeetingService, "update_meeting", blocked_update)
    _type(qtbot, window.details.title_edit, "Tuesday conference")
    save = window.actions_[A.SAVE_DETAILS]
    save.trigger()
    assert entered.wait(5)  # the service is now blocked inside the write, on a worker

    # The UI thread is not blocked: a timer fires, the window repaints, and after a moment
    # the busy indicator shows; the write's actions are disabled against a second click.
    ticks: list[int] = []
    timer = QTimer(window, interval=20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=2000)
    qtbot.waitUntil(lambda: window.ops.indicator.isVisible(), timeout=BUSY_AFTER_MS + 2000)
    window.repaint()
    assert not window.grab().isNull()
    assert window.ops.busy and not save.isEnabled()
    assert not window.actions_[A.CLOSE].isEnabled() and not window.actions_[A.NEW_MEETING].isEnabled()
    assert window.meeting is not None and window.meeting.title == "Monday conference"  # not yet written

    # A close asked meanwhile waits for the write: the window is not torn down under it.
    window.close()
    assert window.isVisible()

    release.set()
    qtbot.waitUntil(lambda: not window.isVisible())
    timer.stop()
    assert writer_thread and writer_thread[0] is not threading.main_thread()
    assert window.meeting.title == "Tuesday conference"
    assert window.statusBar().currentMessage() == "Saved the meeting's details"
    assert not window.ops.indicator.isVisible()


def test_a_quick_write_shows_no_busy_indicator(qtbot, window: MeetingWindow) -> None:
    shown: list[bool] = []
    window.ops.busyChanged.connect(lambda busy: shown.append(window.ops.indicator.isVisible()))
    window.actions_[A.START].trigger()
    settled(qtbot, window)
    assert window.meeting is not None and window.meeting.status == "in_progress"
    assert shown == [False, False]


def test_the_written_meeting_is_announced_once_on_the_change_bus(qtbot, window: MeetingWindow) -> None:
    assert window.meeting is not None
    meeting_id = window.meeting.id
    with qtbot.waitSignal(change_bus().changed) as announced:
        window.actions_[A.START].trigger()
    changes, initiator = announced.args
    assert changes == Changes.of(meetings=[meeting_id]) and initiator is window


def test_another_window_rereads_only_the_meeting_named(
    qtbot, window: MeetingWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.meeting is not None
    meeting_id = window.meeting.id
    other = services.meetings.create_meeting(title="Another", day=clock.today())
    read: list[int] = []
    get = MeetingService.get_meeting
    services.meetings.set_status(meeting_id, "in_progress")  # as another window's write would
    monkeypatch.setattr(MeetingService, "get_meeting", lambda self, mid: read.append(mid) or get(self, mid))
    change_bus().changed.emit(Changes.of(meetings=[other.id]), None)
    assert read == [other.id]  # its list row; the open meeting is not read again
    change_bus().changed.emit(Changes.of(meetings=[meeting_id]), None)
    assert read == [other.id, meeting_id]
    assert "The meeting was changed elsewhere" in window.statusBar().currentMessage()
    assert window.meeting.status == "in_progress"


def test_each_error_goes_to_its_place(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    host = QMainWindow()
    qtbot.addWidget(host)
    runner = OpRunner(host, "Test")
    seen: list[str] = []
    monkeypatch.setattr(
        dialogs, "inform", lambda _p, title, text, details="": seen.append(f"dialog: {details}")
    )

    def fail(exc: Exception):  # type: ignore[no-untyped-def]
        def call() -> None:
            raise exc

        return call

    routes = dict(
        on_problem=lambda words: seen.append(f"problem: {words}"),
        on_conflict=lambda exc: seen.append(f"conflict: {type(exc).__name__}"),
    )
    for exc in (
        ConflictError([Problem("meeting", "changed")]),
        ServiceError([Problem("time", "is not a time of day")]),
        OSError("disk full"),
    ):
        assert runner.run(fail(exc), **routes)
        assert not runner.run(lambda: None)  # one at a time
        qtbot.waitUntil(lambda: not runner.busy)
    assert seen == [
        "conflict: ConflictError",
        "problem: Time: is not a time of day",
        "dialog: OSError: disk full",
    ]
