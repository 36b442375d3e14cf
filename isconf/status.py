"""The evaluation's statuses, pathways and criterion states, each declared once.

Each member carries everything a screen or a report shows of it: its words, its short
label for a list column, its colour and its symbol (a state is never told by colour
alone). The report text, the case list, the checklist and the slides read these
instead of keeping their own tables (STYLE.md item 12).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from isconf import vocab


class Status(StrEnum):
    """A candidacy status; its value is the code ``isconf-evaluation/1`` writes.

    Declared in the order the case list sorts by status.
    """

    words: str
    short: str
    colour: str | None  # the case list's text colour; None: the default
    symbol: str

    def __new__(cls, code: str, words: str, short: str, colour: str | None, symbol: str) -> Status:
        member = str.__new__(cls, code)
        member._value_ = code
        member.words = words
        member.short = short
        member.colour = colour
        member.symbol = symbol
        return member

    CANDIDATE = "candidate", "Surgical candidate", "Candidate", "#1b5e20", "✓"
    PALLIATIVE_CANDIDATE = (
        "palliative_candidate",
        "Candidate for palliative surgery",
        "Palliative candidate",
        "#1f5f78",
        "◐",
    )
    REFER_FOR_EVALUATION = (
        "refer_for_evaluation",
        "Refer for surgical evaluation",
        "Refer for evaluation",
        "#8a5300",
        "➜",
    )
    NOT_YET = "not_yet", "Not yet: continue first-line treatment", "Not yet", None, "↻"
    NOT_CANDIDATE = "not_candidate", "Not a surgical candidate", "Not a candidate", "#7a2e2e", "✗"
    INCOMPLETE = (
        "incomplete",
        "Incomplete: first-line treatment cannot be judged yet",
        "Incomplete",
        None,
        "?",
    )

    @classmethod
    def of(cls, code: str | None) -> Status | None:
        """The status a code names; None for no code or one this version does not know."""
        return cls._value2member_map_.get(code or "")  # type: ignore[return-value]


class State(StrEnum):
    """A criterion's state, shown by a word and a symbol as well as a colour."""

    words: str
    symbol: str

    def __new__(cls, code: str, words: str, symbol: str) -> State:
        member = str.__new__(cls, code)
        member._value_ = code
        member.words = words
        member.symbol = symbol
        return member

    MET = "met", "MET", "✓"
    NOT_MET = "not_met", "NOT MET", "✗"
    UNKNOWN = "unknown", "UNKNOWN", "?"

    def badge(self, gap: str = " ") -> str:
        """``✓ MET``: the symbol, ``gap``, the words."""
        return f"{self.symbol}{gap}{self.words}"


@dataclass(frozen=True)
class Pathway:
    """A surgical pathway: its words in a sentence and its short form on a slide."""

    code: str
    words: str
    short: str


PALLIATIVE = "corpus_callosotomy_or_vns"  # the pathway when no resection fits
_PALLIATIVE = Pathway(
    PALLIATIVE,
    "corpus callosotomy or vagus nerve stimulation (palliative)",
    "callosotomy or VNS (palliative)",
)
# Every resective procedure is a pathway of its own, worded as the procedure is.
PATHWAYS: dict[str, Pathway] = {
    **{code: Pathway(code, label.lower(), label.lower()) for code, label in vocab.PROCEDURE},
    PALLIATIVE: _PALLIATIVE,
}
NO_PATHWAY = "none"  # not a candidate: there will be none
NO_PATHWAY_YET = "none yet"  # the evaluation may still find one


def status_words(status: str) -> str:
    """The status in words; an unknown code as it is."""
    known = Status.of(status)
    return status if known is None else known.words


def pathway_words(pathway: str | None, status: str | None = None, *, short: bool = False) -> str:
    """The pathway in words (``short``: as a slide shows it); which "none" it is when absent."""
    if pathway is None:
        return NO_PATHWAY if status == Status.NOT_CANDIDATE else NO_PATHWAY_YET
    known = PATHWAYS.get(pathway)
    if known is None:
        return vocab.label(vocab.PROCEDURE, pathway).lower()
    return known.short if short else known.words


# Warnings shown beside the status wherever it is shown, in the alert colour, whatever the
# status (clinical-reference.md, "Warnings added to rules version 1"): code → words.
ALARM_COLOUR = "#b3261e"
ALARM_WORDS = {"untreated_spasms": "UNTREATED SPASMS"}


def alarm_words(codes: tuple[str, ...] | list[str]) -> str:
    """'⚠ UNTREATED SPASMS' for the alarms among ``codes``; empty when there are none."""
    said = [ALARM_WORDS[c] for c in codes if c in ALARM_WORDS]
    return f"⚠ {', '.join(said)}" if said else ""


def operated_words(outcome: str | None) -> str:
    """An operated child's status cell: 'Operated · Engel IB', or 'Operated' before a visit
    says its class. Once operated, candidacy and the urgency of surgery no longer apply."""
    return f"Operated · {outcome}" if outcome else "Operated"


def operation_words(when: str, outcome: str | None) -> str:
    """A banner's words for an operated child: 'Operated on 15 May 2026 · Engel IB';
    ``when`` as the screen words a date ('on 15 May 2026', 'at age 5.4 months')."""
    return f"Operated {when} · {outcome}" if outcome else f"Operated {when}"


NO_URGENCY_ONCE_OPERATED = "The urgency of surgery no longer applies"


def rules_for_a_further_operation(status: str) -> str:
    """What the rules still say of an operated child, as a second operation would be weighed."""
    return f"If a further operation is weighed, the rules say: {status_words(status)}."


def operated_tip(operated_on: date, outcome: str | None, status: str | None) -> str:
    """Why an operated child shows no candidacy status and no URGENT."""
    visit = f"latest visit: {outcome}" if outcome else "no follow-up visit with a class yet"
    before = f" {rules_for_a_further_operation(status)}" if status else ""
    return (
        f"Operated on {operated_on.isoformat()}; {visit}. {NO_URGENCY_ONCE_OPERATED} "
        f"(an alarm such as untreated spasms is still shown).{before}"
    )
