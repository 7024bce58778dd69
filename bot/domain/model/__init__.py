"""Dataclasses and enums, one module per feature: they import nothing else of the domain."""
