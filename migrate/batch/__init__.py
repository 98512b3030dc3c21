"""Batch migration: many sites, and split exports, in one run.

The library surface: ``migrate_site`` (one site from its inputs, never raising, a
plain-data ``SiteResult``) is the unit of work any executor can run; ``find_sites``,
``target`` and ``jobs`` plan a batch; ``run_batch`` runs one on local processes.
"""

from __future__ import annotations

from .discover import SiteSpec, discover, site_key
from .plan import Target, find_sites, jobs, target
from .report import write_report
from .session import Outcome, run_batch
from .site import SiteJob, SiteResult, migrate_site, run_job

__all__ = [
    "Outcome", "SiteJob", "SiteResult", "SiteSpec", "Target", "discover", "find_sites", "jobs",
    "migrate_site", "run_batch", "run_job", "site_key", "target", "write_report",
]
