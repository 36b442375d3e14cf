"""The writer the crash-safety test kills: ``python crash_writer.py DB VIGNETTE``.

It imports isconf once, then for each line ``go RUN`` on standard input forks
a child that opens DB and writes cases through ``isconf.services`` until it
is killed. The child prints ``pid N`` first, ``open`` once the database is open, then ``created MRN`` or
``saved MRN`` only after each commit has returned, flushing every line. The
parent prints ``reaped N killed`` once the child is gone (``failed`` if
it stopped by itself, its traceback on standard error). Forking skips the second
of imports per run, so the test can kill a writer many times in a few seconds.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from isconf.domain import Case
from isconf.schema import parse_case_document
from isconf.services import Services


def document_for(template: dict[str, Any], mrn: str, version: int) -> dict[str, Any]:
    """The case file of ``mrn`` at ``version``: the template, renamed, with a telling family name."""
    document = json.loads(json.dumps(template))
    document["case"]["mrn"] = mrn
    document["case"]["family_name"] = f"Crash-v{version}"
    return document


def case_for(template: dict[str, Any], mrn: str, version: int) -> Case:
    return parse_case_document(document_for(template, mrn, version))


def _say(line: str) -> None:
    os.write(1, f"{line}\n".encode())


def _write_until_killed(database: str, template: dict[str, Any], run: int) -> None:
    services = Services.open(database)
    _say("open")
    previous = None
    for i in range(100_000):
        mrn = f"CR-{run:02d}-{i:05d}"
        if i % 2:
            result = services.import_document(document_for(template, mrn, 1))
            assert result.ok, result.problems
        else:
            services.create_case(case_for(template, mrn, 1))
        _say(f"created {mrn}")
        if previous is not None and i % 3 == 0:
            edited = dataclasses.replace(case_for(template, previous, 2))
            services.save_case(edited, original_mrn=previous, expected_version=1)
            _say(f"saved {previous}")
        previous = mrn


def main(database: str, vignette: str) -> None:
    template = json.loads(Path(vignette).read_text(encoding="utf-8"))
    # Open (and close) a scratch database once so that each child starts warm.
    with tempfile.TemporaryDirectory() as scratch:
        Services.open(str(Path(scratch) / "warm.db")).close()
    for line in sys.stdin:
        run = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                _say(f"pid {os.getpid()}")
                _write_until_killed(database, template, run)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        # Anything but death by SIGKILL is a writer that failed on its own.
        _say(f"reaped {pid} {'killed' if os.WIFSIGNALED(status) else 'failed'}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
