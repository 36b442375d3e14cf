"""Before an X11 window, the libraries Qt's xcb plugin needs are checked by the soname it loads,
and a missing one is named by its Debian package (Qt's own abort names libxcb-cursor0 whatever
is missing)."""

from __future__ import annotations

import pytest

from ui import app


def test_a_library_that_loads_is_not_named_and_a_missing_one_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        app,
        "_XCB_LIBRARIES",
        {"c": ("libc.so.6", "libc6"), "xcb-nothing": ("libxcb-nothing.so.7", "libxcb-nothing7")},
    )
    assert app.missing_xcb_packages() == ["libxcb-nothing7"]
