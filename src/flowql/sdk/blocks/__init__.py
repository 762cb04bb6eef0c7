"""Blocks in the SDK: the ``Block`` base class and the built-in blocks (Prefect 3's)."""
