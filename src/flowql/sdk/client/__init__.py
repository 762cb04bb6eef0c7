"""One GraphQL contract, two transports: in-process (embedded) or HTTP (remote)."""
