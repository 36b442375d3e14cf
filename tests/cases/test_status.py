"""The statuses, pathways and criterion states are declared once (isconf.status)."""

from __future__ import annotations

from isconf import vocab
from isconf.status import PALLIATIVE, State, Status, pathway_words, status_words

# The codes isconf-evaluation/1 writes (shared/case-format.md).
FORMAT_STATUSES = (
    "candidate",
    "palliative_candidate",
    "refer_for_evaluation",
    "not_yet",
    "not_candidate",
    "incomplete",
)


def test_every_status_of_the_format_is_declared_in_the_list_order() -> None:
    assert tuple(Status) == FORMAT_STATUSES


def test_each_status_has_its_own_words_short_label_and_symbol() -> None:
    for attribute in ("words", "short", "symbol"):
        values = [getattr(s, attribute) for s in Status]
        assert all(values) and len(set(values)) == len(values), attribute


def test_an_unknown_status_is_shown_as_its_code() -> None:
    assert Status.of("something_new") is None
    assert Status.of(None) is None
    assert status_words("something_new") == "something_new"
    assert status_words("candidate") == "Surgical candidate"


def test_every_procedure_and_the_palliative_pair_is_a_pathway() -> None:
    for code, label in vocab.PROCEDURE:
        assert pathway_words(code) == label.lower()
    assert pathway_words(PALLIATIVE) == "corpus callosotomy or vagus nerve stimulation (palliative)"
    assert pathway_words(PALLIATIVE, short=True) == "callosotomy or VNS (palliative)"
    assert pathway_words(None, "not_candidate") == "none"
    assert pathway_words(None, "incomplete") == "none yet"


def test_a_state_badge_is_its_symbol_and_words() -> None:
    assert [s.badge() for s in State] == ["✓ MET", "✗ NOT MET", "? UNKNOWN"]
