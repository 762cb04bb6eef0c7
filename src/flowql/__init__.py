"""flowql: workflow orchestration for Python with a GraphQL API and a live UI."""

__version__ = "0.1.0"
