"""Settings for building the site to read locally and offline, straight from output/.

Every link is relative and every page is a file whose name ends in .html, so the folder
works from file:// and from any sub-path of a web server alike.
"""

AUTHOR = "Newsroom"
SITENAME = "Newsroom"
SITESUBTITLE = "Wire stories, cleaned of scraping debris and kept whole"
# With RELATIVE_URLS each page gets its own relative SITEURL; this value is what the
# feeds see. They all live in feeds/, so ".." makes their links resolve from the feed file.
SITEURL = ".."
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS: list[str] = []
OUTPUT_PATH = "output"
# Start each build from an empty output/ so a removed article leaves nothing stale behind.
DELETE_OUTPUT_DIRECTORY = True

THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_PAGINATION = 10

# Every URL names a file: opening a folder does not work from file://.
ARTICLE_URL = "articles/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_URL
ARTICLE_LANG_URL = "articles/{slug}-{lang}.html"
ARTICLE_LANG_SAVE_AS = ARTICLE_LANG_URL
DRAFT_URL = "drafts/{slug}.html"
DRAFT_SAVE_AS = DRAFT_URL
PAGE_URL = "pages/{slug}.html"
PAGE_SAVE_AS = PAGE_URL
PAGE_LANG_URL = "pages/{slug}-{lang}.html"
PAGE_LANG_SAVE_AS = PAGE_LANG_URL
CATEGORY_URL = "category/{slug}.html"
CATEGORY_SAVE_AS = CATEGORY_URL
TAG_URL = "tag/{slug}.html"
TAG_SAVE_AS = TAG_URL
AUTHOR_URL = "author/{slug}.html"
AUTHOR_SAVE_AS = AUTHOR_URL
ARCHIVES_SAVE_AS = "archives.html"
TAGS_SAVE_AS = "tags.html"
CATEGORIES_SAVE_AS = "categories.html"
AUTHORS_SAVE_AS = "authors.html"
INDEX_SAVE_AS = "index.html"
# Date archives would add pages nobody links to; the archives page lists every article.
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
PAGINATION_PATTERNS = (
    (1, "{name}{extension}", "{name}{extension}"),
    (2, "{name}{number}{extension}", "{name}{number}{extension}"),
)

# Feeds: every article, and one per tag, in Atom and RSS, all in feeds/ (see SITEURL).
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
TAG_FEED_ATOM = "feeds/tag-{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag-{slug}.rss.xml"
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
RSS_FEED_SUMMARY_ONLY = True
# The newest 20 articles in each feed, as news feeds do (Pelican's default is 100): readers poll
# often, and 102 feeds of up to 100 full articles took 11% of a profiled 1,000-article build.
FEED_MAX_ITEMS = 20

MARKDOWN = {
    "extension_configs": {
        # extra: tables, footnotes, attr_list (marks captions and the credit line) and md_in_html.
        # No smarty: the text is shown exactly as written, quotes and dashes included.
        "markdown.extensions.extra": {},
    },
    "output_format": "html5",
}

# Plugins live in plugins/, one package each.
PLUGIN_PATHS = ["plugins"]
# reading_time counts the words after clean_markup has removed the fragments; offline_search
# indexes the cleaned text and adds search.html (see plugins/offline_search).
PLUGINS = ["source_checks", "clean_markup", "reading_time", "render_memo", "offline_search"]

# Nothing in the output may depend on when it was built.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
# When the content cache is on (CACHE_CONTENT and LOAD_CONTENT_CACHE, as in the benchmark's warm
# rebuilds), keep it uncompressed: gzip took 0.25 s of each 1,000-article rebuild to save 5 MB.
GZIP_CACHE = False
CANONICAL_SITEURL = ""  # set by publishconf.py; empty means no canonical URLs

# The theme's 404 page, written to output/404.html (GitHub Pages serves it for any missing path).
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]

# clean_markup: make its remaining warnings fail the build (CI turns it on, see Makefile).
CLEAN_MARKUP_FATAL_WARNINGS = False
