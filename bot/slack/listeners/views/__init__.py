"""Modal submissions, one module per modal."""
