"""Case files and documents into cases: the one reader the importer, the editor and the CLI use."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from isconf.clock import Clock
from isconf.domain import Case
from isconf.errors import Problem, ServiceError
from isconf.schema import CaseFileError, case_to_document, not_a_case_file, parse_case_document


class CaseReader:
    """Reads and checks ``isconf-case/1`` documents against the clock's today."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def parse(self, document: Any, *, today: date | None = None) -> Case:
        """The case a document holds; raises ``CaseFileError`` naming every problem."""
        return parse_case_document(document, today=today or self.clock.today())

    def problems(self, document: Any, *, today: date | None = None) -> list[Problem]:
        """Every problem with a case document, without writing anything."""
        try:
            self.parse(document, today=today)
        except CaseFileError as exc:
            return exc.problems
        return []

    def recheck(self, case: Case) -> list[Problem]:
        """The problems the case file would find in a ``Case`` built by code."""
        return self.problems(case_to_document(case))

    def read_file(self, path: Path) -> tuple[Any, Problem | None]:
        """A case file's document, or the one problem that stops it being one."""
        return read_case_file(path)


def read_case_file(path: Path) -> tuple[Any, Problem | None]:
    """A case file's document, or the one problem that stops it being one: it cannot be read,
    is not JSON, or is JSON of another kind (``schema.not_a_case_file``)."""
    document, problem = read_json_file(path)
    if problem is not None:
        return None, problem
    other_kind = not_a_case_file(document)
    if other_kind is not None:
        return None, Problem(str(path), other_kind)
    return document, None


def refuse_as_of_before_the_story(case: Case, as_of: date) -> None:
    """A date before the child was born, or before the spasms began, has nothing to evaluate
    (every trial and study lies after it): say so, rather than print a checklist of it."""
    born, onset = case.date_of_birth, case.spasms.onset_date
    if born is not None and as_of < born:
        problem = (
            f"{as_of.isoformat()} is before the child was born ({born.isoformat()}); choose a later date"
        )
    elif onset is not None and as_of < onset:
        problem = f"{as_of.isoformat()} is before the spasms began ({onset.isoformat()}); choose a later date"
    else:
        return
    raise ServiceError([Problem("as_of", problem)])


def read_json_file(path: Path) -> tuple[Any, Problem | None]:
    """A JSON file's content, or the one problem that stops it being read."""
    try:
        # utf-8-sig: files saved by some Windows editors start with a byte-order mark.
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None, Problem(str(path), "no such file")
    except IsADirectoryError:
        return None, Problem(str(path), "is a folder, not a case file")
    except UnicodeDecodeError:
        return None, Problem(str(path), "is not UTF-8 text (is it a JSON case file?)")
    except OSError as exc:
        return None, Problem(str(path), f"cannot be read ({exc.strerror})")
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys), None
    except json.JSONDecodeError as exc:
        return None, Problem(str(path), f"line {exc.lineno} column {exc.colno}: invalid JSON ({exc.msg})")
    except _DuplicateKey as exc:
        return None, Problem(str(path), f"the key {exc.key!r} appears twice in one object; keep one")
    except RecursionError:
        return None, Problem(str(path), "invalid JSON (nested too deeply)")
    except ValueError as exc:  # for example an integer with thousands of digits
        return None, Problem(str(path), f"invalid JSON ({exc})")


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON objects whose keys repeat are refused: one of the values would be lost silently."""
    result = dict(pairs)
    if len(result) != len(pairs):  # rare: then find which key repeats (a loop per object was slower)
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result
