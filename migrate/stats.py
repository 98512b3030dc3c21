"""Counting what an export holds: items by type and status, comments, pingbacks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .model import Post, Site


@dataclass(slots=True)
class Stats:
    items: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_type_status: Counter[tuple[str, str]] = field(default_factory=Counter)
    comments: int = 0
    comments_by_approval: Counter[str] = field(default_factory=Counter)
    pingbacks: int = 0
    pingbacks_by_type: Counter[str] = field(default_factory=Counter)

    def add(self, post: Post) -> None:
        self.items += 1
        kind = post.post_type or "(none)"
        self.by_type[kind] += 1
        self.by_type_status[kind, post.status or "(none)"] += 1
        self.comments += len(post.comments)
        self.pingbacks += len(post.pingbacks)
        for c in post.comments:
            self.comments_by_approval[c.comment_approved] += 1
        for p in post.pingbacks:
            self.pingbacks_by_type[p.comment_type] += 1

    def to_dict(self, site: Site) -> dict[str, Any]:
        statuses: dict[str, dict[str, int]] = {}
        for (kind, status), n in sorted(self.by_type_status.items()):
            statuses.setdefault(kind, {})[status] = n
        return {
            "site": {
                "title": site.title,
                "link": site.link,
                "base_site_url": site.base_site_url,
                "language": site.language,
                "generator": site.generator,
            },
            "wxr_version": site.wxr_version,
            "authors": len(site.authors),
            "terms": dict(sorted(Counter(t.taxonomy for t in site.terms).items())),
            "items": self.items,
            "items_by_type": dict(sorted(self.by_type.items())),
            "items_by_type_and_status": statuses,
            "comments": self.comments,
            "comments_by_approval": dict(sorted(self.comments_by_approval.items())),
            "pingbacks": self.pingbacks,
            "pingbacks_by_type": dict(sorted(self.pingbacks_by_type.items())),
        }
