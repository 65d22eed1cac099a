"""jusText against the held-out corpus's labels: what it would catch, and what it would lose.

jusText (installed with trafilatura) classifies paragraphs as boilerplate by their length, the
density of the language's stop words and their neighbours. Each line of each text is given to
it as a paragraph; a line it calls boilerplate is counted as removed. Printed per setting:
furniture lines caught, article lines it would remove and their words, as the import's own
figures are (tests/corpus_score.py).

    .venv/bin/python -m tests.justext_eval
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import justext

from tests.corpus_check import normal
from tests.corpus_score import FOLDER, labels

STOPLISTS = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese"}
SETTINGS = {
    "default": {},
    "short lines allowed (length_low 30)": {"length_low": 30, "length_high": 100},
    "fewer stop words needed (0.20/0.25)": {"stopwords_low": 0.20, "stopwords_high": 0.25},
    "both": {"length_low": 30, "length_high": 100, "stopwords_low": 0.20, "stopwords_high": 0.25},
    "no headings": {"no_headings": True},
}


@dataclass
class Figures:
    furniture: int = 0
    caught: int = 0
    article_lines: int = 0
    article_removed: int = 0
    words_lost: int = 0


def classify(lines: list[str], lang: str, options: dict) -> list[bool]:
    """For each line, whether jusText calls it boilerplate (a line it leaves out: too)."""
    document = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    stoplist = justext.get_stoplist(STOPLISTS[lang])
    paragraphs = justext.justext(document + "</body></html>", stoplist, **options)
    verdict = {normal(paragraph.text): paragraph.is_boilerplate for paragraph in paragraphs}
    return [verdict.get(line, True) for line in lines]


def measure(options: dict) -> Figures:
    figures = Figures()
    for name, label in labels().items():
        lines = [normal(line) for line in (FOLDER / name).read_text(encoding="utf-8").splitlines()]
        lines = [line for line in lines if line]
        furniture = {normal(item["text"]) for item in label["furniture"] if not item["unsure"]}
        unsure = {normal(item["text"]) for item in label["furniture"] if item["unsure"]}
        meta = {normal(item["text"]) for item in label["meta"]}
        for line, boilerplate in zip(lines, classify(lines, label["lang"], options), strict=True):
            if line in furniture:
                figures.furniture += 1
                figures.caught += boilerplate
            elif line not in unsure and line not in meta:
                figures.article_lines += 1
                if boilerplate:
                    figures.article_removed += 1
                    figures.words_lost += len(line.split())
    return figures


def main() -> None:
    print("| jusText setting | furniture lines caught | article lines removed | words lost |")
    print("|---|---:|---:|---:|")
    for name, options in SETTINGS.items():
        f = measure(options)
        print(
            f"| {name} | {f.caught} of {f.furniture} ({f.caught / f.furniture:.0%}) "
            f"| {f.article_removed} of {f.article_lines} | {f.words_lost:,} |"
        )


if __name__ == "__main__":
    main()
