"""GraphQL object types of the core domain."""
