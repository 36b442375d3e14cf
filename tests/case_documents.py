"""Valid case files at random: the hypothesis strategies property tests draw their cases from."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from isconf import clock, schema, vocab
from isconf.schema import dose_limits

TODAY = clock.today()

# Text the case file accepts: no control characters, line separators or bidi overrides.
SAFE_CHARS = st.characters(
    exclude_categories=("Cc", "Cs", "Zl", "Zp"),
    exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)


def text(limit: int) -> st.SearchStrategy[str]:
    return st.text(SAFE_CHARS, max_size=min(limit, 40)) | st.text(SAFE_CHARS, min_size=limit, max_size=limit)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def code_of(vocabulary: vocab.Vocabulary) -> st.SearchStrategy[str]:
    return st.sampled_from(vocab.codes(vocabulary))


def codes_of(vocabulary: vocab.Vocabulary) -> st.SearchStrategy[list[str]]:
    return st.lists(code_of(vocabulary), unique=True, max_size=3)


def day_between(low: date, high: date) -> st.SearchStrategy[str]:
    return st.dates(min_value=low, max_value=high).map(date.isoformat)


def number(low: float, high: float) -> st.SearchStrategy[float | int]:
    return st.integers(int(low) if low == int(low) else int(low) + 1, int(high)) | st.floats(
        low, high, allow_nan=False, allow_infinity=False
    )


# Identifiers (MRN, names) take no invisible format character and are kept in NFC.
ID_CHARS = st.characters(
    exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp"),
    exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)


def identifier(limit: int, min_size: int = 0) -> st.SearchStrategy[str]:
    return (
        st.text(ID_CHARS, min_size=min_size, max_size=min(limit, 40))
        .map(lambda s: unicodedata.normalize("NFC", s))
        .filter(lambda s: min_size <= len(s) <= limit)
    )


mrns = identifier(schema.MRN_MAX, 1).filter(lambda s: s == s.strip() and s != "")


@st.composite
def treatments(draw: st.DrawFn, dob: date) -> dict[str, Any]:
    agent = draw(code_of(vocab.AGENT))
    limits = dose_limits()[agent]
    out: dict[str, Any] = {"agent": agent}
    if agent == "other_asm":
        out["name"] = draw(st.text(SAFE_CHARS, min_size=1, max_size=schema.NAME_MAX))
    elif draw(st.booleans()):
        out["name"] = draw(optional(text(schema.NAME_MAX)))
    if limits and draw(st.booleans()):
        unit = draw(st.sampled_from(sorted(limits)))
        out["dose_unit"] = unit
        low, high = limits[unit]
        out["dose"] = draw(
            st.integers(max(1, int(low)), int(high))
            | st.floats(low, high, allow_nan=False, allow_infinity=False)
        )
    start = draw(optional(st.dates(dob, TODAY)))
    out["start_date"] = None if start is None else start.isoformat()
    out["end_date"] = draw(optional(day_between(start or dob, TODAY)))
    out["outcome"] = draw(optional(code_of(vocab.OUTCOME)))
    return out


@st.composite
def lesions(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "type": draw(optional(code_of(vocab.LESION_TYPE))),
        "side": draw(optional(code_of(vocab.SIDE))),
        "lobes": draw(codes_of(vocab.LOBE)),
        "extent": draw(optional(code_of(vocab.EXTENT))),
        "epileptogenic": draw(optional(st.booleans())),
    }


@st.composite
def mri_studies(draw: st.DrawFn, dob: date) -> dict[str, Any]:
    finding = draw(optional(code_of(vocab.MRI_FINDING)))
    return {
        # A fetal MRI may predate birth.
        "date": draw(optional(day_between(dob - timedelta(days=120), TODAY))),
        "field_strength_t": draw(optional(number(0.1, 12))),
        "finding": finding,
        "lesions": [] if finding == "normal" else draw(st.lists(lesions(), max_size=2)),
    }


@st.composite
def valid_documents(draw: st.DrawFn) -> dict[str, Any]:
    dob = draw(st.dates(TODAY - timedelta(days=3 * 365), TODAY))
    onset = draw(optional(st.dates(dob, TODAY)))
    case: dict[str, Any] = {
        "mrn": draw(mrns),
        "family_name": draw(optional(identifier(schema.NAME_MAX))),
        "given_name": draw(optional(identifier(schema.NAME_MAX))),
        "date_of_birth": dob.isoformat(),
        "sex": draw(optional(code_of(vocab.SEX))),
        "referring_center": draw(optional(text(schema.PLACE_MAX))),
        "spasms": {
            "onset_date": None if onset is None else onset.isoformat(),
            "ongoing": draw(optional(st.booleans())),
            "last_seen_date": draw(optional(day_between(onset or dob, TODAY))),
            "clusters_per_day": draw(optional(number(0, 500))),
            "hypsarrhythmia": draw(optional(code_of(vocab.HYPSARRHYTHMIA))),
        },
        "treatments": draw(st.lists(treatments(dob), max_size=3)),
        "mri": draw(st.lists(mri_studies(dob), max_size=2)),
        "eeg": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "date": optional(day_between(dob, TODAY)),
                        "hypsarrhythmia": optional(code_of(vocab.HYPSARRHYTHMIA)),
                        "lateralization": optional(code_of(vocab.LATERALIZATION)),
                        "based_score": optional(st.integers(0, 5)),
                        "note": optional(
                            st.text(SAFE_CHARS | st.sampled_from("\n\t"))
                            | st.text(SAFE_CHARS, min_size=schema.NOTE_MAX, max_size=schema.NOTE_MAX)
                        ),
                    }
                ),
                max_size=2,
            )
        ),
        "pet": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "date": optional(day_between(dob, TODAY)),
                        "finding": optional(code_of(vocab.PET_FINDING)),
                        "side": optional(code_of(vocab.LATERALIZATION)),
                        "lobes": codes_of(vocab.LOBE),
                    }
                ),
                max_size=2,
            )
        ),
        "etiology": {
            "category": draw(optional(code_of(vocab.ETIOLOGY))),
            "also": draw(codes_of(vocab.ETIOLOGY)),
            "diagnosis": draw(optional(text(schema.DIAGNOSIS_MAX))),
        },
        "metabolic_workup": draw(optional(code_of(vocab.METABOLIC_WORKUP))),
        "degenerative_condition": draw(optional(st.booleans())),
        "development": {
            "assessed_on": draw(optional(day_between(dob, TODAY))),
            "status": draw(optional(code_of(vocab.DEVELOPMENT_STATUS))),
            "developmental_quotient": draw(optional(number(0, 200))),
        },
        "baseline_function": {
            "hemiparesis": draw(optional(code_of(vocab.HEMIPARESIS))),
            "visual_field": draw(optional(code_of(vocab.VISUAL_FIELD))),
        },
        "tradeoff": {
            "proposed_procedure": draw(optional(code_of(vocab.PROCEDURE))),
            "assessments": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "procedure": code_of(vocab.PROCEDURE),
                            "deficit": code_of(vocab.DEFICIT),
                            "likelihood": optional(code_of(vocab.LIKELIHOOD)),
                            "already_present": optional(st.booleans()),
                            "rating": optional(code_of(vocab.RATING)),
                            "rated_by": optional(
                                st.sampled_from(vocab.codes(vocab.RATED_BY_SUGGESTIONS))
                                | text(schema.ROLE_MAX)
                            ),
                            "comment": optional(text(schema.COMMENT_MAX)),
                        }
                    ),
                    max_size=3,
                )
            ),
            # The optional additions of the trade-off workspace (docs/case-file-additions.md).
            "options": draw(codes_of(vocab.PROCEDURE)),
            "benefit_overrides": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "procedure": code_of(vocab.OPTION),
                            "value": number(0, 100),
                            "note": text(schema.NOTE_MAX).filter(lambda s: s.strip() != ""),
                        }
                    ),
                    max_size=3,
                    unique_by=lambda b: b["procedure"],
                )
            ),
            "next_surgery_date": draw(optional(day_between(dob, TODAY + timedelta(days=700)))),
        },
    }
    # Leave out some optional keys entirely: missing means "not recorded", like null.
    for key in draw(st.lists(st.sampled_from([k for k in case if k != "mrn"]), unique=True, max_size=4)):
        del case[key]
    return {"format": "isconf-case/1", "case": case}
