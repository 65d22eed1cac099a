"""A site's own furniture, learnt from its texts: boilerplate is what repeats.

A line that stands in several texts of one site is the site's furniture (its "Trending:" list,
its newsletter box, its teaser headlines), when it reads as furniture can: a label, a headline,
a bracketed promotion, a call to action; not a sentence of prose that two stories of the same
event may share, nor a short crosshead such as "What happened?". Texts imported together (a
folder) are compared with each other; with `--site NAME` every import also counts the lines
it saw in content/furniture/NAME.txt ("count<TAB>line"), so a line met in an earlier text of
the site is furniture in the next one. The report says which lines and in how many texts. An
editor may delete a line of that file, or add one with a count of 2.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from newsroom.importer import shapes
from newsroom.importer.lines import collapse
from newsroom.importer.target import write_whole

MINIMUM_TEXTS = 2  # a line in this many texts of one site is the site's
LONGEST = 40  # words: a longer line is a paragraph, even when two stories share it
SITE = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
HEADER = "# Lines make import met in this site's texts, with how many: 2 or more is furniture.\n"


def key(text: str) -> str:
    return collapse(text).casefold()


def may_be_boilerplate(text: str) -> bool:
    """Whether a line that repeats across a site's texts can be its furniture."""
    line = collapse(text)
    words = len(line.split())
    if not line or words > LONGEST or line.endswith("?"):
        return False
    if line.endswith(":") or shapes.bracketed(line) or shapes.call_to_action(line):
        return True
    # A headline, a notice; not a sentence of prose, nor a two-word crosshead.
    return words >= shapes.TEASER_WORDS and not line.endswith((".", "…"))


def candidates(lines: Iterable[str]) -> set[str]:
    return {key(line) for line in lines if may_be_boilerplate(line)}


def recurring(texts: list[list[str]]) -> dict[str, int]:
    """The lines standing in several of these texts (each a list of lines), by key, with how
    many texts have them."""
    counts: Counter[str] = Counter()
    for lines in texts:
        counts.update(candidates(lines))
    return {line: count for line, count in counts.items() if count >= MINIMUM_TEXTS}


def site_file(articles: Path, site: str) -> Path:
    """content/furniture/<site>.txt, beside the articles folder."""
    return articles.parent / "furniture" / f"{site}.txt"


def seen(articles: Path, site: str) -> dict[str, tuple[int, str]]:
    """The lines met in the site's earlier texts: key -> (how many texts, the line)."""
    path = site_file(articles, site)
    found: dict[str, tuple[int, str]] = {}
    if path.is_file():
        for row in path.read_text(encoding="utf-8").splitlines():
            count, tab, line = row.partition("\t")
            if tab and count.isdigit() and line.strip():
                found[key(line)] = (int(count), collapse(line))
    return found


def furniture_of(articles: Path, site: str, texts: list[list[str]]) -> dict[str, int]:
    """The site's furniture for these texts: lines met in MINIMUM_TEXTS texts, counting the
    site's earlier ones, by key, with how many texts have them."""
    counts = Counter({line: count for line, (count, _) in seen(articles, site).items()})
    for lines in texts:
        counts.update(candidates(lines))
    return {line: count for line, count in counts.items() if count >= MINIMUM_TEXTS}


def remember(articles: Path, site: str, texts: list[list[str]]) -> Path:
    """Count these texts' lines into what is kept of the site."""
    known = seen(articles, site)
    for lines in texts:
        for line in dict.fromkeys(collapse(line) for line in lines if may_be_boilerplate(line)):
            count, _ = known.get(key(line), (0, line))
            known[key(line)] = (count + 1, line)
    path = site_file(articles, site)
    rows = sorted(known.values(), key=lambda row: (-row[0], row[1]))
    text = HEADER + "".join(f"{count}\t{line}\n" for count, line in rows)
    write_whole(path, text.encode("utf-8"))  # killed midway, the old counts stay whole
    return path
