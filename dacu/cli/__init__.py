"""The command line: python build.py [build|check|serve|new]."""
