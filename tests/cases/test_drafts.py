"""Drafts of unsaved edits: kept owner-only per database, read back, and discarded."""

from __future__ import annotations

from pathlib import Path

from isconf.drafts import NEW_CASE, DraftStore


def test_draft_round_trip_and_discard(tmp_path: Path) -> None:
    store = DraftStore.for_database("sqlite:////x/isconf.db", tmp_path)
    document = {"format": "isconf-case/1", "case": {"mrn": "SYN/1 ü"}}
    store.save("SYN/1 ü", 3, document)
    draft = store.load("SYN/1 ü")
    assert draft is not None and draft.document == document and draft.base_version == 3
    assert store.folder.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in store.folder.iterdir())
    store.discard("SYN/1 ü")
    assert store.load("SYN/1 ü") is None
    store.discard("SYN/1 ü")  # discarding twice is harmless


def test_drafts_are_kept_apart_per_database(tmp_path: Path) -> None:
    one = DraftStore.for_database("sqlite:////a.db", tmp_path)
    two = DraftStore.for_database("sqlite:////b.db", tmp_path)
    one.save(NEW_CASE, None, {"case": {}})
    assert two.load(NEW_CASE) is None


def test_an_unreadable_draft_counts_as_none(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save("A", 1, {"case": {}})
    next(tmp_path.glob("*.json")).write_text("{not json", encoding="utf-8")
    assert store.load("A") is None
