"""Core: findings, the rule catalogue, settings, the cache, colour science and what a run reports."""
