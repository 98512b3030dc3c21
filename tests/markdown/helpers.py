"""Reading the Markdown writer's output back: file trees and front matter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

GOLDEN = Path(__file__).resolve().parents[2] / "fixtures" / "golden" / "markdown"
Convert = Callable[..., Path]


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (the marker file left out) by relative POSIX path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".wxr-migrate"
    }


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """A Markdown file's YAML front matter and its body."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    head, _, body = text[4:].partition("\n---\n")
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data, body
