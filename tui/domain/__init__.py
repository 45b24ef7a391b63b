"""Pure domain logic: no Textual, no database. Every function that needs the time takes it."""
