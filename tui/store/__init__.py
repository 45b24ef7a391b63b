"""The local store: aiosqlite functions that take and return domain objects."""
