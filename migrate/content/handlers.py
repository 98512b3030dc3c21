"""What each known shortcode expands to (HTML, converted to Markdown afterwards).

- ``[caption]``/``[wp_caption]``: ``<figure>`` with the (linked) image and a
  ``<figcaption>`` (from the ``caption`` attribute or the text after the image).
- ``[gallery ids=...]``/``include=``: a ``<figure>`` per attachment resolved through
  ``ctx.attachments`` (alt and caption from ``ctx.attachment_meta``); ids that do not
  resolve are skipped and recorded. Without ids it is kept verbatim.
- ``[audio]``/``[video]``/``[playlist ids=...]``: HTML5 ``<audio controls>`` and
  ``<video controls>`` elements (extra formats become ``<source>`` children).
- ``[embed]URL[/embed]``, ``[youtube ...]``, ``[vimeo ...]``: a link to the URL.
Expanded HTML is parked in the vault (WordPress does not run wpautop over
shortcode output).
"""

from __future__ import annotations

import html
import re

from .context import Expansion
from .shortcodes import Shortcode, Spec, expand

_AUDIO_KEYS = ("src", "mp3", "m4a", "ogg", "oga", "wav", "wma", "flac")
_VIDEO_KEYS = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov")
_IMAGE_FIRST = re.compile(
    r"\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)", re.IGNORECASE | re.DOTALL
)


def attr(value: str) -> str:
    """A shortcode attribute value (HTML source text) as a quoted-attribute value."""
    return html.escape(html.unescape(value.strip()), quote=True)


def caption(sc: Shortcode, st: Expansion) -> str | None:
    content = sc.content or ""
    m = _IMAGE_FIRST.match(content)
    if m is None:
        return expand(content, SPECS, st) if content else None
    text = sc.attrs.get("caption", m.group(2)).strip()
    text = expand(text, SPECS, st)
    figcaption = f"<figcaption>{text}</figcaption>" if text else ""
    figure = f'<figure class="wp-caption">{m.group(1).strip()}{figcaption}</figure>'
    return st.vault.keep(figure, block=True)


def _ids(value: str) -> list[int]:
    return [int(x) for x in re.findall(r"\d+", value)]


def _gallery_item(att_id: int, url: str, st: Expansion, link: str) -> str:
    alt, cap = st.ctx.attachment_meta.get(att_id, ("", ""))
    img = f'<img src="{attr(url)}" alt="{attr(alt)}" class="wp-image-{att_id}">'
    if link == "file":
        img = f'<a href="{attr(url)}">{img}</a>'
    figcaption = f"<figcaption>{cap.strip()}</figcaption>" if cap.strip() else ""
    return f'<figure class="gallery-item">{img}{figcaption}</figure>'


def _attachments(sc: Shortcode, st: Expansion) -> list[tuple[int, str]] | None:
    """The (id, URL) of each attachment a gallery or playlist names, in order; ids the
    export does not hold are recorded as missing. None when it names no ids."""
    ids = _ids(sc.attrs.get("ids") or sc.attrs.get("include") or "")
    if not ids:
        return None
    found = []
    for att_id in ids:
        url = st.ctx.attachments.get(att_id)
        if url is None:
            st.missing.append(att_id)
        else:
            found.append((att_id, url))
    return found


def gallery(sc: Shortcode, st: Expansion) -> str | None:
    found = _attachments(sc, st)
    if found is None:
        return None
    items = [_gallery_item(att_id, url, st, sc.attrs.get("link", "")) for att_id, url in found]
    if not items:
        return ""
    return st.vault.keep(f'<figure class="gallery">{"".join(items)}</figure>', block=True)


def _sources(sc: Shortcode, keys: tuple[str, ...]) -> list[str]:
    found = [sc.attrs[k] for k in keys if sc.attrs.get(k, "").strip()]
    found += [v for v in sc.positional if re.match(r"https?://", v)]
    if sc.attrs.get(""):  # [audio=URL]
        found.append(sc.attrs[""])
    return list(dict.fromkeys(found))


def _media_element(tag: str, sources: list[str], sc: Shortcode, extra: tuple[str, ...]) -> str:
    parts = [f'<{tag} controls src="{attr(sources[0])}"']
    for key in extra:
        value = sc.attrs.get(key, "").strip()
        if value and value not in ("0", "false", "off", "no"):
            parts.append(key if key in ("loop", "autoplay", "muted") else f'{key}="{attr(value)}"')
    inner = "".join(f'<source src="{attr(s)}">' for s in sources[1:])
    return " ".join(parts) + f">{inner}</{tag}>"


def audio(sc: Shortcode, st: Expansion) -> str | None:
    sources = _sources(sc, _AUDIO_KEYS)
    if not sources:
        return None
    element = _media_element("audio", sources, sc, ("loop", "autoplay", "preload"))
    return st.vault.keep(f'<figure class="wp-audio">{element}</figure>', block=True)


def video(sc: Shortcode, st: Expansion) -> str | None:
    sources = _sources(sc, _VIDEO_KEYS)
    if not sources:
        return None
    extra = ("poster", "width", "height", "loop", "autoplay", "muted", "preload")
    element = _media_element("video", sources, sc, extra)
    return st.vault.keep(f'<figure class="wp-video">{element}</figure>', block=True)


def playlist(sc: Shortcode, st: Expansion) -> str | None:
    found = _attachments(sc, st)
    if found is None:
        return None
    tag = "video" if sc.attrs.get("type") == "video" else "audio"
    items = [f'<{tag} controls src="{attr(url)}"></{tag}>' for _, url in found]
    return st.vault.keep(f'<figure class="wp-playlist">{"".join(items)}</figure>', block=True)


def link_to(url: str) -> str:
    """An ``<a>`` whose text is its own URL (what an unresolved embed shows)."""
    url = html.unescape(url.strip())
    return f'<a href="{html.escape(url)}">{html.escape(url, quote=False)}</a>'


def embed(sc: Shortcode, st: Expansion) -> str | None:
    url = (sc.content or sc.attrs.get("url") or sc.attrs.get("") or "").strip()
    if not re.match(r"https?://\S+$", html.unescape(url)):
        return None
    return link_to(url)


def youtube(sc: Shortcode, st: Expansion) -> str | None:
    value = (sc.attrs.get("") or sc.attrs.get("url") or next(iter(sc.positional), "")).strip()
    if re.fullmatch(r"[\w-]{11}", value):
        value = f"https://www.youtube.com/watch?v={value}"
    return link_to(value) if re.match(r"https?://\S+$", value) else None


def vimeo(sc: Shortcode, st: Expansion) -> str | None:
    value = (sc.attrs.get("") or sc.attrs.get("id") or next(iter(sc.positional), "")).strip()
    if value.isdigit():
        value = f"https://vimeo.com/{value}"
    return link_to(value) if re.match(r"https?://\S+$", value) else None


SPECS: dict[str, Spec] = {
    "caption": Spec(caption),
    "wp_caption": Spec(caption),
    "gallery": Spec(gallery, enclosing=False),
    "audio": Spec(audio),
    "video": Spec(video),
    "playlist": Spec(playlist, enclosing=False),
    "embed": Spec(embed),
    "youtube": Spec(youtube, enclosing=False),
    "vimeo": Spec(vimeo, enclosing=False),
}
