"""Synthetic WordPress WXR 1.2 exports of any size: the input of the benchmarks and memory test.

Streams one item at a time (flat memory, stdlib only); the same ``--seed`` with the same
``--size`` or ``--posts`` gives a byte-identical file. The shape follows what WordPress's
export.php writes; ``bench/README.md`` lists what a generated export contains.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from urllib.parse import quote

SITE = "https://blog.example.org"
UPLOADS = f"{SITE}/wp-content/uploads"
START, END = 1167609600, 1717200000  # 2007-01-01 .. 2024-06-01, UTC
BLOCK_ERA = 1544486400  # WordPress 5.0: the block editor
TZ = -5 * 3600  # the site's UTC offset; post_date is local time
ZERO = "0000-00-00 00:00:00"
BYTES_PER_POST = 10000  # rough average, only used to scale the header to --size

WORDS = [
    "garden", "river", "morning", "winter", "letter", "window", "kitchen", "bread", "coffee",
    "market", "summer", "harbour", "station", "mountain", "village", "stone", "bridge",
    "lantern", "paper", "pencil", "notebook", "travel", "journey", "island", "forest", "meadow",
    "orchard", "evening", "autumn", "spring", "weather", "valley", "ocean", "shore", "light",
    "shadow", "colour", "music", "story", "memory", "friend", "family", "neighbour", "street",
    "city", "country", "road", "map", "a", "an", "the", "and", "or", "but", "with", "without",
    "under", "over", "between", "after", "before", "during", "about", "into", "is", "was",
    "were", "are", "be", "been", "being", "has", "had", "have", "does", "did", "do", "will",
    "would", "could", "should", "might", "we", "they", "you", "I", "she", "he", "it", "our",
    "their", "your", "my", "his", "her", "its", "this", "that", "these", "those", "every",
    "some", "write", "read", "walk", "build", "grow", "cook", "paint", "listen", "travel",
    "learn", "remember", "forget", "open", "close", "quick", "quiet", "bright", "dark", "warm",
    "cold", "old", "new", "small", "large", "early", "late", "simple", "careful", "gentle",
    "plugin", "theme", "widget", "sidebar", "permalink", "editor", "draft", "revision",
    "backup", "server", "database", "migration", "markdown", "hosting", "domain", "comment",
    "category", "archive", "template", "shortcode", "gallery"
]
ACCENTED = [
    "café", "naïve", "résumé", "façade", "Zürich", "Ångström", "São", "crème", "brûlée",
    "jalapeño", "Kraków", "smörgåsbord", "Łódź", "Straße", "Þingvellir", "Việt", "Nam", "İzmir",
    "coöperate", "piñata", "Øresund"
]
CJK = ["日本語の文章です", "中文内容测试", "한국어 문장", "東京の桜", "漢字とかな", "𠜎𠜱𠝹"]
RTL = ["مرحبا بالعالم", "שלום עולם", "كتابة المدونة"]
EMOJI = ["🎉", "👍🏽", "🚀", "❤️", "🇯🇵", "👩‍💻", "😀", "☕", "🏳️‍🌈", "e\u0301"]
ENTITIES = ["&amp;", "&nbsp;", "&#8217;", "&#8220;", "&#8221;", "&hellip;", "&mdash;", "&lt;3"]
CODE = [
    ("python", "def total(xs):\n    return sum(x for x in xs if x > 0)\n\n"
               "print(total([1, -2, 3]))"),
    ("php", "<?php\nadd_filter( 'the_content', function ( $c ) {\n\treturn $c . '&copy;';\n} );"),
    ("js", "const els = document.querySelectorAll('a[href^=\"http\"]');\n"
           "els.forEach(a => { if (a.host !== location.host) a.target = '_blank'; });"),
    ("bash", 'for f in *.png; do\n  convert "$f" -resize 50% "small-$f" && echo ok\ndone'),
    ("sql", "SELECT ID, post_title FROM wp_posts\nWHERE post_status = 'publish' AND ID < 100;"),
    ("css", ".entry-content > p:first-child::first-letter {\n  font-size: 3em;\n}"),
]
# Content that holds a literal ']]>', which export.php splits across CDATA sections.
TRAPS = [
    ("c", "if (grid[row[i]]> 0) {\n    hits += grid[row[i]];\n}"),
    ("js", "<script type=\"text/javascript\">\n//<![CDATA[\nwindow.cfg = {id: 7};\n"
           "//]]>\n</script>"),
]
UNKNOWN_SHORTCODES = [
    '[contact-form-7 id="{n}" title="Contact form 1"]',
    '[su_note note_color="#fff3cd"]{text}[/su_note]',
    '[wpforms id="{n}" title="false"]',
    "[my_plugin_box style=rounded]{text}[/my_plugin_box]",
]
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NAMESPACES = """<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>
"""


# ----------------------------------------------------------------------------- encoding


def cdata(text: str) -> str:
    """export.php's wxr_cdata(): CDATA, with any ']]>' split across two sections."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def php(value: object) -> str:
    """PHP serialize(): strings measured in UTF-8 bytes, dicts and lists as arrays."""
    if value is None:
        return "N;"
    if isinstance(value, bool):
        return f"b:{int(value)};"
    if isinstance(value, int):
        return f"i:{value};"
    if isinstance(value, float):
        return f"d:{value!r};"
    if isinstance(value, str):
        return f's:{len(value.encode())}:"{value}";'
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list):
        pairs = list(enumerate(value))
    else:
        raise TypeError(f"cannot serialize {type(value).__name__}")
    body = "".join(php(k) + php(v) for k, v in pairs)
    return f"a:{len(pairs)}:{{{body}}}"


