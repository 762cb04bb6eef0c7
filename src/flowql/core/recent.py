"""``Recent``: a small mapping that keeps only the entries added last.

The live path remembers a few hundred things per process (shared reads,
subscription messages, their execution results, their JSON): enough for every
subscriber of a wake-up to find what the first one made, bounded so that a
busy server does not grow. Oldest-added entries go first; a hit does not
refresh an entry (adding it again does), because each is needed only around the moment it was made.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Recent(Generic[K, V]):
    """At most ``size`` entries; adding one more drops the oldest."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"Recent needs a size of at least 1, not {size}")
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        return self._entries.get(key)

    def add(self, key: K, value: V) -> V:
        """Remember ``value`` under ``key`` (as the newest entry) and return it."""
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return value

    def pop(self, key: K) -> V | None:
        return self._entries.pop(key, None)

    def __len__(self) -> int:
        return len(self._entries)
