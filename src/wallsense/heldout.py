"""Which pages of the shared training corpora are held out from training, for honest evaluation."""

from __future__ import annotations

import hashlib

HELDOUT_MODULUS = 5


def is_heldout(page_id: str) -> bool:
    """True for the deterministic fifth of page ids that training never sees."""
    return int(hashlib.sha1(page_id.encode("utf-8")).hexdigest(), 16) % HELDOUT_MODULUS == 0
