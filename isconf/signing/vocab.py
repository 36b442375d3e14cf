"""What a signature means. The code is stored; the label is what a signer reads."""

from __future__ import annotations

from typing import Final

from isconf.vocab import Vocabulary
from isconf.vocab import codes as codes
from isconf.vocab import label as label

AUTHORED, REVIEWED, APPROVED = "authored", "reviewed", "approved"
MEANING: Final[Vocabulary] = (
    (AUTHORED, "Authored"),
    (REVIEWED, "Reviewed"),
    (APPROVED, "Approved"),
)
