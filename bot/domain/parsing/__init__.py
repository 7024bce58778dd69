"""Plain text in, values out: answers, dates, and the text of the slash commands."""
