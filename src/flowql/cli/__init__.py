"""The ``flowql`` command line: a typer app with one module per command group."""
