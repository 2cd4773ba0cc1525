import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_126a8718d7404d8d.txt"
WORKLOAD = ROOT.parent / "shared" / "bench" / "make_workload.py"

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed_publication():
    from reportgen import load
    return load([str(SEED)])
