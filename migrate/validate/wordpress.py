"""What WordPress core itself defines: statuses, post types, shortcodes, block types.

Anything else in an export comes from a plugin or theme; ``validate`` reports those
as info, because their meaning lives in code the export does not carry. Block names
without a namespace are core's (``paragraph`` is ``core/paragraph``).
"""

from __future__ import annotations

CORE_STATUSES = frozenset({
    "publish", "future", "draft", "pending", "private", "trash", "auto-draft", "inherit",
    # user_request (privacy export/erasure requests)
    "request-pending", "request-confirmed", "request-failed", "request-completed",
})

CORE_POST_TYPES = frozenset({
    "post", "page", "attachment", "revision", "nav_menu_item", "custom_css",
    "customize_changeset", "oembed_cache", "user_request", "wp_block", "wp_template",
    "wp_template_part", "wp_global_styles", "wp_navigation", "wp_font_family", "wp_font_face",
})

# Types whose items have no title of their own (menus take the linked item's).
UNTITLED_TYPES = frozenset({
    "attachment", "nav_menu_item", "revision", "custom_css", "customize_changeset",
    "oembed_cache", "user_request", "wp_global_styles",
})

# wp_unique_post_slug() leaves these alone, so duplicates are normal there.
UNIQUE_SLUG_EXEMPT_STATUSES = frozenset({"draft", "pending", "auto-draft"})
UNIQUE_SLUG_EXEMPT_TYPES = frozenset({"revision", "user_request"})

CORE_SHORTCODES = frozenset({
    "caption", "gallery", "audio", "video", "playlist", "embed", "wp_caption",
    "code", "sourcecode",
})

CORE_BLOCKS = frozenset({
    "archives", "audio", "avatar", "block", "button", "buttons", "calendar", "categories", "code",
    "column", "columns", "comment-author-avatar", "comment-author-name", "comment-content",
    "comment-date", "comment-edit-link", "comment-reply-link", "comment-template", "comments",
    "comments-pagination", "comments-pagination-next", "comments-pagination-numbers",
    "comments-pagination-previous", "comments-title", "cover", "details", "embed", "file",
    "footnotes", "form", "form-input", "form-submission-notification", "form-submit-button",
    "freeform", "gallery", "group", "heading", "home-link", "html", "image", "latest-comments",
    "latest-posts", "legacy-widget", "list", "list-item", "loginout", "media-text", "missing",
    "more", "navigation", "navigation-link", "navigation-submenu", "nextpage", "page-list",
    "page-list-item", "paragraph", "pattern", "post-author", "post-author-biography",
    "post-author-name", "post-comment", "post-comments", "post-comments-count",
    "post-comments-form", "post-comments-link", "post-content", "post-date", "post-excerpt",
    "post-featured-image", "post-navigation-link", "post-template", "post-terms",
    "post-time-to-read", "post-title", "preformatted", "pullquote", "query", "query-no-results",
    "query-pagination", "query-pagination-next", "query-pagination-numbers",
    "query-pagination-previous", "query-title", "quote", "read-more", "rss", "search",
    "separator", "shortcode", "site-logo", "site-tagline", "site-title", "social-link",
    "social-links", "spacer", "subhead", "table", "table-of-contents", "tag-cloud",
    "template-part", "term-description", "text-columns", "verse", "video", "widget-area",
    "widget-group",
})
