"""agentdesk: the keyboard-first terminal workstation for phone customer-service agents."""

__version__ = "0.1.0"
