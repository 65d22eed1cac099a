"""What a scraped line is when it is not article text: page furniture, a byline, a credit, a date.

The phrases live in furniture.toml, a table a maintainer extends without reading this code;
here they are compiled once and tried on one line at a time. A rule matches a whole line, its
start, its end, or a label before the rest, so a sentence that merely contains "read more" or
"by" stays in the article.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from newsroom.importer.lines import collapse

TABLE = Path(__file__).with_name("furniture.toml")
LANGUAGES = ("en", "es", "fr", "de", "pt")
MATCHES = ("line", "start", "label", "tail", "end", "inline")
BECOMES = (None, "paragraph", "caption", "credit", "quote")
WHERE = (None, "top", "end")
# Bullets and brackets before a widget's label ("► Lire aussi:", "[Lesen Sie auch: …]").
_DECORATION = re.compile(r"^[\s►▶▸•·»›\[]+")
# What may follow a label standing alone: "Read more »", "Continue reading...", "Related:".
_TRAILING = r"[\s.:;…!?»›>|()\[\]\-–—]*"


class TableError(Exception):
    """furniture.toml holds a rule the importer cannot use; the message names it."""


@dataclass(frozen=True)
class Rule:
    kind: str
    match: str
    becomes: str | None
    then: str | None
    where: str | None
    sure: bool
    phrases: tuple[tuple[str, str, re.Pattern[str]], ...]  # language, phrase, compiled


@dataclass(frozen=True)
class Finding:
    """A rule that matched a line, and what it found there."""

    rule: Rule
    language: str
    phrase: str
    start: int  # the matched span, in the line as given
    end: int
    agency: str | None = None
    author: str | None = None

    @property
    def label(self) -> str:
        return f"{self.rule.kind} ({self.language})"


@dataclass(frozen=True)
class Table:
    rules: tuple[Rule, ...]
    share_words: re.Pattern[str]
    network_run: re.Pattern[str]
    agencies: dict[str, str]  # case-folded -> as written in the table
    months: dict[str, int]


def _compile(kind: str, match: str, phrase: str, agencies: str) -> re.Pattern[str]:
    body = phrase.replace("%AGENCY%", agencies)
    if match == "line":
        source = rf"(?:{body}){_TRAILING}"
    elif match in ("start", "label"):
        source = rf"(?:{body})(?!\w)" if re.search(r"\w$", phrase) else f"(?:{body})"
    elif match in ("tail", "end"):
        boundary = r"(?<!\w)" if phrase[:1].isalpha() else ""
        source = rf"{boundary}(?:{body}){_TRAILING}$"
    else:
        source = body
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as error:
        raise TableError(f"{TABLE.name}: rule {kind!r}: phrase {phrase!r}: {error}") from None


def _rule(entry: dict, agencies: str) -> Rule:
    kind = entry.get("kind", "?")
    match = entry.get("match")
    if match not in MATCHES:
        raise TableError(f"{TABLE.name}: rule {kind!r}: match must be one of {MATCHES}")
    if entry.get("becomes") not in BECOMES or entry.get("where") not in WHERE:
        raise TableError(f"{TABLE.name}: rule {kind!r}: becomes or where has an unknown value")
    unknown = set(entry) - {"kind", "match", "becomes", "then", "where", "sure", *LANGUAGES}
    if unknown:
        raise TableError(f"{TABLE.name}: rule {kind!r}: unknown field(s) {sorted(unknown)}")
    phrases = tuple(
        (language, phrase, _compile(kind, match, phrase, agencies))
        for language in LANGUAGES
        for phrase in entry.get(language, [])
    )
    return Rule(
        kind=kind,
        match=match,
        becomes=entry.get("becomes"),
        then=entry.get("then"),
        where=entry.get("where"),
        sure=entry.get("sure", True),
        phrases=phrases,
    )


def _words_pattern(phrases: list[str]) -> str:
    """One alternation of these phrases, normalised as share_widget normalises a line."""
    ordered = sorted({_normalise(phrase) for phrase in phrases}, key=len, reverse=True)
    return "|".join(re.escape(phrase) for phrase in ordered if phrase)


@cache
def table() -> Table:
    """The furniture table, read and compiled once."""
    data = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    names = data["agencies"]["names"]
    agencies = "(?:" + "|".join(re.escape(name) for name in sorted(names, key=len)[::-1]) + ")"
    share = data["share"]
    share_phrases = [phrase for language in LANGUAGES for phrase in share.get(language, [])]
    networks = _words_pattern(share["networks"])
    months = {}
    for language in LANGUAGES:
        for number, names_of_month in enumerate(data["months"].get(language, []), start=1):
            months.update({name: number for name in names_of_month.split("|")})
    return Table(
        rules=tuple(_rule(entry, agencies) for entry in data["rule"]),
        share_words=re.compile(
            rf"(?<!\w)(?:{_words_pattern(share_phrases)}|(?:{networks})+|\d[\d.,]*k?)(?!\w)"
        ),
        network_run=re.compile(rf"^(?:(?:{networks})+\s+){{3,}}"),
        agencies={name.casefold(): name for name in names},
        months=months,
    )


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s+]", " ", text.casefold()).split())


def for_matching(text: str) -> str:
    """The line as the rules see it: leading bullets and brackets set aside."""
    return _DECORATION.sub("", text)


def share_widget(text: str) -> bool:
    """A line made only of share-button words: "Spread the love", "16505 SHARES Facebook…"."""
    words = _normalise(text)
    if not words:
        return False
    rest = table().share_words.sub(" ", words)
    return not rest.strip() and any(char.isalpha() for char in words)


def share_prefix(text: str) -> int:
    """How many characters of share buttons ("Facebook Twitter Pinterest ") start the line."""
    match = table().network_run.match(text.casefold() + " ")
    return match.end() if match else 0


def canonical_agency(name: str) -> str:
    name = name.strip().rstrip(".")
    return table().agencies.get(name.casefold(), name)


def _finding(rule: Rule, language: str, phrase: str, match: re.Match[str], offset: int) -> Finding:
    groups = match.groupdict()
    agency = groups.get("agency")
    return Finding(
        rule=rule,
        language=language,
        phrase=phrase,
        start=match.start() + offset,
        end=match.end() + offset,
        agency=canonical_agency(agency) if agency else None,
        author=(groups.get("author") or None),
    )


def find(line: str, *matches: str) -> Finding | None:
    """The first rule of these kinds of match (in table order) that fits the line, if any.

    `line` is one line as `collapse` leaves it; the finding's span is a span of it.
    """
    seen = for_matching(line)
    offset = len(line) - len(seen)
    for rule in table().rules:
        if rule.match not in matches:
            continue
        for language, phrase, pattern in rule.phrases:
            if rule.match == "line":
                found = pattern.fullmatch(seen)
            elif rule.match in ("start", "label"):
                found = pattern.match(seen)
            else:
                found = pattern.search(line)
            if found and _agency_is_short(found):
                shift = 0 if rule.match in ("tail", "end") else offset
                return _finding(rule, language, phrase, found, shift)
    return None


def _agency_is_short(found: re.Match[str]) -> bool:
    """An agency is a name, not a clause: "(With AFP)", never "(with the port, the ships…)"."""
    agency = found.groupdict().get("agency")
    return agency is None or len(agency.split()) <= 6


def inline_findings(text: str) -> list[Finding]:
    """Every "inline" phrase in the line (a stock ticker glued into a sentence)."""
    found = []
    for rule in table().rules:
        if rule.match != "inline":
            continue
        for language, phrase, pattern in rule.phrases:
            found += [_finding(rule, language, phrase, m, 0) for m in pattern.finditer(text)]
    return sorted(found, key=lambda finding: finding.start)


BYLINE = re.compile(
    r"^(?:by|written by|reporting by|por|par|von)\b\s*:?\s*(?P<name>.*)$", re.IGNORECASE
)
_NAME_WORD = re.compile(
    r"^(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w.'’-]*|de|da|das|do|dos|del|della|di|du|van|von|der|den|le|la|y|e|"
    r"and|et|und|&|bin|al|el|ibn|st\.?)$"
)
_AGENCY_SPLIT = re.compile(r"\s*(?:,|\||/|–|—|\s-\s|\bfor\b|\bin\b)\s*")


@dataclass(frozen=True)
class Byline:
    name: str  # "" for a bare "By" whose name is on the next line
    agency: str | None = None
    role: str | None = None  # "responsable du blog www.moneystore.be": not kept as metadata


def byline(text: str) -> Byline | None:
    """The byline in "By Didier Lauras, AFP" or "Par Isabelle de Laminne, responsable du…"."""
    match = BYLINE.match(collapse(text))
    if not match:
        return None
    name = match["name"].strip().rstrip(".")
    if not name:
        return Byline("")
    return person(name)


def person(text: str) -> Byline | None:
    """A name as it stands on its own line after "By", with an agency or a role after it."""
    parts = [part for part in _AGENCY_SPLIT.split(collapse(text).rstrip(".")) if part]
    if not parts or not _looks_like_name(parts[0]):
        return None
    rest = ", ".join(parts[1:]) or None
    if rest and _looks_like_agency(rest):
        return Byline(parts[0], agency=canonical_agency(rest))
    return Byline(parts[0], role=rest)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 8 and all(_NAME_WORD.match(word) for word in words)


def _looks_like_agency(text: str) -> bool:
    """A known agency, or a short name in capitals ("AFP", "Reuters", "Europa Press")."""
    if text.casefold() in table().agencies:
        return True
    words = text.split()
    return len(words) <= 3 and all(word[:1].isupper() for word in words)


@cache
def _agency_at_end() -> re.Pattern[str]:
    names = "|".join(re.escape(name) for name in sorted(table().agencies.values(), key=len)[::-1])
    return re.compile(
        rf"[(©/|]\s*(?:{names}|getty(?: images)?|shutterstock|epa|reuters)\b[^()]{{0,30}}\)?\.?$",
        re.IGNORECASE,
    )


def photo_credit(text: str) -> bool:
    """A photo's credit: "Photo: José Jordan / AFP", "© Belga", or a caption ending in one."""
    found = find(text, "line", "end")
    if found and (found.rule.kind == "photo credit" or found.rule.becomes == "caption"):
        return True
    return bool(_agency_at_end().search(text))


