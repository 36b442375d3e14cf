"""Slow work runs off the UI thread, reports progress, can be stopped, and shows its errors."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from ui import dialogs
from ui.background import run_in_background


def test_result_arrives_on_the_ui_thread(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}

    def work(report, cancelled) -> str:
        seen["worker"] = threading.current_thread()
        for step in range(3):
            report(step, f"step {step}")
        return "done"

    run_in_background(
        parent, "Work", 3, work, lambda result: seen.update(result=result, ui=threading.current_thread())
    )
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == "done"
    assert seen["ui"] is threading.main_thread()
    assert seen["worker"] is not threading.main_thread()


def test_an_error_is_shown_not_lost(qtbot, monkeypatch) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, _t, text, details="": shown.append(details))

    def work(report, cancelled) -> None:
        raise OSError("disk full")

    run_in_background(parent, "Work", 1, work, lambda _result: None)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["OSError: disk full"]


def test_closing_waits_for_the_work_to_stop(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()

    def work(report, cancelled) -> None:
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)

    task = run_in_background(parent, "Work", 1, work, lambda _result: None)
    started.wait(5)
    task.stop_and_wait()
    assert task.done and not task.thread.isRunning()


def test_stop_is_seen_by_the_work(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()
    results: list[int] = []

    def work(report, cancelled) -> int:
        started.set()
        steps = 0
        while not cancelled() and steps < 500:
            threading.Event().wait(0.01)
            steps += 1
        return steps

    task = run_in_background(parent, "Work", 1, work, results.append)
    started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: bool(results))
    assert results[0] < 500
