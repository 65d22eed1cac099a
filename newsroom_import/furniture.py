"""What a scraped line is when it is not article text: page furniture, a byline, a credit, a date.

Each test looks at one whole line, so a sentence that merely contains "read more" or "by"
stays in the article.
"""

from __future__ import annotations

import re
from datetime import date

_SHARE_PHRASES = re.compile(
    r"spread the love|share (?:this (?:article|story|post|page)|this|it|the story)|"
    r"share (?:on|via|with)|click to (?:share|print|email)(?: on)?|opens in (?:a )?new window|"
    r"copy (?:the )?link|like this|like loading|send (?:by|via)|"
    r"\bshares?\b|\btweet\b|\bpin it\b|\bfollow us(?: on)?\b|\bprint\b|\bemail\b|\be-mail\b|"
    r"\bmail\b|\bsave\b|\bcomments?\b|\bloading\b"
)
_NETWORKS = re.compile(
    r"\b(?:facebook|twitter|x|whatsapp|telegram|pinterest|linkedin|reddit|tumblr|messenger|"
    r"flipboard|pocket|vk|viber|sms|threads|bluesky|mastodon|google\+?|skype|line|wechat)\b"
)
_SHARE_COUNT = re.compile(r"^\d+\s+(?:shares?|comments?|views?)$")
_OTHER_FURNITURE = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|ad|publicité|"
    r"related(?: posts| articles| stories| news)?|you (?:may|might) also like|"
    r"more (?:news|stories|from .{1,40})|recommended(?: for you)?|leave a (?:comment|reply)|"
    r"subscribe(?: to our newsletter)?|sign up for our newsletter|skip to (?:main )?content|"
    r"listen to (?:this )?article|\d+\s+min(?:ute)?s? read|reading time:.{0,20}|"
    r"photo gallery|watch(?: the)? video)\W*$"
)
# Furniture that points at other articles: the label, then maybe the other article's headline.
_MORE_ARTICLES = re.compile(
    r"^(?P<label>continue reading|keep reading|"
    r"read (?:more|also|next|too|the full (?:story|article))|also read|see also|related|"
    r"more on this(?: story)?|recommended|lire aussi|leer más|lea también)"
    r"\s*(?P<separator>[:.…\-–—>»|]+)?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s+]", " ", text.casefold()).split())


def share_widget(text: str) -> bool:
    """A line made only of share-button labels: "Spread the love", "Share this: Facebook X"."""
    words = _normalise(text)
    if not words:
        return False
    if _SHARE_COUNT.match(words) or _OTHER_FURNITURE.match(words):
        return True
    rest = _NETWORKS.sub(" ", _SHARE_PHRASES.sub(" ", words))
    return not rest.strip() and words != rest


def more_articles(text: str) -> str | None:
    """For "Continue reading:" or "Read also: Other story", what follows the label ('' if none).

    None for a sentence that only begins like one ("Read more about it in our report."): a
    label stands alone, or is set off by a colon, a dash or capitals.
    """
    match = _MORE_ARTICLES.match(text.strip())
    if not match:
        return None
    if match["rest"] and not match["separator"] and not match["label"].isupper():
        return None
    return match["rest"]


BYLINE = re.compile(r"^(?:by|written by|por|par|von|reporting by)\b\s*:?\s*(?P<name>.*)$", re.I)
_NAME_WORD = re.compile(
    r"^(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w.'’-]*|de|da|del|della|di|du|van|von|der|den|le|la|y|e|and|&|bin|al|el|ibn|st\.?)$"
)
_AGENCY_SPLIT = re.compile(r"\s*(?:,|\||/|–|—|\s-\s|\bfor\b|\bin\b)\s*")


def byline(text: str) -> tuple[str, str | None] | None:
    """("Didier Lauras", "AFP") for "By Didier Lauras, AFP"; ("", None) for a bare "By"."""
    match = BYLINE.match(text.strip())
    if not match:
        return None
    name = match["name"].strip().rstrip(".")
    if not name:
        return "", None
    return person(name)


def person(text: str) -> tuple[str, str | None] | None:
    """A name as it stands on its own line after "By", with an agency after it if any."""
    parts = [part for part in _AGENCY_SPLIT.split(text.strip().rstrip(".")) if part]
    if not parts or not _looks_like_name(parts[0]):
        return None
    agency = parts[1] if len(parts) > 1 and len(parts[1].split()) <= 4 else None
    return parts[0], agency


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 8 and all(_NAME_WORD.match(word) for word in words)


_CREDIT_PATTERNS = [
    re.compile(
        r"^\(?\s*with (?:information|info|reporting|input|inputs|material|details|data|"
        r"elements|contributions?) (?:from|by|of) (?P<agency>[^()]+?)\s*\)?\s*\.?$",
        re.I,
    ),
    re.compile(r"^\(\s*with (?P<agency>[^()]+?)\s*\)\.?$", re.I),
    re.compile(r"^with (?P<agency>(?:[A-Z]{2,}|agencies)(?:\s*(?:,|and|&)\s*[A-Z]{2,})*)\.?$"),
    re.compile(
        r"^\(?\s*(?:source|sources|credit|agency)\s*:\s*(?P<agency>[^()]{1,60}?)\s*\)?\.?$", re.I
    ),
    re.compile(
        r"^\(?\s*(?:con información de|avec|com informações d[aoe]s?)\s+"
        r"(?P<agency>[^()]+?)\s*\)?\.?$",
        re.I,
    ),
    re.compile(r"^\(\s*(?P<agency>AFP|AP|EFE|Reuters|DPA|ANSA|Europa Press|Xinhua)\s*\)\.?$"),
]


def credit(text: str) -> str | None:
    """The agency named by a credit line such as "(With information from AFP)"."""
    for pattern in _CREDIT_PATTERNS:
        match = pattern.match(text.strip())
        if match and len(match["agency"].split()) <= 6:
            return match["agency"].strip()
    return None


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_PREFIX = r"^(?:(?:published|posted|updated|last updated|date)(?: on)?\s*:?\s*)?(?:\w+day,?\s+)?"
_TIME = r"(?:\s*(?:[-|,•·]|at)?\s*\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?"
_DATE_LINES = [
    re.compile(_PREFIX + r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?:[T ].*)?$", re.I),
    re.compile(
        _PREFIX
        + _MONTH
        + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
        + _TIME
        + r"$",
        re.I,
    ),
    re.compile(
        _PREFIX
        + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+"
        + _MONTH
        + r",?\s+(?P<year>\d{4})"
        + _TIME
        + r"$",
        re.I,
    ),
]
FILENAME_DATE = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?!\d)")


def date_line(text: str) -> str | None:
    """The date (YYYY-MM-DD) of a line that is only a date: "24 November 2022", "Nov 24, 2022"."""
    for pattern in _DATE_LINES:
        match = pattern.match(text.strip())
        if match:
            return _iso(match.groupdict())
    return None


def filename_date(name: str) -> str | None:
    match = FILENAME_DATE.search(name)
    return _iso(match.groupdict()) if match else None


def _iso(parts: dict[str, str | None]) -> str | None:
    month = parts.get("mon") or _MONTHS.get((parts.get("month") or "").lower())
    try:
        return date(int(parts["year"] or 0), int(month or 0), int(parts["day"] or 0)).isoformat()
    except ValueError:
        return None


def same_text(a: str, b: str) -> bool:
    """Whether two lines say the same thing, ignoring case, spacing and punctuation."""
    return _normalise(a) == _normalise(b) and bool(_normalise(a))
