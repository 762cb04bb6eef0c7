"""Fast random UUIDs for ids minted in hot paths (one per task run and state).

``uuid.uuid4()`` reads ``os.urandom`` on every call, which costs about 100 µs
on some virtual machines; ids need uniqueness, not cryptographic secrecy, so
they come from a PRNG seeded once per process (and again after a fork).
"""

from __future__ import annotations

import os
import random
import uuid

_random = random.Random()  # seeded from os.urandom at creation


def _reseed_after_fork() -> None:
    _random.seed()


os.register_at_fork(after_in_child=_reseed_after_fork)

_VERSION_4 = 0x4000 << 64
_VARIANT_RFC4122 = 0x8000 << 48
_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))


def new_id() -> uuid.UUID:
    """A random version-4 UUID."""
    bits = (_random.getrandbits(128) & _CLEAR) | _VERSION_4 | _VARIANT_RFC4122
    return uuid.UUID(int=bits)
