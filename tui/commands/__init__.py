"""Subcommands of `agentdesk` besides the desk itself."""
