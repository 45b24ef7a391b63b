"""The desk's screens, each beside its .tcss."""
