"""The one database layer: tables, engine, unit of work, repositories."""
