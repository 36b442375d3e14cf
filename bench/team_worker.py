"""One workstation of ``pg_team_10`` (bench/figures_team.py): saves and decisions for a while.

team_worker.py URL SECONDS SEED MEETING MRN,MRN,... OUT.json
"""

from __future__ import annotations

import dataclasses
import json
import random
import sys
import time
from pathlib import Path

from isconf.errors import ConflictError
from isconf.services import Services

# A person between two actions (reading, typing): ten workstations saving back to back with no
# pause would measure two cores shared by eleven busy processes, not the team database.
PAUSE_S = (0.1, 0.4)


def main(url: str, seconds: float, seed: int, meeting_id: int, mrns: list[str], out: Path) -> None:
    rng = random.Random(seed)
    services = Services.open(url)
    services.get_case(mrns[0])  # connected and warm before the clock starts
    report: dict = {"save_ms": [], "accepted": [], "conflicts": 0, "errors": 0, "decisions": 0}
    # Every worker starts together, once all have opened the database (bench/figures_team.py).
    Path(f"{out}.ready").touch()
    go = Path(out.parent / "team-go")
    while not go.exists():
        time.sleep(0.01)
    end = time.monotonic() + seconds
    rounds = 0
    try:
        while time.monotonic() < end:
            time.sleep(rng.uniform(*PAUSE_S))
            rounds += 1
            mrn = rng.choice(mrns)
            stored = services.get_case(mrn)
            written = f"Team hospital {seed}-{rounds}"
            edited = dataclasses.replace(stored.case, referring_center=written)
            started = time.perf_counter()
            try:
                saved = services.save_case(edited, original_mrn=mrn, expected_version=stored.version)
                report["accepted"].append((mrn, saved.version, written))
            except ConflictError:
                report["conflicts"] += 1
            except Exception:  # counted: the figure says how many, never silently
                report["errors"] += 1
            report["save_ms"].append((time.perf_counter() - started) * 1000)
            if rounds % 5 == 0:
                meeting = services.meetings.get_meeting(meeting_id)
                entry = rng.choice(meeting.agenda)
                try:
                    services.meetings.record_decision(
                        meeting_id,
                        entry.mrn,
                        recommendation="further_evaluation",
                        rationale=f"Synthetic rationale {seed}-{rounds}",
                        expected_version=meeting.version,
                    )
                    report["decisions"] += 1
                except ConflictError:
                    report["conflicts"] += 1
                except Exception:
                    report["errors"] += 1
    finally:
        services.close()
    out.write_text(json.dumps(report), encoding="utf-8")


if __name__ == "__main__":
    url, seconds, seed, meeting, mrns, out = sys.argv[1:7]
    main(url, float(seconds), int(seed), int(meeting), mrns.split(","), Path(out))
