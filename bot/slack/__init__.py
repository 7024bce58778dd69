"""Thin Slack adapters: Bolt listeners, Block Kit rendering, outgoing Web API calls."""
