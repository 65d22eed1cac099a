"""How a text becomes search keys. theme/static/js/search.js does the same to a query.

A query finds an article only if the browser turns its words into exactly the keys the build
made from the article's words, so every step here has a twin in search.js, and
test_text_in_browser.py runs both on the same texts and compares them:

1. `words`: Unicode NFKC (ligatures and full-width letters become plain letters), lower case,
   then runs of letters and digits; single characters (the `s` of `Putin's`, the `l` of
   `l'armée`) are left out.
2. `fold`: accents and case do not matter (`bogota` finds "Bogotá"): marks are removed after
   NFKD, and the letters that have no decomposition (`ß`, `œ`, `ø`...) are spelled out.
3. `keys`: each word is stemmed with the Snowball stemmer of the article's language, twice:
   the word as written (French and Portuguese stemmers need the accents to conflate
   `abaissée` with `abaissa`) and the folded word (so that `eleicoes`, typed without accents,
   meets `eleições`). Both results, folded, are the word's keys.

The Python stemmers are PyStemmer's (Snowball 2.2, in C: stemming a large vocabulary in pure
Python took seconds a build); the browser's are snowball-stemmer.jsx's. Both come from
Snowball's own code generator, and they agree on every word but a handful (see the README).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import Stemmer

# Language subtag -> Snowball algorithm. search.js has the same table; a language without a
# stemmer is indexed and searched by its folded words.
STEMMERS = {
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "pt": "portuguese",
}
# Letters NFKD leaves whole, spelled the way a reader types them without the key.
SPELLED_OUT = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
# Runs of two letters or digits or more: Python's \w is str.isalnum() plus "_", so this is
# JavaScript's /[\p{L}\p{N}]{2,}/u (a run of one is skipped whole: both match greedily).
WORD = re.compile(r"[^\W_]{2,}")


def words(text: str) -> list[str]:
    """The words of a text, in order, lower case, each at least two characters long."""
    return WORD.findall(unicodedata.normalize("NFKC", text).lower())


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """The word without accents, as a reader types it on any keyboard."""
    if word.isascii():
        return word  # nothing to remove or spell out: most words, at no cost
    decomposed = unicodedata.normalize("NFKD", word)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return bare.translate(SPELLED_OUT)


def language(lang: str | None) -> str:
    """The stemmer's language for a Lang tag (`pt-BR` -> `pt`), or "" when there is none."""
    primary = (lang or "").split("-")[0].lower()
    return primary if primary in STEMMERS else ""


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMERS[lang], 0)  # no cache of its own: Vocabulary is one


def keys(word: str, lang: str) -> tuple[str, ...]:
    """The index keys of one word of `words()` in a language of `language()`, sorted."""
    folded = fold(word)
    if not lang:
        return (folded,)
    stem = _stemmer(lang).stemWord
    return tuple(sorted({fold(stem(word)), stem(folded)}))
