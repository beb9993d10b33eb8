"""Checks over rendered pages: links and the colours each page uses."""
