"""A Slack workspace in a box: a fake Web API served over HTTP, and a sender of signed requests
to the bot's endpoint. The tests and `smm-bot demo` both run the real app against it."""
