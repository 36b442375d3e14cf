"""A case's lists come back in the order of their positions, not of their rows' ids.

The lists are read by one statement of every table (``isconf.store.child_rows``) and put in
order after they arrive. A list reordered by a save, or rows written in another order by an
older version, has positions that disagree with its row ids; the positions decide.
"""

from __future__ import annotations

import base64
import json

import pytest

from clinical_files import png_bytes
from conftest import vignette_files
from dbtools import execute_on
from isconf.services import Services


def _image(shade: int) -> dict:
    return {
        "modality": "mri",
        "study_date": None,
        "caption": f"Synthetic {shade}",
        "media_type": "image/png",
        "data": base64.b64encode(png_bytes(size=24, shade=shade)).decode("ascii"),
    }


@pytest.mark.both_backends
def test_lists_are_read_in_the_order_of_their_positions(services: Services, db: str) -> None:
    document = next(
        d
        for d in (json.loads(p.read_text(encoding="utf-8")) for p in vignette_files())
        if len(d["case"].get("treatments") or []) >= 2
    )
    document["case"]["images"] = [_image(shade) for shade in (40, 120, 200)]
    assert services.import_document(document).ok
    mrn = document["case"]["mrn"]
    case = services.get_case(mrn).case
    # Positions turned round behind the rows' ids (the first row written is now the last).
    execute_on(
        db,
        "UPDATE treatment SET position = 100 - position",
        "UPDATE key_image SET position = 100 - position",
    )

    again = services.get_case(mrn).case

    assert again.treatments == tuple(reversed(case.treatments))
    assert [image.caption for image in again.images] == ["Synthetic 200", "Synthetic 120", "Synthetic 40"]
    assert again.mri == case.mri and again.eeg == case.eeg  # the other lists kept theirs
