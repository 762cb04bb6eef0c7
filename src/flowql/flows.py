"""Flows, as ``prefect.flows``: ``flow``, ``Flow``."""

from flowql.sdk.flows import Flow, flow

__all__ = ["Flow", "flow"]
