"""Checks: content and promotion rules, image rules, colour rules."""
