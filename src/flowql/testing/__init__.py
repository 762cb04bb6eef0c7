"""Helpers for testing flows, as ``prefect.testing`` (see ``flowql.testing.utilities``)."""

from __future__ import annotations

from flowql.testing.utilities import flowql_test_harness, prefect_test_harness

__all__ = ["flowql_test_harness", "prefect_test_harness"]
