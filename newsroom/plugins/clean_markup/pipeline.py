"""The cleaning of one piece of an article's HTML (its body, its summary, its title), in four
steps: decode -> sanitise -> remove fragments -> repair gaps.

Each step hands the next one what it needs: the sanitiser must not swallow a stray `</b>` as
markup, so `decode` first turns what is text back into text; fragments are removed from the
text nodes of the sanitised HTML only, so no attribute, no code and no real markup is in
reach; the gaps are repaired last, over the text as the reader will see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import fragments, markup, sanitize


@dataclass
class Cleaned:
    """The cleaned HTML, and the record of what was done to get it."""

    html: str
    fragments: list[str] = field(default_factory=list)
    gaps: list[tuple[str, str]] = field(default_factory=list)  # text nodes: before, after
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # harmless markup the sanitiser dropped


def decode(source: str, report: Cleaned, plain_text: bool) -> str:
    """Tags that are not markup back into text (`C++ <vector>`, a `</b>` that closes nothing,
    every tag in a title), text escaped twice decoded (`&amp;quot;`): else the sanitiser would
    drop them as markup, or the page would show `&quot;`. Warns of what the sanitiser removes."""
    return markup.decode_markup(source, report, plain_text)


def sanitise(html: str, plain_text: bool) -> str:
    """nh3: nothing that runs, loads from another host or borrows the theme's ids and classes.
    Its output is canonical HTML, which the text steps read and write back unchanged in form."""
    return sanitize.sanitise(html, plain_text)


def remove_fragments(text: str, report: Cleaned) -> str:
    """The stray pieces of tags out of one text node; a shape it is unsure of stays, with a
    warning, since no word may be lost, and so does the removal of a tag whose attributes may
    hold words (`<img alt="...">`, written as text)."""
    result = fragments.remove_fragments(text)
    report.fragments += result.fragments
    report.warnings += [f"kept, unsure it is a fragment: {shape!r}" for shape in result.warnings]
    report.warnings += [
        f"removed what was left of a link; the words before it may be the rest of its title: "
        f"check {words!r}"
        for words in result.to_check
    ]
    report.warnings += [
        f"removed a tag with attributes, whose values may be words of the text: check {tag!r}"
        for tag in map(_shortened, result.with_attributes)
    ]
    return result.text


def _shortened(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def repair_gaps(text: str, scraped: bool, rules: str) -> str:
    """The spacing a removal, or a link the scraper stripped, left wrong (`Macron ,`), in a text
    that shows such damage (`scraped`); any other text keeps its spacing as written, but for a
    space before the period that ends a paragraph (`las autoridades .`), which no language has."""
    if not scraped:
        return fragments.FINAL_PERIOD_GAP.sub("", text)
    return fragments.repair_gaps(text, None, rules)


def clean_html(source: str, lang: str | None = None, *, plain_text: bool = False) -> Cleaned:
    """An article's body or summary (or, `plain_text`, its title) cleaned: the four steps."""
    report = Cleaned(source)
    sanitised = sanitise(decode(source, report, plain_text), plain_text)
    rules = fragments.gap_rules(lang)
    # Whether the text shows a scraper's damage: fragments, or spaces run where tags were
    # stripped. Then its gaps are repaired throughout; else its spacing is the author's.
    scraped = False
    before_removal: dict[str, str] = {}  # a text node without its fragments -> as it was

    def without_fragments(text: str) -> str:
        nonlocal scraped
        scraped = scraped or fragments.has_run_of_spaces(text)
        if "<" not in text and ">" not in text:
            return text
        cleaned = remove_fragments(text, report)
        if cleaned != text:
            scraped = True
            before_removal[cleaned] = text
        return cleaned

    def gaps_repaired(text: str) -> str:
        original = before_removal.pop(text, text)
        cleaned = text
        if fragments.may_need_repair(text, rules) if scraped else " ." in text:
            cleaned = repair_gaps(text, scraped, rules)
        if cleaned != original:
            report.gaps.append((original, cleaned))
        return cleaned

    report.html = markup.edit_text_nodes(sanitised, without_fragments, gaps_repaired)
    report.gaps += [(original, text) for text, original in before_removal.items()]
    return report


def clean_title(title: str, lang: str | None = None) -> Cleaned:
    """A title is plain text: every tag in it is a fragment. The HTML is escaped text."""
    cleaned = clean_html(title, lang, plain_text=True)
    cleaned.html = cleaned.html.strip()
    return cleaned
