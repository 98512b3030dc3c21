"""The one exception family: every failure the tool reports carries file, line, column.

The library raises these and never prints; the CLI renders ``str(error)`` as one line
(``export.xml:12:5: message``) and exits with ``exit_code``.
"""

from __future__ import annotations


class MigrateError(Exception):
    """Base of every error the tool reports to a user."""

    exit_code = 1
    #: A stable name for the kind of failure (``validate`` reports it as a finding code).
    code = "ERROR"

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code or type(self).code
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.hint = hint

    @property
    def location(self) -> str:
        parts = [p for p in (self.path, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text} ({self.hint})" if self.hint else text


class InputError(MigrateError):
    """The input cannot be read as a WXR export (missing, unreadable, not XML, ...)."""

    code = "INPUT_ERROR"


class XmlSyntaxError(InputError):
    """The export is not well-formed XML."""

    code = "XML_SYNTAX"


class UnsafeXmlError(InputError):
    """The export uses DTDs or entities, which a WXR export never needs."""

    code = "UNSAFE_DTD"


class NotWxrError(InputError):
    """Well-formed XML that is not a WordPress export (no or invalid ``wxr_version``)."""

    code = "NOT_WXR"


class WriterError(MigrateError):
    """A writer could not produce its output."""

    code = "WRITER_ERROR"


class UnknownWriterError(MigrateError):
    """No writer is registered under the requested name or output extension."""

    exit_code = 2
    code = "UNKNOWN_WRITER"
