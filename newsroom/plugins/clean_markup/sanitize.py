"""What an article's HTML may keep: the sanitiser's policy, and nh3 (ammonia) to apply it.

nh3 removes every element and attribute that is not allowed, and checks the scheme of `href`
and `src` itself. It does not check `cite` (so `<q cite="javascript:...">` would pass) nor
tell an image on another host from our own, so every URL attribute also goes through
`url_problem`, the one rule for URLs; `decode` warns with the same rule before nh3 runs.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS)
# No `id` from an article (it could repeat `id="main"`), except the ones Markdown's footnotes
# give their notes and back-links, whose colon no id of the theme has.
GLOBAL_ATTRIBUTES = {"lang", "dir", "title", "id"}
FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:[\w-]+")
ALLOWED_ATTRIBUTES = {
    "*": GLOBAL_ATTRIBUTES,
    **{tag: set(attributes) for tag, attributes in nh3.ALLOWED_ATTRIBUTES.items()},
    "time": {"datetime"},
    "li": {"value"},
}
# Markdown's tables align a column with `style="text-align: left;"` on its cells. The pages'
# Content-Security-Policy allows no style attribute, so the cleaning writes the alignment as a
# class the theme styles (`align-left`): see `alignment_class`.
ALIGNMENTS = ("left", "center", "right")
ALIGNMENT = re.compile(rf"\s*text-align\s*:\s*({'|'.join(ALIGNMENTS)})\s*;?\s*", re.IGNORECASE)
ALIGNED_CELLS = dict.fromkeys(("td", "th"), {f"align-{side}" for side in ALIGNMENTS})
# The classes the theme styles in an article (README, "Writing an article by hand"): the
# caption of a photo that did not come along, the credit line, the alignment of a table's
# column. Others are dropped.
ALLOWED_CLASSES = {"figure": {"photo-unavailable"}, "p": {"credit"}, **ALIGNED_CELLS}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "cite", "action", "formaction", "poster", "data", "background"}
)
CONTENT_DROPPED_WITH_TAG = frozenset({"script", "style", "template"})
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# What browsers ignore in a URL: C0 controls and spaces around it, tabs and newlines in it.
URL_IGNORED = re.compile(r"[\t\n\r]")
C0_AND_SPACE = "".join(map(chr, range(0x21)))


def url_problem(value: str) -> str | None:
    """Why a URL may not stay in an article (its scheme), or None: only http(s), mailto, tel
    and relative URLs (Pelican's `{filename}` links among them) are allowed."""
    url = URL_IGNORED.sub("", value).strip(C0_AND_SPACE)
    scheme = SCHEME.match(url)
    if scheme and scheme[1].lower() not in URL_SCHEMES:
        return f"{scheme[1].lower()}:"
    return None


def other_host(url: str) -> str | None:
    """The host of an absolute URL (`https://x.org/p.gif`, `//x.org/p.gif`), else None."""
    url = URL_IGNORED.sub("", url).strip(C0_AND_SPACE)
    if not (SCHEME.match(url) or url.startswith("//")):
        return None
    try:
        return urlsplit(url).hostname or None
    except ValueError:
        return url


def alignment_class(element: str, style: str) -> str | None:
    """The class a table cell's `style` says (`text-align: left;`: `align-left`), else None."""
    found = ALIGNMENT.fullmatch(style) if element in ALIGNED_CELLS else None
    return f"align-{found[1].lower()}" if found else None


def keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: the value kept, or None to drop the attribute."""
    if attribute in URL_ATTRIBUTES and url_problem(value):
        return None
    if attribute == "src" and element == "img" and other_host(value):
        return None  # `decode` made such an image a link; nothing is loaded from elsewhere
    if attribute == "id" and not FOOTNOTE_ID.fullmatch(value):
        return None
    return value


@functools.cache
def cleaner(plain_text: bool = False) -> nh3.Cleaner:
    """Built once, on first use: handing nh3 its settings costs more than a short article."""
    return nh3.Cleaner(
        tags=set() if plain_text else set(ALLOWED_TAGS),
        clean_content_tags=set(CONTENT_DROPPED_WITH_TAG),
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep_attribute,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        allowed_classes=ALLOWED_CLASSES,
        strip_comments=True,
    )


def sanitise(html: str, plain_text: bool = False) -> str:
    """The HTML with nothing left that could run, load from elsewhere or pose as the theme."""
    return cleaner(plain_text).clean(html)
