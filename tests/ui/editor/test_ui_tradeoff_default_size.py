"""The trade-off workspace at the default window size (1600×900, the case list and checklist showing)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QWidget

from conftest import vignette_files
from isconf.services import Services
from ui.editor.tradeoff_page import SIDE_BY_SIDE_WIDTH
from ui.main_window import MainWindow
from ui_helpers import _click_row, _open_tradeoff, _rate, settled, shown


@pytest.fixture
def default_window(qtbot, services: Services) -> MainWindow:
    """1600x900 with the case list and the checklist showing, as the app opens."""
    services.import_files(vignette_files())
    return shown(qtbot, MainWindow(services), 1600, 900)


def _settle(qtbot, page: QWidget) -> None:
    """Let the page's layout finish, as it has by the time a user looks: wrapped labels
    take their height over a few passes of the event loop."""

    def shape() -> list[tuple[int, int, int, int]]:
        return [w.geometry().getRect() for w in page.findChildren(QWidget) if w.isVisible()]

    before = None
    for _ in range(50):
        qtbot.wait(10)
        now = shape()
        if now == before:
            return
        before = now


def _top_left(widget: QWidget, page: QWidget) -> tuple[int, int]:
    point = widget.mapTo(page, widget.rect().topLeft())
    return point.x(), point.y()


def test_at_1600x900_the_option_boxes_and_the_cost_of_waiting_show_whole(
    qtbot, fixed_clock, default_window: MainWindow
) -> None:
    # Spasms since 1 Mar 2026 (the vignette): 38.6 weeks on 26 Nov 2026.
    fixed_clock(date(2026, 11, 26))
    page = _open_tradeoff(qtbot, default_window, "SYN-0002")
    _settle(qtbot, page)
    boxes = page.findChildren(QCheckBox)
    assert {b.text() for b in boxes} >= {"Multilobar resection", "Hemispherectomy"}
    for box in boxes:
        assert box.width() >= box.sizeHint().width(), box.text()
    # The cost of waiting stands under the decision, the page's width, with all its lines.
    waiting_x, waiting_y = _top_left(page.waiting_box, page)
    decision_bottom = page.decision.mapTo(page, page.decision.rect().bottomLeft()).y()
    assert waiting_y > decision_bottom
    assert page.waiting_box.width() >= page.width() - 2 * waiting_x
    assert "38.6 weeks of spasms so far" in page.waiting.text()
    assert page.waiting.height() >= page.waiting.heightForWidth(page.waiting.width())


def test_a_wide_window_keeps_the_cost_of_waiting_beside_the_decision(
    qtbot, default_window: MainWindow
) -> None:
    page = _open_tradeoff(qtbot, default_window, "SYN-0002")
    default_window.show_tradeoff_view()  # the case list steps aside: the page has the room
    qtbot.waitUntil(lambda: page.width() >= SIDE_BY_SIDE_WIDTH)
    decision_right = page.decision.mapTo(page, page.decision.rect().topRight()).x()
    assert _top_left(page.waiting_box, page)[0] > decision_right


def _shown_deficits(page) -> list[str]:
    view = page.ratings_view
    model = view.model()
    keys = [c.key for c in page.assessments.columns]
    return [str(model.index(r, keys.index("deficit")).data()) for r in range(model.rowCount())]


def test_a_rating_of_an_other_deficit_says_which_deficit_it_is(qtbot, default_window: MainWindow) -> None:
    page = _open_tradeoff(qtbot, default_window, "SYN-0003")
    _click_row(qtbot, page.options_view, "Corpus callosotomy")
    assert _shown_deficits(page) == ["Other: disconnection signs, speech output"]
    # The same words as the deficit it rates, in the table above.
    assert page.deficits_model.index(0, 0).data() == "Other: disconnection signs, speech output"

    _rate(qtbot, page, "Vagus nerve stimulation", "Other", "Family", "concern", "the cough at night")
    assert _shown_deficits(page) == ["Other: hoarseness, cough (stimulation)"]


def test_a_team_figure_asks_for_its_note_without_flagging_it_too_early(
    qtbot, default_window: MainWindow
) -> None:
    editor = default_window.editor
    page = _open_tradeoff(qtbot, default_window, "SYN-0002")
    _click_row(qtbot, page.options_view, "Hemispherectomy")
    _settle(qtbot, page)  # the layout settles after the click, as between a user's clicks
    options_top = _top_left(page.options_view, page)
    qtbot.mouseClick(page.use_team_button, Qt.MouseButton.LeftButton)
    editor.capture()
    _settle(qtbot, page)
    form = page.team_form
    # The requirement is a hint in the empty note, nothing flagged, nothing above moved.
    assert form.isVisible() and form.value.value() == 66.0
    assert form.note.placeholderText().startswith("Required: where the figure comes from")
    assert form.problem.text() == "" and not editor.problem_header.isVisible()
    assert _top_left(page.options_view, page) == options_top
    # Leaving the note empty flags it, in the room kept for it.
    height = form.height()
    default_window.activateWindow()
    qtbot.waitUntil(lambda: default_window.isActiveWindow())
    form.note.setFocus()
    qtbot.waitUntil(form.note.hasFocus)
    qtbot.keyClick(form.note, Qt.Key.Key_Tab)
    assert form.problem.text().startswith("⚠ Note: say where the team's figure comes from")
    assert form.height() == height
    # Adding without it adds nothing; typing it clears the flag and adds the figure with its note.
    qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)
    assert page.benefits.records() == [] and form.isVisible()
    qtbot.keyClicks(form.note, "our last 40 infants")
    assert form.problem.text() == ""
    qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert page.benefits.records() == [
        {"procedure": "hemispherectomy", "value": 66.0, "note": "our last 40 infants"}
    ]
    assert editor.problems == [] and not editor.problem_header.isVisible()
    assert "our last 40 infants" in page.options_model.index(0, 2).data()


def test_saving_with_a_team_figure_typed_but_not_added_keeps_it(
    qtbot, default_window: MainWindow, services: Services
) -> None:
    editor = default_window.editor
    page = _open_tradeoff(qtbot, default_window, "SYN-0002")
    _click_row(qtbot, page.options_view, "Hemispherectomy")
    qtbot.mouseClick(page.use_team_button, Qt.MouseButton.LeftButton)
    form = page.team_form
    form.value.setValue(55.0)
    # Without its note the save waits, the note is flagged, and nothing is saved.
    assert not editor.save()
    assert form.isVisible() and form.problem.text().startswith("⚠ Note")
    assert services.get_case("SYN-0002").case.tradeoff.benefit_overrides == ()
    # With its note, Save adds the figure to the case and saves it, rather than dropping it.
    qtbot.keyClicks(form.note, "our series")
    assert editor.save()
    settled(qtbot, editor)
    saved = services.get_case("SYN-0002").case.tradeoff.benefit_overrides
    assert [(b.procedure, b.value, b.note) for b in saved] == [("hemispherectomy", 55.0, "our series")]
