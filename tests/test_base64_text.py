"""Base64 text of the case file's binary fields: what the writer made is read back without
decoding it again, anything else is decoded and checked."""

from __future__ import annotations

import base64
import binascii

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isconf import base64_text


@given(st.binary(max_size=2000))
def test_text_made_here_or_elsewhere_reads_back_as_its_bytes(data: bytes) -> None:
    text = base64_text.encode(data)
    assert text == base64.b64encode(data).decode("ascii")
    assert base64_text.decode(text) == data
    assert base64_text.decode("".join(list(text))) == data  # an equal text, another object


def test_only_the_very_text_made_here_skips_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    data = bytes(range(256)) * 40
    text = base64_text.encode(data)
    copy = "".join(list(text))
    decoded: list[str] = []
    real = base64.b64decode
    monkeypatch.setattr(
        base64, "b64decode", lambda t, validate: decoded.append(t) or real(t, validate=validate)
    )
    assert base64_text.decode(text) is data
    assert decoded == []
    assert base64_text.decode(copy) == data
    assert decoded == [copy]


@pytest.mark.parametrize("text", ["not base64!", "QUJD\nREVG", "QUJ"])
def test_anything_else_that_is_not_base64_is_refused(text: str) -> None:
    with pytest.raises(binascii.Error):
        base64_text.decode(text)


def test_what_it_remembers_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base64_text, "KEPT_BYTES", 10_000)
    texts = [base64_text.encode(bytes([i]) * 3000) for i in range(10)]
    assert base64_text._kept <= 10_000
    assert len([t for t in texts if id(t) in base64_text._made]) == 3  # the latest three
    assert base64_text.decode(texts[0]) == bytes([0]) * 3000  # forgotten: decoded again
