"""What a request can go wrong with: ``Problem`` and the service errors.

A leaf module (it imports nothing of isconf), so every layer can raise and catch these
without importing the layer above it: the schema names problems, the meeting and
signing services refuse, and the UI routes each error type to its place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a case, at a field path such as ``case.mri[0].date``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class CaseFileError(ValueError):
    """A case that cannot be accepted; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class ServiceError(Exception):
    """A request that cannot be done; ``problems`` names each reason by field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class DuplicateMrnError(ServiceError):
    """Another case already has this MRN."""


class NotFoundError(ServiceError):
    """No case (or meeting) has this key."""


class ConflictError(ServiceError):
    """What the caller opened changed in the database since: saving over it is refused.

    A case's conflict (``isconf.cases.model.CaseConflictError``) also carries what is stored
    now; a meeting's names only when it was saved, and the screen re-reads it."""
