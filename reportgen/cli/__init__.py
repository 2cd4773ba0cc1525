"""The `reportgen` command line."""
from reportgen.cli.commands import main

__all__ = ["main"]
