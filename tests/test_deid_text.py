"""The scrubber of typed text (isconf/deid_text.py): whatever the letter case and spacing, a
child's name or MRN, a date, phone, email or address does not survive it."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from isconf.deid_text import WITHHELD, Identifiers, leaks, scrub, withhold_or_scrub

NAMES = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéø"), min_size=3, max_size=10)
MRNS = st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"), min_size=4, max_size=12).filter(
    lambda s: sum(c.isalnum() for c in s) >= 4
)


def _spelled(value: str, draw: st.DrawFn) -> str:
    """``value`` as someone may type it: each letter in either case, spaces or dots between."""
    out = []
    for ch in value:
        if not ch.isalnum():
            continue
        out.append(ch.upper() if draw(st.booleans()) else ch.lower())
        out.append(draw(st.sampled_from(["", "", " ", ".", "-"])))
    return "".join(out).strip(" .-")


@settings(max_examples=200, deadline=None)
@given(NAMES, MRNS, st.data())
def test_a_name_or_mrn_in_any_case_and_spacing_is_scrubbed(name: str, mrn: str, data: st.DataObject) -> None:
    people = Identifiers(names=(name.capitalize(),), mrns=(mrn,))
    typed_name, typed_mrn = _spelled(name, data.draw), _spelled(mrn, data.draw)
    text = f"Seen {typed_name} today; MRN {typed_mrn}."
    scrubbed = scrub(text, people)
    assert leaks(scrubbed, people) == [], scrubbed
    assert "[MRN]" in scrubbed


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)), st.integers(0, 5))
def test_a_date_in_any_common_format_is_scrubbed(day: date, form: int) -> None:
    spelled = [
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        day.strftime("%d.%m.%y"),
        day.strftime("%d %B %Y"),
        day.strftime("%B %d, %Y"),
        day.strftime("%d %b %Y"),
    ][form]
    assert scrub(f"born {spelled}, seen", Identifiers()) == "born [date], seen"


def test_phones_emails_addresses_and_digit_runs_are_scrubbed() -> None:
    text = "Call +44 20 7946 0958 or (020) 7946-0958, mail a.b@example.org, 14 Baker Street NW1 6XE, ref 12345678"
    assert scrub(text, Identifiers()) == (
        "Call [phone] or [phone], mail [email], [address] [postcode], ref [phone]"
    )


def test_unchecked_text_is_withheld_and_empty_stays_empty() -> None:
    assert withhold_or_scrub("anything", False, Identifiers()) == WITHHELD
    assert withhold_or_scrub("  ", False, Identifiers()) == ""
    assert withhold_or_scrub("PET first", True, Identifiers()) == "PET first"
