"""The book PDF drawn without its structure tree, the reference for what tagging costs.

The command line always tags its PDFs; a Python caller can ask for an untagged
draft with `Options(tagged=False)`, and this is that call, run by bench/run.py as
`python bench/untagged.py SOURCE OUT`.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(source: str, out: str) -> None:
    from reportgen import Options, build
    build([source], out, ["pdf"], Options(tagged=False))


if __name__ == "__main__":
    main(*sys.argv[1:])
