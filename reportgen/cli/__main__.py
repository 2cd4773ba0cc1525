"""`python -m reportgen.cli`: the same as the `reportgen` command."""
import sys

from reportgen.cli.commands import main

sys.exit(main())
