"""A real client: Hugo (Debian's ``hugo``) builds the ``--preset hugo`` output.

Each fixture's output goes into a minimal site (``hugo.toml`` and two one-line
layouts: Hugo renders nothing without a theme). The build must report no error
and no warning, render one page per written item, and show the seed post with its
link, its emphasis and its twelve paragraphs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SEED

from .helpers import Convert

HUGO = shutil.which("hugo")
pytestmark = pytest.mark.skipif(HUGO is None, reason="hugo is not installed (.ci/run installs "
                                                      "Debian's hugo)")

CONFIG = """baseURL = "http://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""
# Each rendered item says which WordPress item it is, so pages can be counted.
LAYOUT = ('<!doctype html><title>{{ .Title }}</title>'
          '<article data-wordpress-id="{{ .Params.wordpress_id }}">{{ .Content }}</article>\n')
FIXTURE_FILES = {
    "deepening-your-love": SEED,
    "kitchen-sink": FIXTURES / "wxr" / "kitchen-sink.xml",
    "nested-pages": FIXTURES / "wxr" / "nested-pages.xml",
    "statuses": FIXTURES / "wxr" / "statuses.xml",
    "hostile-slugs": FIXTURES / "wxr" / "hostile-slugs.xml",
    "internal-links": FIXTURES / "wxr" / "internal-links.xml",
    "utf8": FIXTURES / "wxr" / "utf8.xml",
}
_ID = re.compile(r'data-wordpress-id="(\d+)"')


def build(site: Path) -> subprocess.CompletedProcess[str]:
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name in ("single.html", "list.html"):
        (layouts / name).write_text(LAYOUT, encoding="utf-8")
    assert HUGO is not None
    # Drafts and future posts are built too: every written item must render.
    return subprocess.run([HUGO, "--buildDrafts", "--buildFuture", "--source", str(site)],
                          capture_output=True, text=True, timeout=120, check=False)


def rendered_ids(public: Path) -> list[int]:
    return sorted(int(m.group(1)) for page in public.rglob("*.html")
                  for m in _ID.finditer(page.read_text(encoding="utf-8")))


def written_ids(site: Path) -> list[int]:
    ids = []
    for md in (site / "content").rglob("*.md"):
        head = md.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        ids += [int(m) for m in re.findall(r"^wordpress_id: (\d+)$", head, re.MULTILINE)]
    return sorted(ids)


@pytest.mark.parametrize("unicode_slugs", [False, True])
@pytest.mark.parametrize("name", sorted(FIXTURE_FILES))
def test_hugo_builds_every_item(name: str, unicode_slugs: bool, md: Convert) -> None:
    site = md(FIXTURE_FILES[name], preset="hugo", redirects=True, unicode_slugs=unicode_slugs)
    result = build(site)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "ERROR" not in log and "WARN" not in log, log
    ids = written_ids(site)
    assert ids, "nothing written"
    assert rendered_ids(site / "public") == ids  # one page per item, none twice


def test_seed_post_page(md: Convert) -> None:
    site = md(SEED, preset="hugo")
    assert build(site).returncode == 0
    slug = "your-loving-relationship-is-giving-you-life-or-the-neurobiology-of-secure-love"
    page = (site / "public" / "posts" / slug / "index.html").read_text(encoding="utf-8")
    article = page.split("<article", 1)[1]
    assert '<a href="http://www.iceeft.com/">Sue Johnson</a>' in article
    assert "<em>IS</em>" in article and "<strong>LOVE</strong>" in article
    assert article.count("<p>") == 12
    assert "<title>YOUR LOVING RELATIONSHIP IS GIVING YOU LIFE! or The Neurobiology of Secure " \
           "Love</title>" in page
    # The old permalink still answers, through a Hugo alias.
    alias = site / "public" / "2010" / "02" / "02" / slug / "index.html"
    assert f"/posts/{slug}/" in alias.read_text(encoding="utf-8")


def test_toml_front_matter_builds(md: Convert) -> None:
    site = md(FIXTURE_FILES["kitchen-sink"], preset="hugo", front_matter="toml",
              meta=["client"])
    result = build(site)
    assert result.returncode == 0, result.stderr
    assert rendered_ids(site / "public") == written_ids_toml(site)


def written_ids_toml(site: Path) -> list[int]:
    return sorted(int(m) for md in (site / "content").rglob("*.md")
                  for m in re.findall(r"^wordpress_id = (\d+)$",
                                      md.read_text(encoding="utf-8"), re.MULTILINE))
