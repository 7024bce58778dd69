"""The domain core: no Slack, no SQL."""
