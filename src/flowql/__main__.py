"""``python -m flowql`` runs the CLI."""

from flowql.cli.main import app

app()
