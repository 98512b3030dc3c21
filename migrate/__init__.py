"""wxr-migrate: read WordPress WXR exports and write Markdown, JSON or SQLite."""

__version__ = "0.1.0"
