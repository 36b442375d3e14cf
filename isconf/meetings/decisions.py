"""A team's decision on one case: its row, built from the evaluation it was made on, and the
options and action items that go with it, each checked before anything is written."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from isconf import rules
from isconf.domain import Case
from isconf.meetings import validate
from isconf.meetings.model import ActionItem, ConsideredOption
from isconf.meetings.records import clean, decision_json, decision_of, invalid
from isconf.rules import Evaluation
from isconf.store import audit
from isconf.store.meeting_tables import AgendaItemRecord, DecisionRecord
from isconf.tradeoff.model import build_tradeoff
from isconf.tradeoff.seen import figures_seen

# What a new decision replaces in the row of the one it follows (the row and its id stay).
_DECIDED = (
    "recommendation",
    "tests_requested",
    "rationale",
    "consensus",
    "dissent",
    "evaluation_json",
    "rules_version",
    "figures_seen_json",
    "decided_at",
    "decided_by",
)


def judged(case: Case, day: date) -> tuple[Evaluation, str]:
    """The evaluation a decision on ``case`` is made on (as of ``day``), and the snapshot of the
    published figures its trade-off shows then (``isconf.tradeoff.seen``), as stored JSON."""
    evaluation = rules.evaluate(case, day)
    seen = figures_seen(build_tradeoff(case, day, evaluation), evaluation.rules_version)
    return evaluation, json.dumps(seen, ensure_ascii=False, sort_keys=True)


def checked_decision(
    *, recommendation: str, rationale: str, consensus: str, dissent: str | None, tests: Sequence[str]
) -> tuple[str, ...]:
    """The tests requested, once each; ``ServiceError`` naming every problem of the decision."""
    tests = tuple(dict.fromkeys(tests))
    problems = validate.decision(
        recommendation=recommendation, rationale=rationale, consensus=consensus, dissent=dissent, tests=tests
    )
    if problems:
        raise invalid(problems)
    return tests


def store_decision(
    session: Session,
    item: AgendaItemRecord,
    evaluation: Evaluation,
    decided_at: datetime,
    *,
    seen: str | None,
    recommendation: str,
    rationale: str,
    consensus: str,
    dissent: str | None,
    tests: Sequence[str],
) -> tuple[dict[str, Any] | None, DecisionRecord]:
    """Write the decision on ``item`` (replacing the one before, in its row); returns what the
    audit shows of the one before (None for a first decision) and the row now."""
    new = DecisionRecord(
        agenda_item_id=item.id or 0,
        recommendation=recommendation,
        tests_requested=list(tests),
        rationale=rationale.strip(),
        consensus=consensus,
        dissent=clean(dissent),
        evaluation_json=json.dumps(evaluation.to_document(), ensure_ascii=False, sort_keys=True),
        rules_version=evaluation.rules_version,
        figures_seen_json=seen,
        decided_at=decided_at,
        decided_by=audit.current_actor(session),
    )
    old = decision_of(session, item)
    before = decision_json(old) if old is not None else None
    if old is not None:
        for name in _DECIDED:
            setattr(old, name, getattr(new, name))
        new = old
    session.add(new)
    return before, new


def checked_options(chosen: Iterable[ConsideredOption]) -> list[ConsideredOption]:
    """The options considered, notes trimmed; ``ServiceError`` naming each problem."""
    cleaned = [ConsideredOption(o.option, clean(o.note)) for o in chosen]
    problems = validate.options(cleaned)
    if problems:
        raise invalid(problems)
    return cleaned


def checked_actions(items: Iterable[ActionItem]) -> list[ActionItem]:
    """The action items, text trimmed; ``ServiceError`` naming each problem."""
    cleaned = [ActionItem(a.description.strip(), clean(a.owner), a.due_date, a.done) for a in items]
    problems = validate.actions(cleaned)
    if problems:
        raise invalid(problems)
    return cleaned
