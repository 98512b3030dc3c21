"""HTML to Markdown: the WordPress rules, one ``convert_<tag>`` method per tag.

CommonMark output (GFM pipe tables): ATX headings, ``*``/``**`` emphasis,
backslash hard breaks, fenced code with a detected language, ``* * *`` rules.
Whatever Markdown cannot say (iframes, media players, forms, scripts) stays as a
raw HTML block. See :mod:`.escape` for how text is escaped and :mod:`.walker` for
the walk that calls the rules.
"""

from __future__ import annotations

import re
import unicodedata

from . import tables
from .codeblocks import fence, language_of
from .dom import (
    EM,
    STRIKE,
    STRONG,
    attr,
    char_beside,
    element_text,
    ends_quote,
    int_attr,
    is_block,
    prev_content,
    starts_line,
    unwrap_stray_cells,
)
from .escape import (
    escape_inline,
    escape_text,
    escape_title,
    escape_url,
    is_autolink,
    line_start_escaped,
)
from .lists import Markers, cannot_interrupt, is_gallery
from .markup import (
    BR,
    block_text,
    code_span,
    collapse,
    indent_lines,
    split_edges,
    substitute_tokens,
    tagset,
    tidy,
    token,
    wrap_inline,
)
from .rawhtml import RAW_TAGS, open_tag, raw_block, raw_inline
from .tree import Document, Element, Text, find, find_named, get_text
from .walker import ParentTags, Rule, Walker

# Schemes Markdown renderers refuse to link (markdown-it, GitHub...): text only.
_UNSAFE_LINK = re.compile(r"\s*(?:javascript|vbscript|data|file):", re.IGNORECASE)
_ESCAPED_END = re.compile(r"(?<!\\)\\\]$")  # a final "]" escaped, the backslash itself not
_STRUCTURE_IN_CODE = tagset("img h1 h2 h3 h4 h5 h6")
_BR_RUN = re.compile(f"(?:{BR}\\s*){{2,}}")  # two or more breaks: a paragraph break
_NEWLINE_RUN = re.compile(r"\s*\n\s*")
_HASHES_AT_END = re.compile(r"(^|\s)(#+)$")
_BLANK_LINES_BEFORE = re.compile(r"\A(?:[ \t]*\n)+")
_BLANK_LINES_AFTER = re.compile(r"(?:\n[ \t]*)+\Z")

_NOTHING = tagset("head title meta link template colgroup col")
_A = frozenset({"a"})
_CODE = frozenset({"code"})
# Nesting past this depth is broken markup (unclosed tags); it is converted as text.
MAX_DEPTH = 80


