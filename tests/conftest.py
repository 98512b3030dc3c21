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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under fixtures/golden/ from the current code "
        "(then review the diff before committing)",
    )
