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
- CNAME holds the custom domain (setting CNAME), for GitHub Pages published from a branch.
- Feeds: Pelican gives every Atom feed the same <id> (the site's address), and RSS items
  a tag: URI as <guid> without isPermaLink="false", which tells readers it is a URL.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from pelican import Pelican, signals
from pelican.plugins.sitemap.sitemap import SitemapGenerator

logger = logging.getLogger(__name__)

FOLDER_LOC = re.compile(r"(<loc>[^<]*/)(</loc>)")


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
        super()._write_out(pelican)
        path = os.path.join(pelican.output_path, "sitemap.xml")
        with open(path, encoding="utf-8") as file:
            xml = file.read()
        # Only index.html is shortened to a folder, so every <loc> ending in "/" was one.
        with open(path, "w", encoding="utf-8") as file:
            file.write(FOLDER_LOC.sub(r"\1index.html\2", xml))


def site_address(settings: dict[str, Any]) -> str:
    siteurl = settings.get("CANONICAL_SITEURL") or settings.get("SITEURL") or ""
    if not urlsplit(siteurl).scheme:
        raise ValueError(f"pages_hosting needs an absolute SITEURL, not {siteurl!r}")
    return siteurl.rstrip("/")


def write_robots_and_cname(pelican: Pelican) -> None:
    siteurl = site_address(pelican.settings)
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/sitemap.xml\n"
    with open(os.path.join(pelican.output_path, "robots.txt"), "w", encoding="utf-8") as file:
        file.write(robots)
    cname = (pelican.settings.get("CNAME") or "").strip()
    if cname:
        with open(os.path.join(pelican.output_path, "CNAME"), "w", encoding="utf-8") as file:
            file.write(cname + "\n")


def fix_feed_identifiers(context: dict[str, Any], feed: SyndicationFeed) -> None:
    """Each Atom feed is identified by its own URL; RSS guids are not permalinks."""
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


sitemap = FileSitemap()


def register() -> None:
    signals.get_generators.connect(sitemap.init)
    signals.content_written.connect(sitemap.queue_page)
    signals.finalized.connect(sitemap.finalize)
    signals.finalized.connect(write_robots_and_cname)
    signals.feed_generated.connect(fix_feed_identifiers)