class WordPressConverter(Walker):
    """Markdown rules for WordPress post HTML."""

    max_depth = MAX_DEPTH

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[str, str]] = []
        self.markers = Markers()

    # -- entry point ---------------------------------------------------------------

    def render(self, doc: Document) -> str:
        """The Markdown for a parsed document, without a final newline."""
        self.blocks = []
        self.markers = Markers()
        unwrap_stray_cells(doc)
        markdown = tidy(self.walk(doc.root))
        return substitute_tokens(markdown, self.blocks)

    def keep(self, block: str, inline: str) -> str:
        """Park a finished block and its one-line form; returns its placeholder paragraph."""
        self.blocks.append((block, inline))
        return f"\n\n{token(len(self.blocks) - 1)}\n\n"

    def keep_inline(self, inline: str) -> str:
        """Park finished inline markup (raw HTML) so no later pass changes its spacing."""
        self.blocks.append((inline, inline))
        return token(len(self.blocks) - 1)

    def too_deep(self, node: Element) -> str:
        """Nesting this deep is broken markup (unclosed tags): its text, escaped."""
        text = escape_text(collapse(element_text(node, " ")))
        return f" {text} " if is_block(node) else text

    # -- text ----------------------------------------------------------------------

    def process_text(self, el: Text, parent_tags: ParentTags) -> str:
        text = el.text
        if "pre" in parent_tags:
            return text
        text = collapse(text)
        if is_block(prev_content(el)) or (el.prev is None and is_block(el.parent)):
            text = text.lstrip(" ")
        block_end = is_block(el.next) or (el.next is None and is_block(el.parent))
        if block_end:
            text = text.rstrip(" ")
        if "_noformat" in parent_tags or not text:
            return text
        return self._escape(el, text, parent_tags, block_end)

    def _escape(self, el: Text, text: str, parent_tags: ParentTags, block_end: bool) -> str:
        out = escape_inline(text, brackets="a" in parent_tags)
        if "_inline" not in parent_tags:
            marked = line_start_escaped(out)  # only then does it matter where the line starts
            if marked is not None and starts_line(el):
                out = marked
        if out[:1] in ("(", "[", ":") and char_beside(el, forward=False) == "]":
            out = "\\" + out  # a verbatim shortcode must not become a link label
        if block_end and out[-2:] == "\\]" and "a" not in parent_tags and _ESCAPED_END.search(out):
            # nothing follows a block's last "]" that could make it a link: "[...]" reads
            # back as text, so the escape would only show ("[...\]" in pingbacks)
            out = out[:-2] + "]"
        return out

    # -- blocks --------------------------------------------------------------------

    def convert_p(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        if "_inline" in parent_tags:
            return f" {text.strip()} "
        text = block_text(text)
        return f"\n\n{text}\n\n" if text else ""

    def convert_div(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        if "wp-block-embed__wrapper" in (attr(el, "class") or "") and not find_named(el, _A):
            url = get_text(el).strip()
            if is_autolink(url):
                text = f"<{url}>"
        return self.convert_p(el, text, parent_tags)

    convert_section = convert_article = convert_aside = convert_div
    convert_header = convert_footer = convert_nav = convert_main = convert_div
    convert_figure = convert_center = convert_address = convert_details = convert_div
    convert_hgroup = convert_div

    def convert_summary(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return self.convert_p(el, self.convert_strong(el, text, parent_tags), parent_tags)

    def convert_figcaption(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        text = block_text(text)
        if text and "\n\n" not in text and "\ue001" not in text and "_inline" not in parent_tags:
            mark = "_" if re.search(r"(?<!\\)\*", text) else "*"
            text = f"{mark}{text}{mark}"
        return self.convert_p(el, text, parent_tags)

    def convert_hN(self, n: int, el: Element, text: str, parent_tags: ParentTags) -> str:
        if parent_tags & {"td", "th"} and text.strip():  # a cell holds inline HTML only
            return f"<h{n}>{text.strip()}</h{n}>"
        if "_inline" in parent_tags:
            return f" {text.strip()} "
        text = collapse(text.replace(BR, " ")).strip(" ")
        if "#" in text:
            text = _HASHES_AT_END.sub(r"\1\\\2", text)
        return f"\n\n{'#' * max(1, min(6, n))} {text}\n\n" if text else ""

    def convert_hr(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return " " if "_inline" in parent_tags else "\n\n* * *\n\n"

    def convert_br(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return "\n" if "_noformat" in parent_tags else BR

    def convert_blockquote(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        text = block_text(text)
        if "_inline" in parent_tags or not text:
            return f" {text} " if text else ""
        return "\n\n" + indent_lines(text, "> ", "> ") + "\n\n"

    def convert_cite(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        if "blockquote" not in parent_tags or not ends_quote(el):
            return text
        text = block_text(text)
        if not text:
            return ""
        line = text if re.match(r"\\?[—–-]", text) else f"— {text}"
        return f"\n\n{line}\n\n"

    # -- lists ---------------------------------------------------------------------

    def convert_ul(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        if is_gallery(el):
            return self.convert_div(el, text, parent_tags)
        if "_inline" in parent_tags:  # in a table cell: keep the list as inline HTML
            start = f' start="{attr(el, "start")}"' if el.name == "ol" and attr(el, "start") else ""
            return f"<{el.name}{start}>{text.strip()}</{el.name}>"
        text = text.strip("\n")
        if not text.strip():
            return ""
        if "li" in parent_tags and not cannot_interrupt(text):
            return "\n" + text + "\n"
        return f"\n\n{text}\n\n"

    convert_ol = convert_ul
    convert_menu = convert_ul

    def convert_li(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        if el.parent is not None and is_gallery(el.parent):
            return self.convert_div(el, text, parent_tags)
        text = block_text(text)
        marker = self.markers(el)
        if "_inline" in parent_tags:
            return f"<li>{text}</li>"
        if not text:  # an empty item could turn the line above into a heading
            return ""
        return indent_lines(text, marker + " ", " " * (len(marker) + 1)) + "\n"

    def convert_dl(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return self.convert_p(el, text.strip("\n"), parent_tags)

    def convert_dt(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        text = collapse(block_text(text).replace("\n", " "))
        if not text or "_inline" in parent_tags:
            return f" {text} " if text else ""
        return f"\n\n{wrap_inline(text, '**') if '**' not in text else text}\n"

    def convert_dd(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        text = block_text(text)
        if not text or "_inline" in parent_tags:
            return f" {text} " if text else ""
        return indent_lines(text, ": ", "  ") + "\n"

    # -- inline --------------------------------------------------------------------

    def _styled(
        self, el: Element, text: str, parent_tags: ParentTags, same: frozenset[str], mark: str
    ) -> str:
        if "_noformat" in parent_tags or parent_tags & same:
            return text
        lead, core, trail = split_edges(text)
        if not core or "\n" in lead + trail or "\n\n" in core or "\ue001" in core:
            return text  # block content: emphasis markers cannot span it
        before = lead[-1:] or char_beside(el, forward=False)
        after = trail[:1] or char_beside(el, forward=True)
        if BR in core:
            core = _BR_RUN.sub(BR, core)  # no paragraph break inside
        merges = mark[0] in (before, after)  # "**a****b**": runs would join
        first = core.lstrip(mark[0])[:1] or core[0]  # "***x***" is one run: look past it
        last = core.rstrip(mark[0])[-1:] or core[-1]
        if not merges and _flanks(before, first) and _flanks(after, last):
            return f"{lead}{mark}{core}{mark}{trail}"
        tag = {"**": "strong", "*": "em"}.get(mark, "del")
        return f"{lead}<{tag}>{core}</{tag}>{trail}"

    def convert_strong(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return self._styled(el, text, parent_tags, STRONG, "**")

    def convert_em(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return self._styled(el, text, parent_tags, EM, "*")

    def convert_del(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return self._styled(el, text, parent_tags, STRIKE, "~~")

    convert_b = convert_strong
    convert_i = convert_em
    convert_s = convert_strike = convert_del

    def convert_sup(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return text if "_noformat" in parent_tags else wrap_inline(text, "<sup>", "</sup>")

    def convert_sub(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return text if "_noformat" in parent_tags else wrap_inline(text, "<sub>", "</sub>")

    def convert_q(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return wrap_inline(text, "“", "”")

    def convert_code(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        if "pre" in parent_tags or parent_tags & {"code", "kbd", "samp", "tt"}:
            return text
        out = (
            _span_of([element_text(el, " ")])
            if find(el, _code_breaker) is None
            else "".join(self._code_parts(el))
        )
        if out.startswith("`") and char_beside(el, forward=False) == "`":
            out = "<span></span>" + out  # two adjacent code spans would read as one
        return out

    def _code_parts(self, el: Element) -> list[str]:
        """Code spans around the links and images inside a ``<code>`` (spans cannot hold them)."""
        parts: list[str] = []
        run: list[str] = []
        for child in el.children:
            if type(child) is Element and _code_breaker(child):
                parts.append(_span_of(run))
                run = []
                parts.append(self._code_breaker_markdown(child))
            elif type(child) is Element and find(child, _code_breaker) is not None:
                parts.append(_span_of(run))
                run = []
                parts.extend(self._code_parts(child))
            elif type(child) is Element:
                run.append(element_text(child, " "))
            elif isinstance(child, Text):
                run.append(child.text)
        parts.append(_span_of(run))
        return parts

    def _code_breaker_markdown(self, el: Element) -> str:
        if el.name == "img":
            return self.convert_img(el, "", frozenset())
        label = collapse(element_text(el, " ")).strip()
        return self._link(el, code_span(label) if label else "")

    convert_kbd = convert_samp = convert_tt = convert_code

    def convert_a(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        href = attr(el, "href")
        if href is None or "_noformat" in parent_tags or _UNSAFE_LINK.match(href):
            return text
        lead, core, trail = split_edges(text)
        if "\n" in text and "_inline" not in parent_tags:  # a link around blocks: HTML tags
            return f"\n\n{open_tag(el)}\n\n{core}\n\n</a>\n\n"
        if "\n" in core:
            core = _NEWLINE_RUN.sub(" ", core)
        if BR in core:
            core = _BR_RUN.sub(BR, core)  # no paragraph break in a link
        if find(el, _is_link) is not None:  # Markdown links cannot nest; HTML can
            return f"{lead}{open_tag(el)}{core}</a>{trail}"
        return lead + self._link(el, core) + trail

    def _link(self, el: Element, label: str) -> str:
        href = (attr(el, "href") or "").strip()
        title = attr(el, "title") or ""
        if not title and get_text(el).strip() == href and is_autolink(href):
            return f"<{href}>"
        title_part = f" {escape_title(title)}" if title.strip() else ""
        return f"[{label}]({escape_url(href)}{title_part})"

    def convert_img(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        alt = escape_text(collapse(attr(el, "alt") or "").strip(), brackets=True)
        title = attr(el, "title") or ""
        title_part = f" {escape_title(title)}" if title.strip() else ""
        return f"![{alt}]({escape_url(attr(el, 'src') or '')}{title_part})"

    def convert_wxr_sc(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return get_text(el)

    # -- code and raw HTML ---------------------------------------------------------

    def convert_pre(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        if find(el, _lost_in_code) is not None:  # a code block would lose them
            return self.convert_raw(el, text, parent_tags)
        code = element_text(el, "\n")
        if code[:1] in (" ", "\t", "\n"):
            code = _BLANK_LINES_BEFORE.sub("", code)
        if code[-1:] in (" ", "\t", "\n"):
            code = _BLANK_LINES_AFTER.sub("", code)
        if "pre" in parent_tags:
            return code
        if "_inline" in parent_tags:  # a heading or table cell cannot hold a code block
            return self.keep_inline(raw_inline(el))
        inline = code_span(collapse(code).strip()) if code.strip() else ""
        return self.keep(fence(code, _language(el)), inline)

    def convert_raw(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        if "_noformat" in parent_tags:
            return text
        if parent_tags & {"_inline", "a"}:
            return self.keep_inline(raw_inline(el))
        return self.keep(raw_block(el), raw_inline(el))

    # -- tables --------------------------------------------------------------------

    def convert_table(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        if "_inline" in parent_tags:  # a table in a cell or heading: inline HTML
            return self.keep_inline(raw_inline(el))
        return tables.table(text)

    def convert_tr(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return tables.row(text)

    def convert_td(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return tables.cell(text, header=el.name == "th", colspan=int_attr(el, "colspan"))

    convert_th = convert_td

    def convert_caption(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return tables.caption(block_text(text))

    # -- dispatch --------------------------------------------------------------------

    @classmethod
    def find_rule(cls, name: str) -> Rule | None:
        """Raw HTML tags: :meth:`convert_raw`; head and column tags: nothing; h1-h6:
        :meth:`convert_hN`; any other tag its ``convert_<name>`` method."""
        name = name.lower()
        if name in RAW_TAGS:
            return cls.convert_raw
        if name in _NOTHING:
            return _nothing
        rule = super().find_rule(name)
        if rule is None and re.fullmatch(r"h[1-6]", name):
            level = int(name[1])
            return lambda self, el, text, parent_tags: self.convert_hN(level, el, text, parent_tags)
        return rule


def _nothing(self: Walker, el: Element, text: str, parent_tags: ParentTags) -> str:
    return ""


def _span_of(run: list[str]) -> str:
    lead, code, trail = split_edges(collapse("".join(run)))
    return f"{lead}{code_span(code)}{trail}" if code else lead


def _is_link(el: Element) -> bool:
    return el.name == "a" and "href" in el.attrs


def _code_breaker(el: Element) -> bool:
    """A link or image inside inline code."""
    return el.name == "img" or _is_link(el)


def _lost_in_code(el: Element) -> bool:
    """Markup a fenced code block cannot keep: links, images, headings."""
    return _is_link(el) or el.name in _STRUCTURE_IN_CODE


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _flanks(outside: str, inside: str) -> bool:
    """Whether an emphasis run between ``outside`` and ``inside`` surely opens/closes there.

    CommonMark: a run next to punctuation on the inside needs whitespace, punctuation
    or nothing on the outside; with punctuation on both sides the run can both open
    and close, which is ambiguous next to other runs, so only space or nothing counts.
    """
    return not _is_punct(inside) or not outside or outside.isspace()


def _language(pre: Element) -> str:
    code = find_named(pre, _CODE)
    nodes = [pre] + ([code] if code is not None else [])
    for node in nodes:
        explicit = [attr(node, a) or "" for a in ("lang", "data-lang", "data-language")]
        lang = language_of(attr(node, "class") or "", *explicit)
        if lang:
            return lang
    return ""
