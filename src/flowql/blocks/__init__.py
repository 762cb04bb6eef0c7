"""Prefect's ``prefect.blocks``: ``from flowql.blocks.core import Block``,
``from flowql.blocks.system import Secret``."""
