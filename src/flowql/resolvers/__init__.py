"""Thin resolvers: parse input, call services or queries, return schema types."""