def mysql_date(t: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t))


def rfc_date(t: int) -> str:
    g = time.gmtime(t)
    return (f"{DAYS[g.tm_wday]}, {g.tm_mday:02d} {MONTHS[g.tm_mon - 1]} {g.tm_year} "
            f"{g.tm_hour:02d}:{g.tm_min:02d}:{g.tm_sec:02d} +0000")


def slug_of(title: str, limit: int = 190) -> str:
    """sanitize_title(): accents removed, dashes, other non-ASCII percent-encoded, lowercase."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", title.lower())
                    if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    slug = "-".join(words)
    if slug.isascii():
        return slug[:limit].strip("-") or "untitled"
    out = ""
    for ch in slug:  # whole characters only, as utf8_uri_encode() cuts
        enc = quote(ch).lower()
        if len(out) + len(enc) > limit:
            break
        out += enc
    return out.strip("-") or "untitled"


def parse_size(text: str) -> int:
    text = text.strip().upper().removesuffix("B")
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
    return int(float(text.rstrip("KMG")) * scale)


# ----------------------------------------------------------------------------- text


class Text:
    """Pools of sentences and titles, drawn once from the seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.sentences = [self._sentence() for _ in range(4000)]
        self.titles = [self._title() for _ in range(2000)]

    def _words(self, n: int) -> list[str]:
        ws = self.r.choices(WORDS, k=n)
        if self.r.random() < 0.2:
            ws[self.r.randrange(n)] = self.r.choice(ACCENTED)
        return ws

    def _title(self) -> str:
        t = " ".join(self._words(self.r.randint(2, 8)))
        if self.r.random() < 0.06:
            t += " " + self.r.choice(CJK + EMOJI + ["& more", "<3", "“quoted”", "100%"])
        return t[0].upper() + t[1:]

    def _sentence(self) -> str:
        r = self.r
        ws = self._words(r.randint(5, 20))
        i = r.randrange(len(ws))
        x = r.random()
        if x < 0.10:
            ws[i] = f'<a href="https://{r.choice(WORDS)}.example.net/{r.choice(WORDS)}/">{ws[i]}</a>'
        elif x < 0.15:
            ws[i] = f"<strong>{ws[i]}</strong>"
        elif x < 0.20:
            ws[i] = f"<em>{ws[i]}</em>"
        elif x < 0.23:
            ws[i] = f"<code>{ws[i]}()</code>"
        elif x < 0.27:
            ws.insert(i, r.choice(CJK))
        elif x < 0.30:
            ws.append(r.choice(EMOJI))
        elif x < 0.32:
            ws.insert(i, r.choice(RTL))
        elif x < 0.36:
            ws.insert(i, r.choice(ENTITIES))
        s = " ".join(ws)
        return s[0].upper() + s[1:] + r.choice("...?!")

    def para(self, lo: int = 1, hi: int = 6) -> str:
        return " ".join(self.r.choices(self.sentences, k=self.r.randint(lo, hi)))

    def title(self) -> str:
        return self.r.choice(self.titles)


# ----------------------------------------------------------------------------- bodies

Media = tuple[int, str, int, int]  # attachment id, file (YYYY/MM/name.jpg), width, height


