"""The trade-off workspace as the team and the family use it: select, rate, see the verdict move."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QTableView

from conftest import vignette_files
from isconf import cli
from isconf.services import Services
from ui.actions import ActionId
from ui.editor.tradeoff_models import BASELINE_BACKGROUND
from ui.main_window import MainWindow
from ui_helpers import _click_row, _line_edit, _open_tradeoff, _rate, settled, shown


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    services.import_files(vignette_files())
    return shown(qtbot, MainWindow(services), 1600, 1000)


def _cell(view: QTableView, row_text: str, column: int) -> str:
    model = view.model()
    for r in range(model.rowCount()):
        if row_text in str(model.index(r, 0).data()):
            return str(model.index(r, column).data())
    raise AssertionError(row_text)


def test_rating_hemiparesis_unacceptable_moves_criterion_5_and_status_before_saving(
    qtbot, window: MainWindow, services: Services
) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    card = window.editor.checklist.cards["acceptable_function_loss"]
    status = window.editor.checklist.status_label
    assert card.badge.text() == "✓  MET" and "Surgical candidate" in status.text()

    _rate(qtbot, page, "Hemispherectomy", "Hemiparesis", "Family", "unacceptable", "walking matters most")
    qtbot.waitUntil(lambda: card.badge.text() == "✗  NOT MET")
    assert "Not a surgical candidate" in status.text()
    assert "hemiparesis (by family) rated unacceptable" in card.reason.text()
    assert "NOT MET" in page.verdict.text() and "Not a surgical candidate" in page.verdict.text()
    # The family's earlier rating was changed, not duplicated, and the comment went with it.
    ratings = page.ratings_view.model()
    shown = {
        (ratings.index(r, 1).data(), ratings.index(r, 4).data(), ratings.index(r, 6).data())
        for r in range(ratings.rowCount())
    }
    assert ("Hemiparesis", "Unacceptable", "walking matters most") in shown
    assert ratings.rowCount() == 2
    assert "family: unacceptable" in _cell(page.deficits_view, "Hemiparesis", 4)
    # Nothing is saved until the user saves.
    assert window.editor.is_dirty()
    assert services.get_case("SYN-0002").case.tradeoff.assessments[0].rating == "acceptable"
    assert services.list_cases()[0].status != "not_candidate"

    _rate(qtbot, page, "Hemispherectomy", "Hemiparesis", "Family", "acceptable")
    qtbot.waitUntil(lambda: card.badge.text() == "✓  MET")
    assert "Surgical candidate" in status.text()

    # Each rating is one undo step: undo brings the unacceptable rating back.
    window.actions_[ActionId.UNDO].trigger()
    assert card.badge.text() == "✗  NOT MET" and "Not a surgical candidate" in status.text()
    window.actions_[ActionId.REDO].trigger()
    assert card.badge.text() == "✓  MET"


def test_a_saved_rating_keeps_its_comment(qtbot, window: MainWindow, services: Services) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    _rate(qtbot, page, "Hemispherectomy", "Language", "Neuropsychologist", "concern", "check at 2 years")
    assert window.save()
    settled(qtbot, window)
    [added] = [a for a in services.get_case("SYN-0002").case.tradeoff.assessments if a.deficit == "language"]
    assert (added.rated_by, added.rating, added.comment) == (
        "neuropsychologist",
        "concern",
        "check at 2 years",
    )
    assert (added.likelihood, added.already_present) == ("possible", None)  # as the screen showed them


def test_rating_by_keyboard_alone(qtbot, window: MainWindow) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    card = window.editor.checklist.cards["acceptable_function_loss"]
    page.options_view.setFocus()
    qtbot.keyClick(page.options_view, Qt.Key.Key_Tab)
    assert page.deficits_view.hasFocus()
    deficits = page.deficits_model
    labels = [deficits.index(r, 0).data() for r in range(deficits.rowCount())]
    for _ in range(labels.index("Language")):
        qtbot.keyClick(page.deficits_view, Qt.Key.Key_Down)
    qtbot.keyClick(page.deficits_view, Qt.Key.Key_Tab)
    assert page.rater.hasFocus()  # who rates, then the comment, then the rating
    qtbot.keyClick(page.rater, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.comment, "speech is what she has")
    qtbot.keyClick(page.comment, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: card.badge.text() == "✗  NOT MET")
    assert "family: unacceptable" in _cell(page.deficits_view, "Language", 4)
    assert page.comment.text() == ""
    # Continuing medical treatment has no deficit to rate: the keys do nothing there.
    _click_row(qtbot, page.options_view, "Continue medical")
    assert not page.rate_actions["acceptable"].isEnabled()
    assert not page.rate_buttons["acceptable"].isEnabled()


def test_a_rating_without_a_rater_is_not_recorded(qtbot, window: MainWindow) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    before = len(page.assessments.records())
    _click_row(qtbot, page.options_view, "Hemispherectomy")
    _click_row(qtbot, page.deficits_view, "Language")
    page.rater.setEditText("  ")
    qtbot.mouseClick(page.rate_buttons["unacceptable"], Qt.MouseButton.LeftButton)
    assert len(page.assessments.records()) == before
    assert "Rated by" in page.rate_problem.text()
    assert page.rater.hasFocus()
    page.rater.setCurrentIndex(page.rater.findText("Neurosurgeon"))
    qtbot.mouseClick(page.rate_buttons["concern"], Qt.MouseButton.LeftButton)
    assert len(page.assessments.records()) == before + 1 and page.rate_problem.text() == ""
    assert "neurosurgeon: concern" in _cell(page.deficits_view, "Language", 4)


def test_hme_baseline_deficits_are_shown_apart_and_grey(qtbot, window: MainWindow) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    _click_row(qtbot, page.options_view, "Hemispherectomy")
    model = page.deficits_model
    labels = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert labels[-2:] == ["Hemiparesis", "Fine motor hand function"]  # after every new deficit
    row = labels.index("Hemiparesis")
    assert model.index(row, 2).data() == "Yes: already present"
    assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole).color() == BASELINE_BACKGROUND
    assert "already has a left hemiparesis" in model.index(row, 3).data()
    assert model.index(labels.index("Hemianopia"), 2).data() == "No: new"
    assert "hemiparesis, fine motor hand function" in _cell(page.options_view, "Hemispherectomy", 4)
    assert not page.chart.pixmap().isNull()


def test_chart_is_redrawn_at_the_width_it_is_shown_at(qtbot, window: MainWindow) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    window.show_tradeoff_view()
    window.resize(2200, 1000)
    # Drawn that wide rather than scaled up or down, so its words keep their size.
    qtbot.waitUntil(lambda: page.chart_pixmap.width() == page.chart.width() > 960)
    assert page.chart.pixmap().width() == page.chart.width()


def test_a_figure_in_a_deficits_reason_has_its_source_beside_it(qtbot, window: MainWindow) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    _click_row(qtbot, page.options_view, "Hemispherectomy")
    why = _cell(page.deficits_view, "Hemiparesis", 3)
    assert "83% walked independently" in why
    assert "Source: Moosa et al., Epilepsia 2013" in why


def test_options_side_by_side_with_benefit_and_source(qtbot, window: MainWindow, qtmodeltester) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0003")
    options = page.options_view
    assert "Corpus callosotomy" in _cell(options, "Corpus callosotomy", 0)
    assert _cell(options, "Corpus callosotomy", 1) == "31% free of spasms"
    assert "meta-analysis" in _cell(options, "Corpus callosotomy", 2)
    assert _cell(options, "Vagus nerve stimulation", 1) == "5% seizure-free"
    assert "Jehi" in _cell(options, "Continue medical treatment", 2)
    qtmodeltester.check(page.options_model)
    qtmodeltester.check(page.deficits_model)


def test_an_added_option_appears_and_is_kept(qtbot, window: MainWindow, services: Services) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    box = window.editor.fields["case.tradeoff.options"].boxes["vns"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    window.editor.capture()
    assert "Vagus nerve stimulation" in _cell(page.options_view, "Vagus", 0)
    assert window.save()
    settled(qtbot, window)
    assert services.get_case("SYN-0002").case.tradeoff.options == ("vns",)


def _type_team_figure(qtbot, page, value: str, note: str) -> None:
    """Type the figure and its note into the form the button opened, and press Add figure."""
    form = page.team_form
    assert form.isVisible()
    form.value.setFocus()
    form.value.selectAll()
    qtbot.keyClicks(form.value, value)
    qtbot.keyClicks(form.note, note)
    qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)


def test_a_team_figure_is_marked_as_the_teams(qtbot, window: MainWindow) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    _click_row(qtbot, page.options_view, "Hemispherectomy")
    qtbot.mouseClick(page.use_team_button, Qt.MouseButton.LeftButton)
    _type_team_figure(qtbot, page, "72", "our last 40 infants")
    window.editor.capture()
    assert window.editor.problems == []
    assert _cell(page.options_view, "Hemispherectomy", 1) == "72% seizure-free (team's figure)"
    assert "our last 40 infants" in _cell(page.options_view, "Hemispherectomy", 2)
    index = page.options_model.index(page.options_model.row_of("hemispherectomy"), 1)
    assert "Published: 66%" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_next_surgery_date_shows_the_cost_of_waiting(qtbot, fixed_clock, window: MainWindow) -> None:
    fixed_clock(date(2026, 11, 26))  # the surgery date typed below is six weeks ahead
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    assert "Enter the next possible surgery date" in page.waiting.text()
    edit = _line_edit(window, "case.tradeoff.next_surgery_date")
    edit.setFocus()
    qtbot.keyClicks(edit, "2027-01-05")
    window.editor.capture()
    assert "By the next possible surgery date (2027-01-05)" in page.waiting.text()
    assert "Kolosky et al., Epilepsia Open 2024" in page.waiting.text()


def test_a_teams_note_is_shown_as_typed(qtbot, window: MainWindow) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    _click_row(qtbot, page.options_view, "Hemispherectomy")
    qtbot.mouseClick(page.use_team_button, Qt.MouseButton.LeftButton)
    _type_team_figure(qtbot, page, "72", "<b>our</b> 40 infants & more")
    window.editor.capture()
    assert page.option_caption.textFormat() == Qt.TextFormat.PlainText
    assert "<b>our</b> 40 infants & more" in page.option_caption.text()


def test_continue_medical_cannot_be_rated(qtbot, window: MainWindow) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0001")
    _click_row(qtbot, page.options_view, "Continue medical")
    assert page.deficits_model.rowCount() == 0
    assert not page.rate_buttons["unacceptable"].isEnabled()
    assert "no surgical deficit" in page.option_caption.text()


def test_screenshot_of_the_tradeoff_view(window: MainWindow, db_path: Path, tmp_path: Path) -> None:
    png = tmp_path / "tradeoff.png"
    args = ["gui", "--db", str(db_path), "--screenshot", str(png), "--view", "tradeoff", "--case", "SYN-0002"]
    assert cli.main(args) == 0
    assert QImage(str(png)).width() == 1600
    assert cli.main(["gui", "--db", str(db_path), "--screenshot", str(png), "--view", "tradeoff"]) == 2


def test_alt_7_is_the_trade_off_section(window: MainWindow) -> None:
    action = window.actions_[ActionId.GO_TRADEOFF]
    assert action.shortcut().toString() == "Alt+7"
    assert action in window.menuBar().actions()[2].menu().actions()


# --- the ratings, as the team read them while rating deficits -----------------------------------


def _visible_headers(view: QTableView) -> list[str]:
    model = view.model()
    return [
        str(model.headerData(c, Qt.Orientation.Horizontal))
        for c in range(model.columnCount())
        if not view.isColumnHidden(c)
    ]


def test_the_ratings_show_who_rated_what_without_scrolling_sideways(
    qtbot,
    window: MainWindow,
    services: Services,
) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    _rate(qtbot, page, "Hemispherectomy", "Language", "Family", "acceptable", "if the spasms stop")
    _rate(qtbot, page, "Hemispherectomy", "Language", "Neurosurgeon", "concern", "left side")
    view = page.ratings_view
    assert _visible_headers(view) == ["Deficit", "Rating", "Rated by", "Comment"]
    header = view.horizontalHeader()
    rated_by = _visible_headers(view).index("Rated by")
    column = [c for c in range(view.model().columnCount()) if not view.isColumnHidden(c)][rated_by]
    assert header.sectionViewportPosition(column) + header.sectionSize(column) <= view.viewport().width()


def test_a_rating_says_what_was_recorded(qtbot, window: MainWindow) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    _rate(qtbot, page, "Hemispherectomy", "Language", "Neurosurgeon", "concern", "left side")
    assert page.rate_done.isVisible()
    assert page.rate_done.text() == "✓ Neurosurgeon: concern — Language (Hemispherectomy). Ctrl+Z undoes it."


def _workspace(page: object) -> tuple[object, ...]:
    options, deficits = page.options_view, page.deficits_view  # type: ignore[attr-defined]
    return (
        options.currentIndex().siblingAtColumn(0).data(),
        deficits.currentIndex().siblingAtColumn(0).data(),
        [deficits.model().index(r, 0).data() for r in range(deficits.model().rowCount())],
        page.verdict.text(),  # type: ignore[attr-defined]
        page.option_caption.text(),  # type: ignore[attr-defined]
    )


def test_cases_opened_on_another_tab_show_the_workspace_as_if_it_had_been_open(
    qtbot, services: Services
) -> None:
    """The workspace is filled when its tab is shown; what it then selects and shows is what it
    would have shown, had it been in sight while the cases were opened."""
    services.import_files(vignette_files())
    in_sight, aside = (shown(qtbot, MainWindow(services), 1600, 1000) for _ in range(2))
    for window in (in_sight, aside):
        page = _open_tradeoff(qtbot, window, "SYN-0002")
        _click_row(qtbot, page.options_view, "Hemispherectomy")
        _click_row(qtbot, page.deficits_view, "Hemianopia")
    aside.editor.show_section(0)
    for mrn in ("SYN-0001", "SYN-0003", "SYN-0002", "SYN-0004"):
        in_sight.open_case(mrn)  # with the workspace in sight as the case loads
        in_sight.actions_[ActionId.GO_TRADEOFF].trigger()  # (opening a case shows its first tab)
        aside.open_case(mrn)  # with the first tab in sight
        aside.actions_[ActionId.GO_TRADEOFF].trigger()
        assert _workspace(aside.editor.tradeoff) == _workspace(in_sight.editor.tradeoff), mrn
        aside.editor.show_section(0)
