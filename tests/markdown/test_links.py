"""Internal links rewritten to the new paths; redirect maps from the old URLs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.writers.markdown import links
from migrate.writers.markdown.links import (
    Resolver,
    clean_path,
    encoded,
    path_digest,
    rewrite,
    site_hosts,
)
from tests.conftest import FIXTURES

from .helpers import Convert, front_matter

LINKS = FIXTURES / "wxr" / "internal-links.xml"


def _resolver() -> Resolver:
    by_path = {path_digest("/2024/01/05/second-post/"): 11, path_digest("/about/"): 20}
    return Resolver(site_hosts(["http://links.example.com"]), by_path, lambda i: i in (11, 20))


@pytest.mark.parametrize(("url", "found"), [
    ("http://links.example.com/2024/01/05/second-post/", (11, "")),
    ("https://www.links.example.com/2024/01/05/second-post#top", (11, "#top")),
    ("//links.example.com/2024/01/05/second-post/", (11, "")),
    ("/2024/01/05/SECOND-POST/", (11, "")),
    ("/2024/01/05/x/../second-post/", (11, "")),
    ("http://links.example.com/?p=11", (11, "")),
    ("http://links.example.com/?page_id=20", (20, "")),
    ("http://links.example.com/?p=99", None),  # not written
    ("http://links.example.com/?p=11&replytocom=2", None),
    ("http://other.example.org/2024/01/05/second-post/", None),
    ("http://links.example.com/", None),
    ("mailto:someone@links.example.com", None),
    ("http://[::1/2024/01/05/second-post/", None),  # unparseable: not a link to anything
])
def test_resolve(url: str, found: tuple[int, str] | None) -> None:
    assert _resolver().resolve(url) == found


def test_rewrite_touches_link_targets_only() -> None:
    text = ('[a](http://links.example.com/about/) and <http://links.example.com/about/> '
            'and <a href="/about/">x</a></p> and prose http://links.example.com/about/')
    out = rewrite(text, _resolver(), lambda i: f"/new/{i}/")
    assert out == ('[a](/new/20/) and </new/20/> and <a href="/new/20/">x</a></p> and prose '
                   "http://links.example.com/about/")


_TOKENS = [*'[]()<>"\'/:?=#p .x9', "href=", "http://", "links.example.com", "about", "?p=11"]


@given(st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_rewrite_never_fails(text: str) -> None:
    out = rewrite(text, _resolver(), lambda i: "/n/")
    assert isinstance(out, str)


def test_paths_and_encoding() -> None:
    assert clean_path("/a/../../etc/passwd") == "/etc/passwd"
    assert clean_path("/a/b/") == "/a/b/"
    assert encoded('/a b/"$x;') == "/a%20b/%22%24x%3B"
    assert encoded("/?p=12") == "/?p=12"


@pytest.mark.parametrize(("preset", "start", "to_second", "to_team"), [
    ("plain", "posts/start-here.md", "/posts/second-post/", "/pages/about/team/"),
    ("hugo", "content/posts/start-here/index.md", "/posts/second-post/", "/pages/about/team/"),
    ("eleventy", "posts/start-here.md", "/posts/second-post/", "/pages/about/team/"),
    ("jekyll", "_posts/2024-01-04-start-here.md", "{% post_url 2024-01-05-second-post %}",
     "{% link about/team.md %}"),
])
def test_links_in_a_post(md: Convert, preset: str, start: str, to_second: str,
                         to_team: str) -> None:
    _, body = front_matter(md(LINKS, preset=preset) / start)
    assert f"[the second post]({to_second})" in body
    assert f"[its comments]({to_second}#comments)" in body
    assert f"[our team]({to_team})" in body
    assert f"[the same post by id]({to_second})" in body
    assert "[the chart](http://links.example.com/wp-content/uploads/2024/01/chart.png)" in body
    assert "[another site](http://other.example.org/2024/01/05/second-post/)" in body
    assert "[a draft](http://links.example.com/?p=12)" in body  # not public: left alone


def test_jekyll_liquid_text_turns_link_tags_off(md: Convert) -> None:
    fm, body = front_matter(md(LINKS, preset="jekyll") / "_posts" / "2024-01-05-second-post.md")
    assert fm["render_with_liquid"] is False
    assert "[the start](/2024/01/04/start-here/)" in body


def test_redirect_maps(md: Convert) -> None:
    out = md(LINKS, preset="hugo", redirects=True)
    netlify = (out / "static" / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/2024/01/04/start-here/  /posts/start-here/  301" in netlify
    assert "/about/team/  /pages/about/team/  301" in netlify
    assert not any("a-draft" in line for line in netlify)
    nginx = (out / "redirects.nginx.conf").read_text(encoding="utf-8")
    assert '    "/?p=11" "/posts/second-post/";\n' in nginx
    assert '    "/?page_id=20" "/pages/about/";\n' in nginx
    assert "?p=12" not in nginx
    assert nginx.rstrip().endswith("}")
    assert not (md(LINKS, preset="hugo") / "static").exists()  # only with --redirects


# The single alternation links.py used before it scanned each kind of target on its
# own: the scans must find exactly what it found.
_ONE_PASS = re.compile(
    rf"""(?P<lead>\]\(\s*<?|\bhref\s*=\s*["']?)(?P<url>{links._URL})"""
    r"""|(?P<auto><)(?P<abs>https?://[^\s<>]+)(?=>)""",
    re.IGNORECASE,
)
_PIECES = ["](", "]( <", "href=", "HREF = '", 'xhref="', "_href=", "é href=", "<http://a.b/c>",
           "<HTTPS://x.y/>", "/p/", "http://h.example/a", "//h.example/b", "?p=12", "?page_id=3",
           "(", ")", "]", "[", "<", ">", " ", "\n", '"', "'", "a", "/", "#f", "?q=1"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_the_scans_find_what_one_alternation_found(text: str) -> None:
    found = [(m.start(), m.end(), m.group(1), m.group(2)) for m in links._targets(text)]
    expected = []
    for m in _ONE_PASS.finditer(text):
        lead = m.group("lead") if m.group("lead") is not None else m.group("auto")
        url = m.group("url") if m.group("lead") is not None else m.group("abs")
        expected.append((m.start(), m.end(), lead, url))
    assert found == expected
