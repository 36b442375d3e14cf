"""What a conference decides on beyond the checklist, as the summary's signed content holds it
(issue 16): the treatment timeline (in days from its start: no calendar date), the concordance
row, the development trend, the family's priorities and goals, the latest MRI and EEG reports,
and the key images by their SHA-256 (an image is signed by its hash; its pixels are drawn from
the stored image whose bytes have that hash)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from isconf import vocab
from isconf.concordance import concordance
from isconf.course import Bar, Marker, Tick, Timeline, build_timeline
from isconf.development_trend import trend
from isconf.domain import Case
from isconf.rules.lesion import latest

_EPOCH = date(2000, 1, 1)  # a drawing needs days, not the dates: the content keeps offsets only


def clinical_content(case: Case, as_of: date) -> dict[str, Any]:
    """The case's clinical views as of ``as_of`` (the meeting day or the decision's day)."""
    timeline = build_timeline(case, as_of, today_words="meeting day")
    return {
        "concordance": concordance(case, as_of).words,
        "timeline": None if timeline is None else timeline_json(timeline),
        "development": [
            {"age_months": p.age_months, "score": p.score, "kind": p.kind, "instrument": p.instrument}
            for p in trend(case, as_of)
        ],
        "family": {
            "priorities": [vocab.label(vocab.PRIORITY, code) for code in case.family.priorities],
            "goals": case.family.goals,
        },
        "reports": _reports(case, as_of),
        "images": [
            {
                "modality": image.modality,
                "study_date": image.study_date.isoformat() if image.study_date else None,
                "caption": image.caption,
                "media_type": image.media_type,
                "sha256": hashlib.sha256(image.data).hexdigest(),
            }
            for image in case.images
        ],
    }


def _reports(case: Case, as_of: date) -> list[dict[str, str]]:
    found = []
    for name, newest in (("MRI", latest(case.mri, as_of)), ("EEG", latest(case.eeg, as_of))):
        if newest is not None and newest[1].report:
            when = f" ({newest[1].date.isoformat()})" if newest[1].date else ""
            found.append({"study": f"Latest {name}{when}", "report": newest[1].report})
    return found


def timeline_json(t: Timeline) -> dict[str, Any]:
    def day(value: date) -> int:
        return (value - t.start).days

    return {
        "length_days": t.days,
        "bars": [
            {
                "label": b.label,
                "outcome": b.outcome,
                "colour": b.colour,
                "from_day": day(b.start),
                "to_day": day(b.end),
                "running": b.running,
            }
            for b in t.bars
        ],
        "markers": [{"kind": m.kind, "words": m.words, "day": day(m.day)} for m in t.markers],
        "ticks": [{"kind": k.kind, "day": day(k.day)} for k in t.ticks],
        "undated": t.undated,
    }


def timeline_from_json(document: dict[str, Any]) -> Timeline:
    """The timeline a summary stored, on an arbitrary calendar (only its days are drawn)."""

    def day(value: Any) -> date:
        return _EPOCH + timedelta(days=int(value))

    return Timeline(
        start=_EPOCH,
        end=day(document["length_days"]),
        bars=tuple(
            Bar(
                b["label"],
                b["outcome"],
                b["colour"],
                day(b["from_day"]),
                day(b["to_day"]),
                bool(b["running"]),
            )
            for b in document.get("bars", [])
        ),
        markers=tuple(Marker(m["kind"], day(m["day"]), m["words"]) for m in document.get("markers", [])),
        ticks=tuple(Tick(k["kind"], day(k["day"])) for k in document.get("ticks", [])),
        undated=int(document.get("undated", 0)),
    )
