"""The Python SDK: decorators, engine, futures, run context and the API client."""
