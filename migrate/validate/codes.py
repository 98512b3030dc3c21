"""Every finding ``validate`` can report: its stable code, default severity and meaning.

The table is the single source of truth for severities; ``docs/validate.md`` documents
each code (a test keeps the two in step). Severity says what the finding means for a
migration: ``error`` -- the export cannot be read, or not all of it (an ``error``
always means ``convert`` fails or, with --recover, loses items); ``warning`` -- an
inconsistency the tool reads past in a stated way; ``info`` -- facts worth knowing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Code:
    severity: str
    summary: str


CODES: dict[str, Code] = {
    # The input itself (each ends the run).
    "FILE_NOT_FOUND": Code("error", "the input path does not exist"),
    "UNREADABLE": Code("error", "the input is a folder, or cannot be read"),
    "EMPTY_FILE": Code("error", "the input holds nothing"),
    "BINARY_FILE": Code("error", "the input is binary data, not text"),
    "NOT_XML": Code("error", "the input is text but not XML"),
    "ZIP_INVALID": Code("error", "a zip archive that cannot be read or holds no .xml"),
    "UNSAFE_DTD": Code("error", "the export declares a DOCTYPE (DTD, entities): refused"),
    "NOT_WXR": Code("error", "well-formed XML, but not a WordPress export"),
    "WXR_VERSION_MISSING": Code("error", "the channel has no wp:wxr_version"),
    "WXR_VERSION_INVALID": Code("error", "wp:wxr_version is not a WXR version"),
    "SITE_MISMATCH": Code("error", "parts given together are exports of different sites"),
    "INPUT_ERROR": Code("error", "the input cannot be read as an export"),
    # XML damage.
    "XML_SYNTAX": Code("error", "not well-formed XML"),
    "TRUNCATED": Code("error", "the file ends before the export does"),
    "INVALID_ENCODING": Code("error", "bytes that are not valid in the document's encoding"),
    "ITEM_DROPPED": Code("error", "an item damaged by XML errors (left out by --recover)"),
    "XML_NAMESPACE": Code("warning", "a namespace slip the reader tolerates"),
    "ILLEGAL_CONTROL_CHAR": Code("warning", "a control character XML forbids (dropped)"),
    "ENCODING_MISMATCH": Code("warning", "the declared encoding does not match the bytes"),
    "WXR_VERSION_UNKNOWN": Code("warning", "a WXR version newer than the tool knows"),
    # Identity and references.
    "DUPLICATE_POST_ID": Code("warning", "two items share a post id"),
    "DUPLICATE_COMMENT_ID": Code("warning", "two comments share a comment id"),
    "MISSING_POST_PARENT": Code("warning", "post_parent names an item not in the export"),
    "MISSING_COMMENT_PARENT": Code("warning", "comment_parent names no comment of the post"),
    "ATTACHMENT_NO_URL": Code("warning", "an attachment without wp:attachment_url"),
    "MISSING_THUMBNAIL": Code("warning", "_thumbnail_id names an item not in the export"),
    "UNDECLARED_AUTHOR": Code("warning", "dc:creator is not a declared wp:author"),
    "UNDECLARED_TERM": Code("warning", "an item uses a term the channel does not declare"),
    "MISSING_TERM_PARENT": Code("warning", "a term's parent is not declared"),
    # Dates.
    "INVALID_DATE": Code("warning", "a date that does not parse"),
    "DATE_GMT_MISMATCH": Code("warning", "post_date and post_date_gmt differ by over 14 hours"),
    "ZERO_DATE": Code("warning", "a published item with a zero or missing date"),
    # Slugs, titles, kinds.
    "DUPLICATE_SLUG": Code("warning", "two items of one type and parent share a slug"),
    "EMPTY_TITLE": Code("info", "an item without a title"),
    "UNKNOWN_STATUS": Code("info", "a status WordPress core does not define"),
    "UNKNOWN_POST_TYPE": Code("info", "a post type WordPress core does not define"),
    # Meta and content.
    "SERIALIZED_META_REPAIRABLE": Code("warning", "PHP-serialized meta with wrong lengths"),
    "SERIALIZED_META_BROKEN": Code("warning", "PHP-serialized meta that cannot be decoded"),
    "UNKNOWN_SHORTCODE": Code("info", "a shortcode WordPress core does not define"),
    "UNKNOWN_BLOCK": Code("info", "a block type WordPress core does not define"),
}

# Codes that stop `convert` (without --recover) but that --recover reads past.
XML_DAMAGE = frozenset({"XML_SYNTAX", "INVALID_ENCODING"})
# Codes that mean content is lost even with --recover.
LOSSES = frozenset({"ITEM_DROPPED", "TRUNCATED"})


def severity(code: str) -> str:
    return CODES[code].severity
