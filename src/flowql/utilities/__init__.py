"""Utilities for flow code, as ``prefect.utilities`` (see :mod:`flowql.utilities.annotations`)."""
