"""The store's one error for a database that cannot be opened or used (re-exported by
``isconf.store.database``, where callers have always found it)."""

from __future__ import annotations


class DatabaseError(RuntimeError):
    """The database cannot be opened or used; the message says why, in one line."""
