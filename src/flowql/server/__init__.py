"""The ASGI application: GraphQL over HTTP and websockets, health, (later) the UI."""
