"""The GraphQL contract: Strawberry types, inputs, enums and build_schema()."""
