"""Issue 23: an Ed25519 key pair per team member signs each sign-off; ``isconf check``
verifies every one, so a signature added or changed with the database in hand is found."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from conftest import closed_meeting_with_signers, run_cli
from isconf import member_keys
from isconf.services import Services
from isconf.store.database import open_database


def _signed(services: Services) -> int:
    meeting_id = closed_meeting_with_signers(services)
    services.users.set_password("Dr Chair", "chair-password", "new-chair-password")
    services.signing.sign(meeting_id, user="Dr Chair", password="new-chair-password", meaning="approved")
    return meeting_id


def _rows(db: str, sql: str) -> list[tuple]:
    database = open_database(db, migrate=False)
    try:
        with database.engine.begin() as connection:
            return [tuple(r) for r in connection.execute(text(sql)).all()]
    finally:
        database.close()


@pytest.mark.both_backends
def test_each_sign_off_carries_the_members_ed25519_signature(services: Services, db: str) -> None:
    _signed(services)
    services.close()
    [(public, private)] = _rows(
        db, "SELECT public_key, private_key FROM user_account WHERE name = 'Dr Chair'"
    )
    assert len(public) == 64 and private.startswith("ed25519-scrypt-aesgcm$")
    [(meeting, revision, sha, meaning, at, name, signature)] = _rows(
        db,
        "SELECT meeting_id, revision, content_sha256, meaning, signed_at, printed_name, ed25519 FROM signature",
    )
    moment = at if isinstance(at, datetime) else datetime.fromisoformat(at)  # SQLite: text
    message = member_keys.sign_off_message(
        meeting_id=meeting,
        revision=revision,
        content_sha256=sha,
        meaning=meaning,
        signed_at=moment,
        name=name,
    )
    assert member_keys.verify(public, message, signature)
    assert not member_keys.verify(public, message.replace(b"approved", b"reviewed"), signature)


@pytest.mark.both_backends
def test_a_forged_or_rekeyed_signature_is_found_by_check(
    services: Services, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _signed(services)
    services.close()
    database = open_database(db, migrate=False)
    try:
        with database.engine.begin() as connection:
            # A forger who also knows isconf's audit format still has no member's private key.
            connection.execute(
                text(
                    "INSERT INTO signature (meeting_id, revision, user_id, printed_name, role, meaning, "
                    "signed_at, time_zone, content_sha256, ed25519) SELECT meeting_id, revision, 2, "
                    "'Dr Surgeon', 'neurosurgeon', meaning, signed_at, time_zone, content_sha256, "
                    f"'{'ab' * 64}' FROM signature"
                )
            )
            connection.execute(
                text(f"UPDATE user_account SET public_key = '{'00' * 32}' WHERE name = 'Dr Chair'")
            )
    finally:
        database.close()
    code, _, err = run_cli(capsys, "check", "--db", db)
    assert code == 1
    lines = err.splitlines()
    assert sum("does not verify with the member's public key" in line for line in lines) == 2, lines


def test_the_private_key_opens_only_with_the_password() -> None:
    public, private = member_keys.new_key_pair("a-password")
    signature = member_keys.sign(private, "a-password", b"message")
    assert member_keys.verify(public, b"message", signature)
    with pytest.raises(member_keys.SigningKeyError):
        member_keys.sign(private, "another-password", b"message")
    moved = member_keys.reencrypt(private, "a-password", "new-password")
    assert member_keys.verify(public, b"message", member_keys.sign(moved, "new-password", b"message"))


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=200), st.integers(0, 63), st.integers(1, 255))
def test_a_changed_message_or_signature_never_verifies(message: bytes, at: int, flip: int) -> None:
    public, private = KEYS
    signature = bytearray(bytes.fromhex(member_keys.sign(private, "pw-12345678", message)))
    assert member_keys.verify(public, message, signature.hex())
    signature[at] ^= flip
    assert not member_keys.verify(public, message, signature.hex())
    assert not member_keys.verify(public, message + b"x", member_keys.sign(private, "pw-12345678", message))


KEYS = member_keys.new_key_pair("pw-12345678")
