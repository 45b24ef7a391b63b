"""The shift lead's board (`agentdesk lead`): its own Textual app over the central store."""
