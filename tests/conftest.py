"""Shared paths and helpers for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = FIXTURES / "deepening-your-love.xml"

needs_corpus = pytest.mark.skipif(
    not (CORPUS / "expectations.json").exists(),
    reason=f"WordPress importer corpus not found at {CORPUS} (present in CI)",
)
