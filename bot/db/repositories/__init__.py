"""Repositories, one module per aggregate: the only place that speaks SQL. They return domain
values, not rows."""
