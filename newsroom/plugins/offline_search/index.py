"""The search index: articles in, files out, split so that a query loads only what it needs.

From file:// a page can load data only with a script element, so the index is a set of small
JavaScript files, each a call `newsroomSearch.put(name, data)` that the search page adds as
`<script src>` when a query needs it:

- `index.js`: the table of contents (the first key of each key file, the first word of each
  word file, the languages to stem in); a few kilobytes, loaded with the page.
- `k/N.js`: the keys (stems) in sorted order, each with its posting list.
- `w/N.js`: the words in sorted order, each with its keys and its document frequency, to
  expand the word being typed (`tarif` -> `tariffs` -> key `tariff`).
- `d/N.js`: one article each (headline, link, date, section, text for the snippet), loaded only
  for the results on screen.

Article numbers go by date, oldest first, so the newest ranks first by number alone and a new
article adds one `d/` file instead of renumbering the others. A posting list is the article
numbers that hold the key, as gaps: `(gap - 1) * 2 + 1` when the key is in the headline or
standfirst, `(gap - 1) * 2` when only elsewhere; a key in every article costs two bytes an
article.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import chain
from typing import Any

from newsroom.plugins.memo import memoised

from .text import fold, keys, language, words

FORMAT = 1
# A file of keys or words is cut once it passes this many bytes: a query needs a few of them,
# and a big file costs parse time for entries nobody asked for.
SHARD_BYTES = 16_000
CALLBACK = "newsroomSearch.put"


@dataclass(frozen=True)
class Document:
    """What the index needs of an article, as plain text (nothing here is HTML)."""

    url: str
    title: str
    standfirst: str
    body: str
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    section: str
    lang: str
    date: datetime
    when: str  # the date as the site prints it
    # Before the text is made plain: the title's and the summary's HTML (offline_search.source).
    html: tuple[str, str | None] | None = None

    def head(self) -> str:
        """The fields whose matches rank first."""
        return f"{self.title}\n{self.standfirst}"

    def rest(self) -> str:
        return "\n".join((self.body, *self.tags, *self.authors, self.section))


def js_order(text: str) -> bytes:
    """Sort as JavaScript compares strings (UTF-16 code units), so its binary search agrees."""
    return text.encode("utf-16-be")


# What an article gives the index: (folded word, its keys) for the words of its headline and
# standfirst, then for its other words.
Entries = list[tuple[str, tuple[str, ...]]]
Analysis = tuple[Entries, Entries]


class Vocabulary:
    """Each distinct word of a language is folded and stemmed once a build."""

    def __init__(self) -> None:
        self._lexicons: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = defaultdict(dict)

    def entries(self, found: set[str], lang: str) -> Entries:
        """(folded word, keys) of each word, in any order."""
        lexicon = self._lexicons[lang]
        # Not `found - lexicon.keys()`: that walks the whole lexicon for every article.
        for word in [word for word in found if word not in lexicon]:
            lexicon[word] = (fold(word), keys(word, lang))
        return [lexicon[word] for word in found]

    def analyse(self, doc: Document) -> Analysis:
        """The words of one article and their keys: a function of the document alone."""
        lang = language(doc.lang)
        head = set(words(doc.head()))
        return self.entries(head, lang), self.entries(set(words(doc.rest())) - head, lang)


def build(
    documents: Iterable[Document],
    shard_bytes: int = SHARD_BYTES,
    settings: Mapping[str, Any] | None = None,
) -> dict[str, object]:
    """The index files' contents by name (`index`, `k/0`, `w/0`, `d/0`...), ready for JSON.

    With the build's memo in the `settings`, an article analysed by an earlier build with the
    same text is not analysed again (its words, folded and stemmed, are most of the index's
    cost)."""
    vocabulary = Vocabulary()
    analysed = []
    for doc in documents:
        key = repr((FORMAT, doc)).encode("utf-8", "surrogatepass")
        analysis = memoised(settings or {}, "offline_search", key, partial(vocabulary.analyse, doc))
        analysed.append((doc, analysis))
    return index_files(analysed, shard_bytes)


def index_files(
    analysed: Iterable[tuple[Document, Analysis]], shard_bytes: int = SHARD_BYTES
) -> dict[str, object]:
    """The index files from documents already analysed (`Vocabulary.analyse`)."""
    ordered = sorted(analysed, key=lambda pair: (pair[0].date, pair[0].url))
    keys_of: dict[str, set[str]] = defaultdict(set)  # folded word -> its keys
    postings: dict[str, list[int]] = defaultdict(list)
    last_number: dict[str, int] = {}
    frequency: Counter[str] = Counter()
    files: dict[str, object] = {}
    for number, (doc, (head_entries, rest_entries)) in enumerate(ordered):
        for surface, found in chain(head_entries, rest_entries):
            keys_of[surface].update(found)
        frequency.update({surface for surface, _ in head_entries + rest_entries})
        head_keys = set(chain.from_iterable(found for _, found in head_entries))
        rest_keys = set(chain.from_iterable(found for _, found in rest_entries)) - head_keys
        for flag, found in ((1, head_keys), (0, rest_keys)):
            for key in found:
                gap = number - last_number.get(key, -1)
                last_number[key] = number
                postings[key].append((gap - 1) * 2 + flag)
        files[f"d/{number}"] = _article(doc)
    word_entries = {
        surface: frequency[surface]
        if found == {surface}
        else [frequency[surface], *sorted(found, key=js_order)]
        for surface, found in keys_of.items()
    }
    files["index"] = {
        "documents": len(ordered),
        "format": FORMAT,
        "keys": _shards(files, "k", postings, shard_bytes),
        "languages": sorted({language(doc.lang) for doc, _analysis in ordered}),
        "words": _shards(files, "w", word_entries, shard_bytes),
    }
    return files


def _article(doc: Document) -> dict[str, str]:
    """What a result shows, and the text its snippet comes from."""
    return {
        "date": doc.date.isoformat(),
        "lang": doc.lang,
        "section": doc.section,
        "standfirst": doc.standfirst,
        "text": doc.body,
        "title": doc.title,
        "url": doc.url,
        "when": doc.when,
    }


def _shards(
    files: dict[str, object], folder: str, entries: Mapping[str, object], shard_bytes: int
) -> list[str]:
    """Cut the sorted entries into files of about `shard_bytes`; return each file's first key."""
    firsts: list[str] = []
    shard: dict[str, object] = {}
    size = 0
    for name in sorted(entries, key=js_order):
        if shard and size >= shard_bytes:
            files[f"{folder}/{len(firsts) - 1}"] = shard
            shard, size = {}, 0
        if not shard:
            firsts.append(name)
        shard[name] = value = entries[name]
        size += len(name) + _json_size(value) + 4
    if shard:
        files[f"{folder}/{len(firsts) - 1}"] = shard
    return firsts


def _json_size(value: object) -> int:
    """About the length of compact JSON for an int or a list of ints and strings: repr, less
    the space after each comma (repr is C-fast; dumping every entry twice was not)."""
    text = repr(value)
    return len(text) - (len(value) - 1 if isinstance(value, list) and value else 0)


def script(name: str, data: object) -> str:
    """One index file: a JavaScript call with JSON data (no text can end the call early)."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"{CALLBACK}({json.dumps(name)},{payload});\n"


def scripts(files: dict[str, object]) -> Iterator[tuple[str, str]]:
    """(relative path, text) of every index file, in a fixed order."""
    for name in sorted(files):
        yield f"{name}.js", script(name, files[name])
