"""The use cases, per feature: they reach the world only through bot.domain.ports."""