def credit(text: str) -> Finding | None:
    """The credit line rule matching this whole line ("(With information from AFP)"), if any."""
    found = find(text, "line")
    return found if found and found.rule.becomes == "credit" else None


_WEEKDAY = r"(?:[^\W\d_]+day,?\s+|[^\W\d_]+,\s*)?"
_PREFIX = (
    r"^(?:(?:published|posted|updated|last updated|date|publicado|actualizado|atualizado|"
    r"publié|mis à jour|veröffentlicht|aktualisiert|stand)(?: on| el| le| am| em)?\s*:?\s*)?"
)
_TIME = (
    r"(?:\s*(?:[-|,•·]|at|a las|à|um|às)?\s*\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:uhr|h|[A-Z]{2,5}))?)?"
)


@cache
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    names = sorted(table().months, key=len, reverse=True)
    month = "(?P<month>" + "|".join(re.escape(name) for name in names) + r")\.?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|º|\.)?"
    return tuple(
        re.compile(_PREFIX + _WEEKDAY + body + _TIME + r"\s*$", re.IGNORECASE)
        for body in (
            r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?:[T ][\d:.+Z-]*)?",
            month + r"\s+" + day + r",?\s+(?P<year>\d{4})",
            day + r"\s+(?:de\s+)?" + month + r",?\s+(?:de\s+)?(?P<year>\d{4})",
        )
    )


FILENAME_DATE = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?!\d)")


def date_line(text: str) -> str | None:
    """The date (YYYY-MM-DD) of a line that is only a date: "24 November 2022", "8 mai 2018"."""
    for pattern in _date_patterns():
        match = pattern.match(collapse(text))
        if match:
            return _iso(match.groupdict())
    return None


def filename_date(name: str) -> str | None:
    match = FILENAME_DATE.search(name)
    return _iso(match.groupdict()) if match else None


def _iso(parts: dict[str, str | None]) -> str | None:
    month = parts.get("mon") or table().months.get((parts.get("month") or "").lower())
    try:
        return date(int(parts["year"] or 0), int(month or 0), int(parts["day"] or 0)).isoformat()
    except ValueError:
        return None


def same_text(a: str, b: str) -> bool:
    """Whether two lines say the same thing, ignoring case, spacing and punctuation."""
    return _normalise(a) == _normalise(b) and bool(_normalise(a))
