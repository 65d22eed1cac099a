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

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import chain, islice
from typing import Any

from newsroom.plugins.memo import SETTING as MEMO
from newsroom.plugins.memo import memoised

from .text import fold, keys, language, words

FORMAT = 1
# A file of keys or words is cut once it passes this many bytes: a query needs a few of them,
# and a big file costs parse time for entries nobody asked for.
SHARD_BYTES = 16_000
# Articles are indexed in runs of about this many, each kept by the memo: an edit costs one run.
RUN = 64
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
    prepare: Callable[[Document], Document] = lambda doc: doc,
    put: Callable[[str, object], None] | None = None,
) -> dict[str, object]:
    """The index files' contents by name (`index`, `k/0`, `w/0`, `d/0`...), ready for JSON;
    the articles' files go to `put` instead, when given (`index_files`).

    `prepare` makes a document's text plain (offline_search.document), for the runs a build
    computes. With the build's memo in the `settings`, a run of articles (`runs`) that an
    earlier build indexed with the same text is not indexed again: one edited, added or deleted
    article costs its own run, and the others' words, folded and stemmed, come from the memo."""
    vocabulary = Vocabulary()

    def run_block(run: list[Document]) -> Block:
        return block([(doc, vocabulary.analyse(doc)) for doc in map(prepare, run)])

    ordered = sorted(documents, key=lambda doc: (doc.date, doc.url))
    settings = settings or {}
    if settings.get(MEMO) is None:  # nothing to keep: one run (any cut gives the same files)
        return index_files([run_block(ordered)], shard_bytes, put)
    blocks = (
        memoised(settings, "offline_search", key, partial(run_block, run))
        for key, run in runs(ordered)
    )
    return index_files(blocks, shard_bytes, put)


def runs(documents: Iterable[Document], size: int = RUN) -> Iterator[tuple[bytes, list[Document]]]:
    """The documents, in the index's order, cut into runs of about `size` articles, each with a key
    holding every input of its block. A run ends after an article whose own digest says so, not
    after a count, so adding or deleting an article changes the run it is in and no other."""
    key, run = [repr(FORMAT).encode()], []
    for doc in documents:
        digest = hashlib.blake2b(repr(doc).encode("utf-8", "surrogatepass"), digest_size=16)
        key.append(digest.digest())
        run.append(doc)
        if int.from_bytes(key[-1][:4], "big") % size == 0:
            yield b"".join(key), run
            key, run = key[:1], []
    if run:
        yield b"".join(key), run


@dataclass(frozen=True)
class Block:
    """What a run of articles gives the index, the articles numbered from 0 in the run."""

    articles: list[dict[str, str]]  # each one's d/ file
    # Each key's posting list as the module's docstring says, its first gap counted from -1.
    postings: dict[str, list[int]]
    last: dict[str, int]  # each key's last article
    words: dict[str, tuple[int, frozenset[str]]]  # each folded word's articles and keys
    languages: frozenset[str]


def block(analysed: list[tuple[Document, Analysis]]) -> Block:
    """The block of analysed documents (`Vocabulary.analyse`), in the index's order."""
    keys_of: dict[str, set[str]] = defaultdict(set)  # folded word -> its keys
    postings: dict[str, list[int]] = defaultdict(list)
    last: dict[str, int] = {}
    frequency: Counter[str] = Counter()
    for number, (_doc, (head_entries, rest_entries)) in enumerate(analysed):
        for surface, found in chain(head_entries, rest_entries):
            keys_of[surface].update(found)
        frequency.update({surface for surface, _ in head_entries + rest_entries})
        head_keys = set(chain.from_iterable(found for _, found in head_entries))
        rest_keys = set(chain.from_iterable(found for _, found in rest_entries)) - head_keys
        for flag, found in ((1, head_keys), (0, rest_keys)):
            for key in found:
                gap = number - last.get(key, -1)
                last[key] = number
                postings[key].append((gap - 1) * 2 + flag)
    return Block(
        articles=[_article(doc) for doc, _analysis in analysed],
        postings=dict(postings),
        last=last,
        words={word: (frequency[word], frozenset(found)) for word, found in keys_of.items()},
        languages=frozenset(language(doc.lang) for doc, _analysis in analysed),
    )


def index_files(
    blocks: Iterable[Block],
    shard_bytes: int = SHARD_BYTES,
    put: Callable[[str, object], None] | None = None,
) -> dict[str, object]:
    """The index files from the blocks of consecutive runs, in order: each run's numbers and
    first gaps moved by the articles before it. Each article's file goes to `put(name, data)`
    as soon as its block is joined, when given (the plugin writes it then: a build never holds
    every article's text at once), else into the files returned."""
    postings: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    frequency: Counter[str] = Counter()
    keys_of: dict[str, set[str]] = defaultdict(set)
    languages: set[str] = set()
    files: dict[str, object] = {}
    put = put or files.__setitem__
    start = 0
    for made in blocks:
        for key, codes in made.postings.items():
            merged = postings.setdefault(key, [])
            merged.append(codes[0] + 2 * (start - 1 - last.get(key, -1)))
            merged.extend(islice(codes, 1, None))
            last[key] = start + made.last[key]
        for word, (count, found) in made.words.items():
            frequency[word] += count
            keys_of[word] |= found
        for number, article in enumerate(made.articles, start):
            put(f"d/{number}", article)
        languages |= made.languages
        start += len(made.articles)
    word_entries = {
        surface: frequency[surface]
        if found == {surface}
        else [frequency[surface], *sorted(found, key=js_order)]
        for surface, found in keys_of.items()
    }
    files["index"] = {
        "documents": start,
        "format": FORMAT,
        "keys": _shards(files, "k", postings, shard_bytes),
        "languages": sorted(languages),
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
