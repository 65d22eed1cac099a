"""What a hosted build needs beyond the pages: sitemap.xml, robots.txt, CNAME, feed ids.

Listed in publishconf.py only: these files name the site's absolute address, which the
offline build in output/ does not have.

- sitemap.xml comes from the pelican-plugins sitemap plugin (pelican-sitemap), with two
  changes. It shortens ".../index.html" to ".../", a folder URL, where every URL of this
  site names a file. And pages without a date (the front page, tags, archives) get the
  time of the build as <lastmod>, so two builds of the same sources differ; they get the
  newest date in the site instead, which is when those lists last changed.
- robots.txt names the sitemap. Crawlers read it only at the root of a host, so it
  matters with a custom domain; on a project page it is harmless.
- CNAME holds the custom domain (setting PAGES_HOSTING_CNAME), for GitHub Pages published
  from a branch.
- Feeds: Pelican gives every Atom feed the same <id> (the site's address), and RSS items
  a tag: URI as <guid> without isPermaLink="false", which tells readers it is a URL.

Settings (defaults here): PAGES_HOSTING_SITEURL, the site's absolute address, and
PAGES_HOSTING_CNAME, the custom domain or "". publishconf.py sets them from the environment;
both are checked again here (address.py), since `pelican -e` can set them too, and the
address is XML-escaped in the sitemap, which pelican-sitemap writes as it is.
"""

from __future__ import annotations

import html
import logging
import os
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from pelican import Pelican, signals
from pelican.plugins.sitemap.sitemap import SitemapGenerator

from .address import parse_cname, parse_siteurl

logger = logging.getLogger(__name__)

FOLDER_LOC = re.compile(r"(<loc>[^<]*/)(</loc>)")
DEFAULTS = {"PAGES_HOSTING_SITEURL": "", "PAGES_HOSTING_CNAME": ""}


class _XmlAddress:
    """The build as pelican-sitemap sees it, with the site's address escaped for XML."""

    def __init__(self, pelican: Pelican) -> None:
        self.output_path = pelican.output_path
        self.settings = {**pelican.settings, "SITEURL": escape(site_address(pelican.settings))}


class FileSitemap(SitemapGenerator):
    """pelican-sitemap whose URLs all name files and whose bytes do not depend on the clock."""

    def _write_out(self, pelican: Pelican) -> None:
        config = pelican.settings.get("SITEMAP", {})
        if config.get("format", "xml") != "xml":
            logger.error("pages_hosting: only the xml sitemap format is supported")
            return
        dates = [
            getattr(obj, "modified", None) or getattr(obj, "date", None)
            for _path, obj in self.page_queue
        ]
        dates = [date for date in dates if isinstance(date, datetime)]
        if dates:
            self.now = max(dates)
        super()._write_out(_XmlAddress(pelican))
        path = os.path.join(pelican.output_path, "sitemap.xml")
        with open(path, encoding="utf-8") as file:
            xml = file.read()
        # Only index.html is shortened to a folder, so every <loc> ending in "/" was one.
        with open(path, "w", encoding="utf-8") as file:
            file.write(FOLDER_LOC.sub(r"\1index.html\2", xml))


def site_address(settings: dict[str, Any]) -> str:
    siteurl = settings.get("PAGES_HOSTING_SITEURL") or settings.get("SITEURL") or ""
    if not urlsplit(siteurl).scheme:
        raise ValueError(f"pages_hosting needs an absolute SITEURL, not {siteurl!r}")
    return siteurl.rstrip("/")


def check_settings(pelican: Pelican) -> None:
    """Defaults, then the address and custom domain parsed as publishconf.py parses them."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)
    siteurl = parse_siteurl(site_address(pelican.settings))
    parse_cname(pelican.settings["PAGES_HOSTING_CNAME"], siteurl)
    feed_domain = pelican.settings.get("FEED_DOMAIN") or ""
    if urlsplit(feed_domain).scheme:
        parse_siteurl(feed_domain)


def write_robots_and_cname(pelican: Pelican) -> None:
    siteurl = site_address(pelican.settings)
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/sitemap.xml\n"
    with open(os.path.join(pelican.output_path, "robots.txt"), "w", encoding="utf-8") as file:
        file.write(robots)
    cname = pelican.settings.get("PAGES_HOSTING_CNAME") or ""
    if cname:
        with open(os.path.join(pelican.output_path, "CNAME"), "w", encoding="utf-8") as file:
            file.write(cname + "\n")


def fix_feed_identifiers(context: dict[str, Any], feed: SyndicationFeed) -> None:
    """Each Atom feed is identified by its own URL; RSS guids are not permalinks; an RSS title
    that holds a `<` is escaped once more.

    RSS says a title is plain text, but readers that find a tag in one render it as HTML
    (feedparser does): a title that reads `<video><source onerror=…>` would run there. Escaped,
    such readers show the characters; the rare reader that keeps titles as text shows `&lt;`.
    Atom titles say they are text (type="text") and need nothing."""
    feed_url = feed.feed.get("feed_url") or ""
    if not urlsplit(feed_url).scheme:
        return  # a relative feed (the offline build) has no stable identity to give
    if feed.feed["link"].endswith("/"):
        feed.feed["link"] += "index.html"
    if isinstance(feed, Atom1Feed):
        feed.feed["id"] = feed_url
    if isinstance(feed, Rss201rev2Feed):
        for item in feed.items:
            item["unique_id_is_permalink"] = False
            if "<" in item["title"]:
                item["title"] = html.escape(item["title"], quote=False)


sitemap = FileSitemap()


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(sitemap.init)
    signals.content_written.connect(sitemap.queue_page)
    signals.finalized.connect(sitemap.finalize)
    signals.finalized.connect(write_robots_and_cname)
    signals.feed_generated.connect(fix_feed_identifiers)
