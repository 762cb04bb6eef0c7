"""Storage: SQLAlchemy 2 async models, the Database (engines and transactions), migrations."""
