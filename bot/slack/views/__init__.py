"""Block Kit, one module per feature: pure functions from domain values to messages and views,
within Slack's limits (kit.py), person-made text escaped through mrkdwn.md()."""
