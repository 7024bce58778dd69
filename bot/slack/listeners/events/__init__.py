"""Events API events, one module per event type."""
