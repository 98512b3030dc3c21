"""Helpers for the Markdown writer's tests: converting a fixture, reading a tree back,
and the ``--update-golden`` option that rewrites the golden trees."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from migrate import api

from .helpers import Convert


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    # The env var works too when pytest runs from the root and this conftest loads late.
    flag = bool(request.config.getoption("--update-golden", default=False))
    return flag or os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture
def md(tmp_path: Path) -> Convert:
    """``md(export, preset="hugo", **options)`` converts into a fresh folder and returns it."""
    count = 0

    def run(export: Path, **options: Any) -> Path:
        nonlocal count
        count += 1
        out = tmp_path / f"out{count}"
        api.convert(export, out, writer="markdown", options=options)
        return out

    return run
