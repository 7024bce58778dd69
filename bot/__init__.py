"""SMM Pulse: keeps an SMM manager, marketing and sales in step through Slack."""
