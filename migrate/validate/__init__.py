"""``wxr-migrate validate``: a precise report on an export, and whether it can be migrated.

``run.validate`` reads the export (streaming) and runs the checks in ``checks``;
``report`` renders the outcome as text or JSON; ``command`` is the click command.
Every code it reports is listed in ``codes`` and documented in ``docs/validate.md``.
"""

from .run import Outcome, validate

__all__ = ["Outcome", "validate"]
