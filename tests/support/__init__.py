"""Test helpers: databases, apps, GraphQL calls, live servers."""