class Body:
    """Post content: classic-editor (wpautop-style, shortcodes) or block-editor markup."""

    def __init__(self, text: Text) -> None:
        self.t = text
        self.r = text.r

    def build(self, block: bool, media: list[Media], reusable: int) -> str:
        r = self.r
        n = min(50, 2 + int(r.paretovariate(1.5) * 3))
        more = r.randrange(n) if r.random() < 0.25 else -1
        parts = []
        for i in range(n):
            if i == more:
                parts.append(wp("more", "<!--more-->") if block else "<!--more-->")
            parts.append(self.block_part(media, reusable) if block else self.classic_part(media))
        return "\n\n".join(parts)

    # classic editor: no <p>, paragraphs separated by blank lines, shortcodes
    def classic_part(self, media: list[Media]) -> str:
        r, t = self.r, self.t
        x = r.random()
        if x < 0.62:
            p = t.para()
            return p.replace(". ", ".\n", 1) if r.random() < 0.1 else p
        if x < 0.68:
            lvl = r.choice((2, 3, 3, 4))
            return f"<h{lvl}>{t.title()}</h{lvl}>"
        if x < 0.73:
            tag = r.choice(("ul", "ol"))
            items = "\n".join(f"\t<li>{s}</li>" for s in r.choices(t.sentences, k=r.randint(2, 6)))
            return f"<{tag}>\n{items}\n</{tag}>"
        if x < 0.79 and media:
            return self.classic_image(r.choice(media))
        if x < 0.81 and len(media) > 1:
            return f'[gallery ids="{",".join(str(m[0]) for m in media)}" columns="3"]'
        if x < 0.85:
            return self.classic_code()
        if x < 0.87:
            url = self.video()
            return url if r.random() < 0.5 else f"[embed]{url}[/embed]"
        if x < 0.89:
            return self.iframe()
        if x < 0.91:
            return self.table()
        if x < 0.93:
            return r.choice(UNKNOWN_SHORTCODES).format(n=r.randint(10, 999), text=t.para(1, 2))
        if x < 0.96:
            return f"<blockquote>{t.para(1, 3)}</blockquote>"
        return f'<div class="note" style="color:#c00">\n\n{t.para()}\n\n</div>'

    def classic_image(self, m: Media) -> str:
        mid, fname, w, h = m
        hh = h * 300 // w
        base = fname.rsplit(".", 1)[0]
        img = (f'<img class="alignnone size-medium wp-image-{mid}"'
               f' src="{UPLOADS}/{base}-300x{hh}.jpg" alt="{self.t.title()}"'
               f' width="300" height="{hh}" />')
        if self.r.random() < 0.5:
            return (f'[caption id="attachment_{mid}" align="aligncenter" width="300"]'
                    f'<a href="{UPLOADS}/{fname}">{img}</a> {self.t.title()}[/caption]')
        return f'<a href="{UPLOADS}/{fname}">{img}</a>'

    def classic_code(self) -> str:
        r = self.r
        lang, src = r.choice(TRAPS) if r.random() < 0.02 else r.choice(CODE)
        if lang == "js" and "CDATA" in src:
            return src  # a raw inline script, as pasted into the classic editor
        if r.random() < 0.6:
            return f'[code lang="{lang}"]\n{src}\n[/code]'  # SyntaxHighlighter keeps code raw
        return f"<pre><code>{esc(src)}</code></pre>"

    # block editor: <!-- wp:name {attrs} --> delimiters around the saved HTML
    def block_part(self, media: list[Media], reusable: int) -> str:
        r, t = self.r, self.t
        x = r.random()
        if x < 0.58:
            return wp("paragraph", f"<p>{t.para()}</p>")
        if x < 0.65:
            lvl = r.choice((2, 3, 3, 4))
            attrs = "" if lvl == 2 else f'{{"level":{lvl}}}'
            return wp("heading", f'<h{lvl} class="wp-block-heading">{t.title()}</h{lvl}>', attrs)
        if x < 0.70:
            return self.block_list()
        if x < 0.76 and media:
            return self.block_image(r.choice(media))
        if x < 0.78 and len(media) > 1:
            return self.block_gallery(media)
        if x < 0.82:
            lang, src = r.choice(CODE)
            code = f'<code lang="{lang}">{esc(src)}</code>'
            return wp("code", f'<pre class="wp-block-code">{code}</pre>')
        if x < 0.84:
            url = self.video()
            fig = (f'<figure class="wp-block-embed is-type-video is-provider-youtube"><div class='
                   f'"wp-block-embed__wrapper">\n{url}\n</div></figure>')
            attrs = f'{{"url":"{url}","type":"video","providerNameSlug":"youtube"}}'
            return wp("embed", fig, attrs)
        if x < 0.86:
            return wp("table", f'<figure class="wp-block-table">{self.table()}</figure>')
        if x < 0.88:
            return wp("html", self.iframe())
        if x < 0.90:
            inner = wp("paragraph", f"<p>{t.para(1, 2)}</p>")
            return wp("quote", f'<blockquote class="wp-block-quote">{inner}<cite>{t.title()}</cite>'
                               "</blockquote>")
        if x < 0.92:
            return self.block_columns()
        if x < 0.94 and media:
            ids = ",".join(str(m[0]) for m in media)
            return wp("shortcode", f'[gallery ids="{ids}" link="file"]')
        if x < 0.95:
            return f'<!-- wp:block {{"ref":{reusable}}} /-->'
        if x < 0.96:
            return '<!-- wp:latest-posts {"postsToShow":3,"displayPostDate":true} /-->'
        return wp("separator", '<hr class="wp-block-separator has-alpha-channel-opacity"/>')

    def block_list(self) -> str:
        ordered = self.r.random() < 0.3
        items = "".join(wp("list-item", f"<li>{s}</li>")
                        for s in self.r.choices(self.t.sentences, k=self.r.randint(2, 5)))
        tag = "ol" if ordered else "ul"
        return wp("list", f"<{tag}>{items}</{tag}>", '{"ordered":true}' if ordered else "")

    def block_image(self, m: Media, attrs: str = '"sizeSlug":"large"') -> str:
        mid, fname, _, _ = m
        fig = (f'<figure class="wp-block-image size-large"><img src="{UPLOADS}/{fname}" alt=""'
               f' class="wp-image-{mid}"/><figcaption class="wp-element-caption">'
               f"{self.t.title()}</figcaption></figure>")
        return wp("image", fig, f'{{"id":{mid},{attrs}}}')

    def block_gallery(self, media: list[Media]) -> str:
        imgs = "".join(self.block_image(m, '"sizeSlug":"medium"') for m in media)
        fig = f'<figure class="wp-block-gallery has-nested-images columns-default">{imgs}</figure>'
        return wp("gallery", fig, '{"linkTo":"none"}')

    def block_columns(self) -> str:
        cols = "".join(wp("column", f'<div class="wp-block-column">'
                                    f'{wp("paragraph", f"<p>{self.t.para(1, 3)}</p>")}</div>')
                       for _ in range(self.r.randint(2, 3)))
        return wp("columns", f'<div class="wp-block-columns">{cols}</div>')

    def video(self) -> str:
        return "https://www.youtube.com/watch?v=" + "".join(
            self.r.choices("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789_-", k=11))

    def iframe(self) -> str:
        return (f'<iframe src="https://player.vimeo.com/video/{self.r.randint(10**7, 10**9)}" '
                'width="640" height="360" frameborder="0" allowfullscreen></iframe>')

    def table(self) -> str:
        r = self.r
        rows = "".join(f"<tr><td>{r.choice(WORDS)}</td><td>{r.randint(1, 999)}</td>"
                       f"<td>{r.choice(ACCENTED)}</td></tr>" for _ in range(r.randint(2, 6)))
        return (f"<table><thead><tr><th>Item</th><th>Qty</th><th>Note</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>")


