"""Settings for building the site to read locally and offline, straight from output/.

Every link is relative and every page is a file whose name ends in .html, so the folder
works from file:// and from any sub-path of a web server alike.
"""

# The value rules live with the plugin that checks sources (newsroom/plugins/source_checks).
from newsroom.plugins.source_checks import rules

AUTHOR = "Newsroom"
SITENAME = "Newsroom"
SITESUBTITLE = "Wire stories, cleaned of scraping debris and kept whole"
# With RELATIVE_URLS each page gets its own relative SITEURL (".", ".." ...).
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
# Nothing is copied as it is: photos in content/images/ are published only as the stripped,
# resized copies newsroom.plugins.photos makes (a camera's file carries its GPS position).
STATIC_PATHS: list[str] = []
OUTPUT_PATH = "output"
# Hidden files and folders are never sources: editors' backups, and the copies `make import
# FORCE=1` keeps of the articles it replaced (content/articles/.replaced/).
IGNORE_FILES = [".*"]
# A plain `pelican` run starts from an empty output/, so a removed article leaves nothing stale
# behind; `make html` (newsroom.build) builds into a fresh folder and swaps it in whole.
DELETE_OUTPUT_DIRECTORY = True

THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
# Dates read "24 November 2022" on every machine: month names come from the C locale (English),
# never from the builder's own locale (a French machine would write "24 novembre 2022").
# C.UTF-8 keeps Python's text encoding UTF-8; plain C is the last resort where it is missing.
LOCALE = ("C.UTF-8", "C.utf8", "en_US.UTF-8", "C")
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_PAGINATION = 10

# Every URL names a file: opening a folder does not work from file://.
ARTICLE_URL = "articles/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_URL
ARTICLE_LANG_URL = "articles/{slug}-{lang}.html"
ARTICLE_LANG_SAVE_AS = ARTICLE_LANG_URL
# Drafts (Status: draft) are never written, here or in the published site: an empty save_as
# is Pelican's way of not writing a page, and an empty URL links nothing to it.
DRAFT_URL = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_URL = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_URL = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
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
# One page a month, linked from the archives page by year and month: a single page listing every
# article grows without end (about 250 kB at 1,000 articles). No year or day pages.
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_URL = "archives/{date:%Y}-{date:%m}.html"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL
DAY_ARCHIVE_SAVE_AS = ""
# Page 2 of tag/covid.html is tag/covid.page2.html: a slug never holds a dot, so no page of one
# list can take the name of another list ("Covid" page 2 and tag "Covid2"; "Author 1" page 2
# and "Author 12"). Templates take page links from Pelican's paginator, never build them.
PAGINATION_PATTERNS = (
    (1, "{name}{extension}", "{name}{extension}"),
    (2, "{name}.page{number}{extension}", "{name}.page{number}{extension}"),
)

# Feeds: none in this offline build. A feed reader subscribes to an address and polls it; a
# folder read from file:// has none, so entries would get ids without an authority
# (tag:None,...) and links a reader cannot resolve. publishconf.py turns the feeds on, with
# the site's absolute address. Pelican's defaults would write some, so each is off here.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
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

# Every slug Pelican derives (titles, tags, sections, authors) follows the slug rule: lower-case
# a-z and digits joined by single hyphens, at most 200 characters (no "_", which Pelican keeps).
SLUG_REGEX_SUBSTITUTIONS = rules.SLUG_REGEX_SUBSTITUTIONS
TAG_REGEX_SUBSTITUTIONS = CATEGORY_REGEX_SUBSTITUTIONS = AUTHOR_REGEX_SUBSTITUTIONS = (
    SLUG_REGEX_SUBSTITUTIONS
)

# Markdown is the one source format: the other readers are off, and source_checks names any
# file in another format (an .rst or .html in content/) instead of leaving it out silently.
READERS = {"rst": None, "html": None, "htm": None, "markdown": None, "mkd": None, "mdown": None}

MARKDOWN = {
    "extension_configs": {
        # extra: tables, footnotes, attr_list (marks captions and the credit line) and md_in_html.
        # No smarty: the text is shown exactly as written, quotes and dashes included.
        "markdown.extensions.extra": {},
    },
    "output_format": "html5",
}

# Our plugins are the packages of newsroom/plugins, loaded by module path. Their order does not
# matter: clean_markup cleans each article as it is read, reading_time counts words when a page
# is rendered, offline_search indexes the cleaned text and adds search.html, neighbours gives
# each article its newer and older story, related its three related stories, and corrections
# each article its corrections and the site its corrections page, photos publishes the photos
# of content/images/ stripped and resized.
PLUGINS = [
    "newsroom.plugins.source_checks",
    "newsroom.plugins.normalise_metadata",
    "newsroom.plugins.clean_markup",
    "newsroom.plugins.reading_time",
    "newsroom.plugins.offline_search",
    "newsroom.plugins.neighbours",
    "newsroom.plugins.related",
    "newsroom.plugins.corrections",
    "newsroom.plugins.photos",
]

# Nothing in the output may depend on when it was built.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# The theme's 404 page, written to output/404.html (GitHub Pages serves it for any missing path).
# corrections.html: every correction of the site (newsroom.plugins.corrections).
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404", "corrections"]
