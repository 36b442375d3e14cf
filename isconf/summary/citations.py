"""Sources cited once: numbered in the order the summary first cites them, one list at the end.

A source as the rules and figures files give it may name several works at once
("Go et al., Neurology 2012 (AAN/CNS guideline); Pellock et al., Epilepsia 2010"):
each work gets its own number, so the reference list names each work once however
many criteria, figures and cases cite it.
"""

from __future__ import annotations

from functools import cache


def works(source: object) -> tuple[str, ...]:
    """The works one source string names, split at the semicolons outside parentheses."""
    return _works(str(source or ""))


@cache  # the same few sources are cited by every case
def _works(source: str) -> tuple[str, ...]:
    words = source.strip().removeprefix("Source: ").strip().rstrip(".")
    parts, depth, start = [], 0, 0
    for i, char in enumerate(words):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == ";" and depth <= 0:
            parts.append(words[start:i])
            start = i + 1
    parts.append(words[start:])
    return tuple(p.strip() for p in parts if p.strip())


class Citations:
    """The reference numbers of one document."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._notes: dict[str, list[tuple[str, str]]] = {}

    def note(self, title: str, statements: list[tuple[str, str]]) -> str:
        """Statements (with their sources) that several sections would repeat, printed once
        under ``title`` beside the references; returns their citation for the section."""
        self._notes.setdefault(title, statements)
        numbers = sorted({n for _, source in statements for n in self.numbers(source)})
        return f"[{ranges(numbers)}]" if numbers else ""

    def notes(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return list(self._notes.items())

    def numbers(self, source: object) -> list[int]:
        found = []
        for work in works(source):
            if work not in self._numbers:
                self._numbers[work] = len(self._numbers) + 1
            found.append(self._numbers[work])
        return sorted(set(found))

    def cite(self, source: object) -> str:
        """ "[3]", "[1, 4]" or "[2–4]" for ``source`` (empty when it names no work)."""
        numbers = self.numbers(source)
        return f"[{ranges(numbers)}]" if numbers else ""

    def references(self) -> list[tuple[int, str]]:
        return [(n, work) for work, n in self._numbers.items()]


def ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 as "1–3, 5"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)
