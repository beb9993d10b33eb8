#!/usr/bin/env python3
"""Build the campaign site: python build.py [build|check|serve|new] --help."""

import sys

from dacu.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
