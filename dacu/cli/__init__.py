"""The command line: ``python build.py [build|check|serve|new]``."""

from dacu.cli.main import main

__all__ = ["main"]
