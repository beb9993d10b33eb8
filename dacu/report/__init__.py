"""Reporting: findings as text for the terminal and as the visual HTML report."""
