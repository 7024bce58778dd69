"""Button clicks, one module per feature."""
