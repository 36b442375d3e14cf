"""``list_cases(mrns=…)`` gives exactly those cases' lines of the full list, in its order."""

from __future__ import annotations

import pytest

from conftest import vignette_files
from isconf import clock
from isconf.services import Services


@pytest.mark.both_backends
def test_lines_of_some_cases_are_the_full_lists_lines(services: Services) -> None:
    services.import_files(vignette_files())
    services.add_demo_cases()
    today = clock.today()
    everything = services.list_cases(as_of=today)
    chosen = [*[s.mrn for s in everything][1::2], "NO-SUCH-MRN"]
    some = services.list_cases(as_of=today, mrns=chosen)
    assert some == [s for s in everything if s.mrn in chosen]
    assert services.list_cases(as_of=today, mrns=[]) == []
