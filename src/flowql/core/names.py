"""Human-friendly run names such as ``crimson-otter``."""

from __future__ import annotations

import coolname


def generate_run_name() -> str:
    return str(coolname.generate_slug(2))
