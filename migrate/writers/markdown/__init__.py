"""Markdown output: one file per post with front matter, for static-site generators.

See ``writer.py`` for the writer, ``presets.py`` for the layouts, and
``docs/markdown.md`` for what a user gets.
"""

from __future__ import annotations

from .writer import MarkdownWriter

__all__ = ["MarkdownWriter"]
