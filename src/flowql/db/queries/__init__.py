"""Read queries: filters, orderings and keyset pagination over the models."""
