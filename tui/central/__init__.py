"""The central store every workstation syncs into: a SQLite file or PostgreSQL."""
