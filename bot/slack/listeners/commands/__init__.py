"""Slash commands, one module per command. Each answers Slack at once; slow work runs after the
ack."""