def wp(name: str, html: str, attrs: str = "") -> str:
    """A block: its saved HTML between the editor's comment delimiters."""
    sp = f" {attrs}" if attrs else ""
    return f"<!-- wp:{name}{sp} -->\n{html}\n<!-- /wp:{name} -->"


# ----------------------------------------------------------------------------- the site


class Site:
    """Authors and terms of the channel header, scaled to the export's expected size."""

    def __init__(self, text: Text, posts: int) -> None:
        r = self.r = text.r
        self.t = text
        self.authors = [("admin", "Site", "Admin")] + [
            (f"{r.choice(WORDS)}{i}", r.choice(WORDS).title(), r.choice(WORDS + ACCENTED).title())
            for i in range(1, min(40, 3 + posts // 3000))]
        self.next_term = 1
        self.cats = self._categories(min(300, 15 + posts // 200))
        self.tags = self._flat(min(6000, 25 + posts // 8))
        self.cuisines = self._flat(8)
        self.menus = [(self._term_id(), "main-menu", "Main Menu"),
                      (self._term_id(), "footer", "Footer")]
        self.formats = [(self._term_id(), f"post-format-{f}", f.title())
                        for f in ("gallery", "video")]

    def _term_id(self) -> int:
        self.next_term += 1
        return self.next_term

    def _categories(self, n: int) -> list[tuple[int, str, str, str]]:
        """(id, slug, parent slug, name), parents before children as export.php sorts them."""
        cats = [(1, "uncategorized", "", "Uncategorized")]
        seen = {"uncategorized"}
        for _ in range(n):
            name = " ".join(self.r.choices(WORDS + ACCENTED, k=self.r.randint(1, 3))).title()
            slug = slug_of(name)
            if slug in seen:
                continue
            seen.add(slug)
            parent = self.r.choice(cats)[1] if self.r.random() < 0.35 else ""
            cats.append((self._term_id(), slug, parent, name))
        return cats

    def _flat(self, n: int) -> list[tuple[int, str, str]]:
        out, seen = [], set()
        for _ in range(n):
            name = " ".join(self.r.choices(WORDS + ACCENTED, k=self.r.randint(1, 2)))
            slug = slug_of(name)
            if slug not in seen:
                seen.add(slug)
                out.append((self._term_id(), slug, name))
        return out

    def header(self) -> str:
        out = ['<?xml version="1.0" encoding="UTF-8" ?>\n',
               "<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of "
               "your site. -->\n"
               '<!-- generator="WordPress/6.5.3" created="2024-06-01 10:00" -->\n',
               NAMESPACES, "\n<channel>\n",
               "\t<title>Notes &amp; Journeys — un carnet</title>\n", f"\t<link>{SITE}</link>\n",
               "\t<description>Just another WordPress site</description>\n",
               f"\t<pubDate>{rfc_date(END)}</pubDate>\n\t<language>en-GB</language>\n",
               "\t<wp:wxr_version>1.2</wp:wxr_version>\n",
               f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n",
               f"\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n\n"]
        out += [self._author(i + 1, a) for i, a in enumerate(self.authors)]
        out += [self._category(c) for c in self.cats]
        out += [f"\t<wp:tag>\n\t\t<wp:term_id>{tid}</wp:term_id>\n\t\t<wp:tag_slug>{cdata(slug)}"
                f"</wp:tag_slug>\n\t\t<wp:tag_name>{cdata(name)}</wp:tag_name>\n\t</wp:tag>\n"
                for tid, slug, name in self.tags]
        out += [self._term(tid, "cuisine", slug, name, meta=True)
                for tid, slug, name in self.cuisines]
        out += [self._term(tid, "nav_menu", slug, name) for tid, slug, name in self.menus]
        out += [self._term(tid, "post_format", slug, name) for tid, slug, name in self.formats]
        out.append("\n\t<generator>https://wordpress.org/?v=6.5.3</generator>\n\n")
        return "".join(out)

    @staticmethod
    def _author(aid: int, a: tuple[str, str, str]) -> str:
        login, first, last = a
        return (f"\t<wp:author><wp:author_id>{aid}</wp:author_id><wp:author_login>{cdata(login)}"
                f"</wp:author_login><wp:author_email>{cdata(login + '@example.org')}"
                f"</wp:author_email><wp:author_display_name>{cdata(f'{first} {last}')}"
                f"</wp:author_display_name><wp:author_first_name>{cdata(first)}"
                f"</wp:author_first_name><wp:author_last_name>{cdata(last)}"
                "</wp:author_last_name></wp:author>\n")

    def _category(self, c: tuple[int, str, str, str]) -> str:
        tid, slug, parent, name = c
        desc = ""
        if tid % 4 == 0:
            desc = (f"\t\t<wp:category_description>{cdata(self.t.para(1, 1))}"
                    "</wp:category_description>\n")
        return (f"\t<wp:category>\n\t\t<wp:term_id>{tid}</wp:term_id>\n\t\t<wp:category_nicename>"
                f"{cdata(slug)}</wp:category_nicename>\n\t\t<wp:category_parent>{cdata(parent)}"
                f"</wp:category_parent>\n\t\t<wp:cat_name>{cdata(name)}</wp:cat_name>\n{desc}"
                "\t</wp:category>\n")

    def _term(self, tid: int, tax: str, slug: str, name: str, meta: bool = False) -> str:
        tm = ""
        if meta:
            value = php({"colour": f"#{tid * 7919 % 0xFFFFFF:06x}", "featured": tid % 2 == 0})
            tm = (f"\t\t<wp:termmeta>\n\t\t\t<wp:meta_key>{cdata('cuisine_style')}</wp:meta_key>\n"
                  f"\t\t\t<wp:meta_value>{cdata(value)}</wp:meta_value>\n\t\t</wp:termmeta>\n")
        return (f"\t<wp:term>\n\t\t<wp:term_id>{tid}</wp:term_id>\n\t\t<wp:term_taxonomy>"
                f"{cdata(tax)}</wp:term_taxonomy>\n\t\t<wp:term_slug>{cdata(slug)}</wp:term_slug>\n"
                f"\t\t<wp:term_parent>{cdata('')}</wp:term_parent>\n\t\t<wp:term_name>{cdata(name)}"
                f"</wp:term_name>\n{tm}\t</wp:term>\n")


FOOTER = "</channel>\n</rss>\n"


# ----------------------------------------------------------------------------- items


@dataclass
class Item:
    """One <item>, as export.php writes it; ``t`` is the GMT post date as a Unix time."""

    pid: int
    title: str
    ptype: str
    status: str
    t: int
    author: str
    content: str = ""
    excerpt: str = ""
    parent: int = 0
    order: int = 0
    slug: str = ""
    link: str = ""
    guid: str = ""
    url: str = ""  # attachment_url
    password: str = ""
    sticky: bool = False
    open: bool = True
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # domain, nicename, name
    meta: list[tuple[str, str]] = field(default_factory=list)
    comments: str = ""


DRAFTS = ("draft", "pending")


def render(it: Item) -> str:
    draft = it.status in DRAFTS
    local = it.t + TZ
    status = "open" if it.open else "closed"
    out = [f"\t<item>\n\t\t<title>{cdata(it.title)}</title>\n\t\t<link>{esc(it.link)}</link>\n",
           f"\t\t<pubDate>{'Mon, 30 Nov -0001 00:00:00 +0000' if draft else rfc_date(it.t)}"
           f"</pubDate>\n\t\t<dc:creator>{cdata(it.author)}</dc:creator>\n",
           f'\t\t<guid isPermaLink="false">{esc(it.guid)}</guid>\n',
           "\t\t<description></description>\n",
           f"\t\t<content:encoded>{cdata(it.content)}</content:encoded>\n",
           f"\t\t<excerpt:encoded>{cdata(it.excerpt)}</excerpt:encoded>\n",
           f"\t\t<wp:post_id>{it.pid}</wp:post_id>\n",
           f"\t\t<wp:post_date>{cdata(mysql_date(local))}</wp:post_date>\n",
           f"\t\t<wp:post_date_gmt>{cdata(ZERO if draft else mysql_date(it.t))}"
           "</wp:post_date_gmt>\n",
           f"\t\t<wp:post_modified>{cdata(mysql_date(local + 7200))}</wp:post_modified>\n",
           f"\t\t<wp:post_modified_gmt>{cdata(mysql_date(it.t + 7200))}</wp:post_modified_gmt>\n",
           f"\t\t<wp:comment_status>{cdata(status)}</wp:comment_status>\n",
           f"\t\t<wp:ping_status>{cdata(status)}</wp:ping_status>\n",
           f"\t\t<wp:post_name>{cdata(it.slug)}</wp:post_name>\n",
           f"\t\t<wp:status>{cdata(it.status)}</wp:status>\n",
           f"\t\t<wp:post_parent>{it.parent}</wp:post_parent>\n",
           f"\t\t<wp:menu_order>{it.order}</wp:menu_order>\n",
           f"\t\t<wp:post_type>{cdata(it.ptype)}</wp:post_type>\n",
           f"\t\t<wp:post_password>{cdata(it.password)}</wp:post_password>\n",
           f"\t\t<wp:is_sticky>{int(it.sticky)}</wp:is_sticky>\n"]
    if it.url:
        out.append(f"\t\t<wp:attachment_url>{cdata(it.url)}</wp:attachment_url>\n")
    out += [f'\t\t<category domain="{domain}" nicename="{esc(nice)}">{cdata(name)}</category>\n'
            for domain, nice, name in it.terms]
    out += [f"\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>{cdata(k)}</wp:meta_key>\n\t\t\t<wp:meta_value>"
            f"{cdata(v)}</wp:meta_value>\n\t\t</wp:postmeta>\n" for k, v in it.meta]
    out += [it.comments, "\t</item>\n"]
    return "".join(out)


class Export:
    """The items of one export, in ID order, as an endless (or --posts bounded) stream."""

    def __init__(self, seed: int, posts_hint: int) -> None:
        self.r = random.Random(seed)
        self.text = Text(self.r)
        self.site = Site(self.text, posts_hint)
        self.body = Body(self.text)
        self.step = max(60, (END - START) // max(posts_hint, 1))
        self.last_id = self.last_comment = 0
        self.library: list[Media] = []  # recent uploads, reused as thumbnails (bounded)
        self.pages: list[tuple[int, str]] = []  # recent published pages (bounded)
        self.slugs: dict[tuple[str, str], int] = {}  # bounded: titles come from a pool
        self.reusable = 0
        self.counts: dict[str, int] = {}

    def new_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def emit(self, it: Item) -> str:
        self.counts[it.ptype] = self.counts.get(it.ptype, 0) + 1
        return render(it)

    def items(self, posts: int | None) -> Iterator[str]:
        yield from self.preamble()
        t, n = START, 0
        while posts is None or n < posts:
            t += self.r.randint(self.step // 2, self.step * 3 // 2)
            if self.r.random() < 0.03:
                yield from (self.emit(a) for a in self.uploads(t - 3600, 0, self.r.randint(1, 3)))
            yield from self.post_group(t)
            if self.r.random() < 0.05:
                yield from self.page_group(t + 30)
            if self.r.random() < 0.08:
                yield self.emit(self.recipe(t + 60))
            n += 1

    def author(self) -> str:
        return self.r.choice(self.site.authors)[0]

    def unique(self, ptype: str, slug: str) -> str:
        """wp_unique_post_slug(): a repeated slug gets -2, -3, ..."""
        k = self.slugs[ptype, slug] = self.slugs.get((ptype, slug), 0) + 1
        return slug if k == 1 else f"{slug}-{k}"

    # -------------------------------------------------------------- fixed opening items

    def preamble(self) -> Iterator[str]:
        """A reusable block and the custom links of the main menu, as old sites have."""
        self.reusable = self.new_id()
        yield self.emit(Item(self.reusable, "Newsletter call to action", "wp_block", "publish",
                             START, "admin", wp("paragraph", f"<p>{self.text.para(1, 2)}</p>"),
                             slug="newsletter-call-to-action", link=f"{SITE}/?p={self.reusable}",
                             guid=f"{SITE}/?p={self.reusable}", open=False))
        for order, label in enumerate(("Home", "Blog", "Contact"), 1):
            yield self.emit(self.menu_item(START, order, label, 0, SITE + f"/{label.lower()}/"))

    def menu_item(self, t: int, order: int, label: str, page: int, url: str = "") -> Item:
        mid = self.new_id()
        kind = ("post_type", "page") if page else ("custom", "custom")
        meta = [("_menu_item_type", kind[0]), ("_menu_item_menu_item_parent", "0"),
                ("_menu_item_object_id", str(page or mid)), ("_menu_item_object", kind[1]),
                ("_menu_item_target", ""), ("_menu_item_classes", php([""])),
                ("_menu_item_xfn", ""), ("_menu_item_url", url)]
        _, slug, name = self.site.menus[0 if self.r.random() < 0.8 else 1]
        return Item(mid, label, "nav_menu_item", "publish", t, "admin", slug=str(mid),
                    link=f"{SITE}/?p={mid}", guid=f"{SITE}/?p={mid}", order=order, open=False,
                    terms=[("nav_menu", slug, name)], meta=meta)

    # -------------------------------------------------------------- attachments

    def uploads(self, t: int, parent: int, n: int) -> list[Item]:
        """Images (and the odd PDF) uploaded to ``parent``; their ids follow the parent's."""
        return [self.attachment(t + i * 60, parent) for i in range(n)]

    def attachment(self, t: int, parent: int) -> Item:
        r = self.r
        aid = self.new_id()
        g = time.gmtime(t)
        name = f"{slug_of(self.text.title(), 40)}-{aid}"
        pdf = r.random() < 0.05
        fname = f"{g.tm_year:04d}/{g.tm_mon:02d}/{name}.{'pdf' if pdf else 'jpg'}"
        meta = [("_wp_attached_file", fname)]
        if not pdf:
            w, h = r.choice(((1920, 1080), (1600, 1200), (1080, 1350), (4032, 3024), (800, 600)))
            meta.append(("_wp_attachment_metadata", php(self.image_meta(fname, name, w, h))))
            if r.random() < 0.5:
                meta.append(("_wp_attachment_image_alt", self.text.title()))
            if len(self.library) >= 200:
                del self.library[:100]
            self.library.append((aid, fname, w, h))
        url = f"{UPLOADS}/{fname}"
        return Item(aid, name.replace("-", " "), "attachment", "inherit", t, self.author(),
                    self.text.para(1, 1) if r.random() < 0.2 else "",
                    self.text.title() if r.random() < 0.3 else "", parent=parent,
                    slug=name, link=f"{SITE}/?attachment_id={aid}", guid=url, url=url, meta=meta)

    def image_meta(self, fname: str, name: str, w: int, h: int) -> dict[str, object]:
        sizes = {label: {"file": f"{name}-{sw}x{150 if label == 'thumbnail' else h * sw // w}.jpg",
                         "width": sw, "height": 150 if label == "thumbnail" else h * sw // w,
                         "mime-type": "image/jpeg", "filesize": self.r.randint(4000, 400000)}
                 for label, sw in (("thumbnail", 150), ("medium", 300), ("medium_large", 768),
                                   ("large", 1024), ("1536x1536", 1536)) if sw < w}
        exif = {"aperture": "2.8", "credit": "", "camera": "ILCE-7M3", "caption": "",
                "created_timestamp": "1560000000", "copyright": "© Ünïcode Photographer",
                "focal_length": "35", "iso": "200", "shutter_speed": "0.004", "title": "",
                "orientation": "1", "keywords": []}
        return {"width": w, "height": h, "file": fname, "filesize": self.r.randint(10**5, 10**7),
                "sizes": sizes, "image_meta": exif}

    # -------------------------------------------------------------- posts

    def post_status(self) -> str:
        x = self.r.random()
        for status, edge in (("publish", 0.80), ("draft", 0.87), ("private", 0.90),
                             ("pending", 0.92), ("future", 0.95)):
            if x < edge:
                return status
        return "trash"

    def post_group(self, t: int) -> Iterator[str]:
        """A post, then the images uploaded to it (ids after the post's: forward references)."""
        r = self.r
        pid = self.new_id()
        n_att = min(10, int(r.paretovariate(1.2))) if r.random() < 0.25 else 0
        atts = self.uploads(t + 60, pid, n_att)
        media = [m for m in self.library[-n_att:] if m[0] > pid] if n_att else []
        status = self.post_status()
        if status == "future":
            t = END + r.randint(1, 90) * 86400
        block = (t >= BLOCK_ERA and r.random() < 0.85) or r.random() < 0.03
        item = Item(pid, self.text.title(), "post", status, t, self.author(),
                    self.body.build(block, media, self.reusable),
                    self.text.para(1, 2) if r.random() < 0.2 else "",
                    terms=self.post_terms(len(media)), meta=self.post_meta(pid, t, media),
                    sticky=r.random() < 0.005, open=r.random() < 0.9,
                    password="hunter2" if status == "publish" and r.random() < 0.01 else "")
        self.place(item, f"{SITE}/{time.strftime('%Y/%m', time.gmtime(t))}/{{}}/", f"?p={pid}")
        if status in ("publish", "private", "trash") and r.random() < 0.55:
            item.comments = self.comments(t, min(60, int(r.paretovariate(1.1))))
        yield self.emit(item)
        yield from (self.emit(a) for a in atts)

    def place(self, it: Item, pattern: str, query: str) -> None:
        """Slug, link and guid: drafts have no slug yet, trashed posts get '__trashed'."""
        if it.status not in DRAFTS or self.r.random() < 0.2:
            it.slug = self.unique(it.ptype, slug_of(it.title))
        if it.status == "trash":
            it.meta += [("_wp_trash_meta_status", "publish"), ("_wp_trash_meta_time", str(it.t)),
                        ("_wp_desired_post_slug", it.slug)]
            it.slug += "__trashed"
        public = it.status == "publish" and it.slug
        it.link = pattern.format(it.slug) if public else f"{SITE}/{query}"
        it.guid = f"{SITE}/{query}"

    def post_terms(self, n_media: int) -> list[tuple[str, str, str]]:
        r, s = self.r, self.site
        terms = [("category", c[1], c[3]) for c in r.sample(s.cats, r.choice((1, 1, 1, 2, 3)))]
        tags = r.sample(s.tags, r.choice((0, 0, 1, 2, 3, 5, 9)))
        terms += [("post_tag", g[1], g[2]) for g in tags]
        if n_media > 2 and r.random() < 0.4:
            terms.append(("post_format", s.formats[0][1], s.formats[0][2]))
        return terms

    def post_meta(self, pid: int, t: int, media: list[Media]) -> list[tuple[str, str]]:
        r = self.r
        meta = [("_edit_last", str(r.randint(1, len(self.site.authors)))),
                ("_edit_lock", f"{t + 7200}:1")]
        if media:
            meta.append(("_thumbnail_id", str(media[0][0])))  # forward: the upload follows
        elif self.library and r.random() < 0.3:
            meta.append(("_thumbnail_id", str(r.choice(self.library)[0])))  # an earlier upload
        if r.random() < 0.4:
            meta.append(("_yoast_wpseo_metadesc", r.choice(self.text.sentences)))
        if r.random() < 0.15:
            meta.append(("_wp_old_slug", slug_of(self.text.title())))
        if r.random() < 0.2:
            opts = {"layout": r.choice(("wide", "boxed")), "toc": r.random() < 0.5,
                    "related": [r.randint(1, pid) for _ in range(3)], "rating": 4.5,
                    "label": r.choice(ACCENTED + CJK + EMOJI), "extra": None}
            meta.append(("_theme_post_options", php(opts)))
        if r.random() < 0.05:
            size = r.randint(10**6, 10**8)
            meta.append(("enclosure", f"https://media.example.org/ep{pid}.mp3\n{size}\naudio/mpeg\n"))
        return meta

    # -------------------------------------------------------------- pages, custom types

    def page_group(self, t: int) -> Iterator[str]:
        """A page under an earlier page, or (rarely) under the page that follows it."""
        r = self.r
        pid = self.new_id()
        parent, forward = 0, r.random() < 0.1
        if forward:
            parent = self.new_id()
        elif self.pages and r.random() < 0.3:
            parent = r.choice(self.pages)[0]
        yield from self.page(pid, parent, t)
        if forward:
            yield from self.page(parent, 0, t + 10)

    def page(self, pid: int, parent: int, t: int) -> Iterator[str]:
        r = self.r
        status = "publish" if r.random() < 0.85 else r.choice(("draft", "private", "trash"))
        item = Item(pid, self.text.title(), "page", status, t, "admin",
                    self.body.build(t >= BLOCK_ERA, [], self.reusable), parent=parent,
                    order=r.randint(0, 8), open=r.random() < 0.3,
                    meta=[("_edit_last", "1"), ("_wp_page_template",
                                                r.choice(("default", "templates/wide.php")))])
        self.place(item, f"{SITE}/{{}}/", f"?page_id={pid}")
        if status == "publish":
            item.comments = self.comments(t, min(6, int(r.paretovariate(2)) - 1))
        yield self.emit(item)
        if status == "publish":
            if len(self.pages) >= 50:
                del self.pages[:25]
            self.pages.append((pid, item.slug))
            if r.random() < 0.6:
                yield self.emit(self.menu_item(t + 5, len(self.pages), "", pid))

    def recipe(self, t: int) -> Item:
        """The custom post type 'recipe', with its own taxonomy 'cuisine'."""
        r = self.r
        rid = self.new_id()
        _, slug, name = r.choice(self.site.cuisines)
        ingredients = [{"name": r.choice(ACCENTED + WORDS), "qty": r.randint(1, 500), "unit": "g"}
                       for _ in range(r.randint(2, 6))]
        item = Item(rid, self.text.title(), "recipe", "publish" if r.random() < 0.9 else "draft",
                    t, self.author(), self.body.build(t >= BLOCK_ERA, [], self.reusable),
                    self.text.para(1, 1), terms=[("cuisine", slug, name)], open=False,
                    meta=[("recipe_ingredients", php(ingredients)),
                          ("recipe_minutes", str(r.randint(5, 180)))])
        self.place(item, f"{SITE}/recipe/{{}}/", f"?post_type=recipe&p={rid}")
        return item

    # -------------------------------------------------------------- comments

    def comments(self, t: int, n: int) -> str:
        """Comments threaded by comment_parent, with pingbacks, trackbacks, spam, meta."""
        out: list[str] = []
        ids: list[int] = []
        for _ in range(max(n, 0)):
            self.last_comment += 1
            t += self.r.randint(60, 86400 * 30)
            out.append(self.comment(self.last_comment, t, ids))
            ids.append(self.last_comment)
        return "".join(out)

    def comment(self, cid: int, t: int, ids: list[int]) -> str:
        r = self.r
        x = r.random()
        kind = "pingback" if x < 0.05 else "trackback" if x < 0.08 else r.choice(("comment", ""))
        approved = r.choices(("1", "0", "spam", "trash"), (80, 10, 9, 1))[0]
        parent = r.choice(ids) if ids and kind in ("comment", "") and r.random() < 0.35 else 0
        user = 0
        if kind in ("pingback", "trackback"):
            host = f"{r.choice(WORDS)}.example.com"
            author, email, url = f"{self.text.title()} | {host}", "", f"https://{host}/{cid}/"
            content = f"[&#8230;] {r.choice(self.text.sentences)} [&#8230;]"
        else:
            user = r.randint(1, len(self.site.authors)) if r.random() < 0.1 else 0
            author = self.site.authors[user - 1][0] if user else self.text.title()[:30]
            email = f"{slug_of(author)[:20]}@example.net"
            url = f"https://{r.choice(WORDS)}.example.net/" if r.random() < 0.3 else ""
            content = "\n\n".join(self.text.para(1, 4) for _ in range(r.randint(1, 3)))
        meta = ""
        if r.random() < 0.4:
            spam = str(approved == "spam").lower()
            hist = php({"time": t + 0.25, "event": "check-spam" if spam == "true" else "check-ham",
                        "user": "", "meta": {"response": spam}})
            meta = "".join(f"\t\t\t<wp:commentmeta>\n\t\t\t\t<wp:meta_key>{cdata(k)}"
                           f"</wp:meta_key>\n\t\t\t\t<wp:meta_value>{cdata(v)}</wp:meta_value>\n"
                           "\t\t\t</wp:commentmeta>\n"
                           for k, v in (("akismet_result", spam), ("akismet_history", hist)))
        ip = f"{r.randint(1, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
        return (f"\t\t<wp:comment>\n\t\t\t<wp:comment_id>{cid}</wp:comment_id>\n"
                f"\t\t\t<wp:comment_author>{cdata(author)}</wp:comment_author>\n"
                f"\t\t\t<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>\n"
                f"\t\t\t<wp:comment_author_url>{esc(url)}</wp:comment_author_url>\n"
                f"\t\t\t<wp:comment_author_IP>{cdata(ip)}</wp:comment_author_IP>\n"
                f"\t\t\t<wp:comment_date>{cdata(mysql_date(t + TZ))}</wp:comment_date>\n"
                f"\t\t\t<wp:comment_date_gmt>{cdata(mysql_date(t))}</wp:comment_date_gmt>\n"
                f"\t\t\t<wp:comment_content>{cdata(content)}</wp:comment_content>\n"
                f"\t\t\t<wp:comment_approved>{cdata(approved)}</wp:comment_approved>\n"
                f"\t\t\t<wp:comment_type>{cdata(kind)}</wp:comment_type>\n"
                f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
                f"\t\t\t<wp:comment_user_id>{user}</wp:comment_user_id>\n{meta}\t\t</wp:comment>\n")


# ----------------------------------------------------------------------------- main


def generate(out: BinaryIO, seed: int, posts: int | None, limit: int | None) -> tuple[int, Export]:
    """Write one export; stop after ``posts`` posts, or once ``limit`` bytes are written."""
    exp = Export(seed, posts or max(20, (limit or 0) // BYTES_PER_POST))
    n = out.write(exp.site.header().encode())
    for item in exp.items(posts):
        n += out.write(item.encode())
        if limit is not None and n >= limit:
            break
    n += out.write(FOOTER.encode())
    return n, exp


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    how = ap.add_mutually_exclusive_group()
    how.add_argument("--size", help="stop once the file reaches this size: 500K, 10M, 1G")
    how.add_argument("--posts", type=int, help="number of posts (pages, uploads etc. follow)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("-o", "--output", default="-", help="output file, '-' for stdout")
    ap.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    a = ap.parse_args(argv)
    limit = parse_size(a.size) if a.size else None
    posts = a.posts if a.posts is not None or limit else 200
    if a.output == "-":
        n, exp = generate(sys.stdout.buffer, a.seed, posts, limit)
    else:
        with open(a.output, "wb", buffering=1 << 20) as out:
            n, exp = generate(out, a.seed, posts, limit)
    if not a.quiet:
        kinds = ", ".join(f"{v} {k}" for k, v in sorted(exp.counts.items()))
        print(f"{a.output}: {n} bytes, {kinds}, {exp.last_comment} comments", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
