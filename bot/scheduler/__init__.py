"""Scheduled jobs: thin wrappers that call the same services as everything else."""
