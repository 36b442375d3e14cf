"""What is wrong with a case: one ``Problem`` per finding, and the error that carries them."""

from __future__ import annotations

from isconf.errors import Problem as Problem  # declared in the leaf module every layer imports


class CaseFileError(ValueError):
    """A case that cannot be accepted; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems
