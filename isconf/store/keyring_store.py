"""The desktop keyring (issue 21): the app may keep a database's passphrase there.

Through ``keyring``, where a real backend answers (the Secret Service of GNOME or KDE, the
macOS Keychain, Windows' Credential Locker). keyring's own stand-ins for "none" (the
``fail`` and ``null`` backends, priority 0 or less) count as no keyring: then the app does
not offer it, and nothing changes. A backend that errors (a locked or absent Secret
Service over D-Bus) counts as none too: the passphrase is asked instead, never lost.

Entries are filed under the service "isconf" and the database file's absolute path.
Scripts do not read the keyring: they give ``ISCONF_DB_PASSPHRASE``.
"""

from __future__ import annotations

from pathlib import Path

SERVICE = "isconf"


def backend_name() -> str | None:
    """The keyring that would keep a passphrase (its name, for the app to say), else None."""
    try:
        import keyring

        backend = keyring.get_keyring()
        priority = float(backend.priority)
    except Exception:  # no backend module, a D-Bus failure: no keyring to offer
        return None
    if priority <= 0:
        return None
    return str(getattr(backend, "name", type(backend).__name__))


def saved_passphrase(path: Path) -> str | None:
    """The passphrase kept for the database ``path``, if a keyring answers and holds one."""
    if backend_name() is None:
        return None
    try:
        import keyring

        return keyring.get_password(SERVICE, str(path)) or None
    except Exception:
        return None


def keep_passphrase(path: Path, passphrase: str) -> str | None:
    """Keep ``passphrase`` for ``path``; the reason in words when the keyring refused."""
    if backend_name() is None:
        return "no desktop keyring answers on this computer"
    try:
        import keyring

        keyring.set_password(SERVICE, str(path), passphrase)
    except Exception as exc:
        return f"the desktop keyring refused it ({type(exc).__name__})"
    return None


def forget_passphrase(path: Path) -> None:
    """Remove a kept passphrase that no longer opens ``path`` (rekeyed elsewhere)."""
    if backend_name() is None:
        return
    try:
        import keyring

        keyring.delete_password(SERVICE, str(path))
    except Exception:
        return
