"""Synthetic news sites for the benchmark: wire stories shaped like the real one.

Every article is generated from a fixed seed, so two runs (or two machines) build the same
bytes. An article has the real article's metadata block, about 700 words in about 15
paragraphs, some non-ASCII prose, sometimes a caption of a missing photo and a credit line.
The *realistic* mix puts stray tag fragments (`< /b>provides`, `AFP b>.`, `Belarus< /b>,`)
in 1 article in 10; the *worst* mix puts several in every article; the *mixed* mix puts 3 to 6
in every article, of every shape the cleaning knows (`< /b>`, ` b>`, `</b>`, `&lt;/b&gt;`,
`<b`, `</ b>`): its instruction counts measure what cleaning costs per article.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

MIXES = ("realistic", "worst", "mixed")
SEED = 20221124

WORDS = (
    "the of and to in a that for on with as by at from is was were has have had be been "
    "will would said says told according officials government minister president country "
    "countries military alliance security treaty organization member members summit "
    "capital region regional border war conflict peace talks agreement troops forces army "
    "defense defence aggression influence power powers economy economic trade sanctions "
    "energy gas oil prices market markets bank inflation growth crisis election elections "
    "vote voters party opposition parliament law court judge ruling protest protesters "
    "police city villages residents people families children women men workers union "
    "strike hospital health vaccine drought harvest farmers water climate emissions "
    "report reports analyst analysts researcher study center think tank newspaper press "
    "daily weekly statement interview spokesman spokeswoman ministry foreign interior "
    "cooperation solidarity tensions concerns interests priorities future decline image "
    "abroad allies partners neighbours neighbors recent last next week month year years "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday however despite although "
    "while after before during since under over between against within without about "
    "more most less many several few new old first second third major minor key main "
    "historic official officially repeated continued growing weakening strong weak"
).split()
NAMES = (
    "Nikol Pashinyan",
    "Alexander Lukashenko",
    "Vladimir Putin",
    "Shavkat Mirziyoyev",
    "Kassym-Jomart Tokayev",
    "Recep Tayyip Erdoğan",
    "Ilham Aliyev",
    "Emmanuel Macron",
    "Olaf Scholz",
    "Pedro Sánchez",
    "Luiz Inácio Lula da Silva",
    "Andrés Manuel López Obrador",
    "Volodymyr Zelensky",
    "Ursula von der Leyen",
)
PLACES = (
    "Yerevan",
    "Moscow",
    "Minsk",
    "Ankara",
    "Brussels",
    "Zürich",
    "São Paulo",
    "Bogotá",
    "Kraków",
    "Łódź",
    "Reykjavík",
    "Málaga",
    "Tbilisi",
    "Bishkek",
    "Dushanbe",
)
# Prose in other scripts and with typographic characters that the cleaning must keep intact.
NON_ASCII = (
    "“Москва слезам не верит,” he said.",
    "The daily «Le Monde» called it “a turning point” — not everyone agreed.",
    "Երևան hosted the meeting; the résumé of the talks ran to 40 pages.",
    "Officials in Αθήνα described the deal as “fragile but real”.",
    "Prices rose by 3.5 % in Köln and Göteborg, the naïve forecasts notwithstanding.",
    "The motto «Liberté, égalité, fraternité» was quoted twice.",
)
AUTHORS = (
    "Didier Lauras",
    "Marie Dupont",
    "Jean-Luc Moreau",
    "Ana Gómez",
    "Tomasz Nowak",
    "Aylin Yılmaz",
    "Oleksandr Kovalenko",
    "Sofia Rossi",
    "Lars Eriksson",
    "Chiara Bianchi",
    "Mehmet Demir",
    "Elena Petrova",
    "João Pereira",
    "Hannah Schmidt",
    "Kenji Tanaka",
    "Amina Diallo",
    "Pablo Ruiz",
    "Irina Sokolova",
    "Lucas Martin",
    "Zoé Lefèvre",
)
AGENCIES = ("AFP", "Reuters", "AP", "EFE", "DPA", "ANSA")
CATEGORIES = ("World", "Europe", "Americas", "Asia", "Africa", "Economy", "Science", "Culture")
TAGS = (
    "CSTO, Russia, Armenia, Azerbaijan, Belarus, Central Asia, Vladimir Putin, Turkey, NATO, "
    "Ukraine, European Union, China, United States, France, Germany, Spain, Italy, Poland, "
    "Brazil, Mexico, Argentina, India, Japan, Iran, Israel, Kazakhstan, Kyrgyzstan, "
    "Tajikistan, Georgia, Elections, Energy, Inflation, Climate, Drought, Health, Migration, "
    "Sanctions, Trade, Diplomacy, Defence, Protests, Courts, Media, Technology, Space, "
    "Football, Culture, Agriculture, Human rights, United Nations"
).split(", ")
# Stray fragments as scraping leaves them; Markdown shows all of them as text.
FRAGMENTS = ("< /b>", " b>", "< /b>", "</ b>", "< b >", " /b>", "< /i>", " strong>", "< /span>")
# The mixed mix: a real closing tag that closes nothing, an escaped one, an opening half.
MIXED_FRAGMENTS = ("< /b>", " b>", "</b>", "&lt;/b&gt;", "<b", "</ b>")


@dataclass(frozen=True)
class Article:
    """One generated source file: where it is, and how many fragments it carries."""

    path: Path
    slug: str
    fragments: int


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 22))]
    if rng.random() < 0.35:
        words.insert(rng.randrange(len(words)), rng.choice(NAMES))
    if rng.random() < 0.25:
        words.insert(rng.randrange(len(words)), rng.choice(PLACES))
    if rng.random() < 0.15:
        words.insert(rng.randrange(1, len(words)), rng.choice(AGENCIES))
    words[0] = words[0][:1].upper() + words[0][1:]
    text = " ".join(words)
    if rng.random() < 0.2:
        return f"“{text},” said {rng.choice(NAMES)}."
    return text + "."


def _paragraph(rng: random.Random, words_left: int) -> str:
    sentences: list[str] = []
    count = 0
    while count < words_left:
        sentence = _sentence(rng)
        sentences.append(sentence)
        count += len(sentence.split())
    if rng.random() < 0.15:
        sentences.append(rng.choice(NON_ASCII))
    return " ".join(sentences)


def _add_fragment(rng: random.Random, paragraph: str, shapes: tuple[str, ...] = FRAGMENTS) -> str:
    """Put a fragment where scraping leaves them: `< /b>provides`, `AFP b>.`, `Belarus< /b>,`."""
    fragment = rng.choice(shapes)
    # An opening half stands before a word it is not glued to (`the <b vote`): glued, it
    # would be part of that word (`<bvote`), which the cleaning keeps.
    shape = 2 if fragment == "<b" else rng.randrange(3)
    if shape == 0:  # glued to the next word: `CTO < /b>provides`
        spaces = [match.end() for match in re.finditer(r"(?<=\w) (?=\w\w)", paragraph)]
        at = rng.choice(spaces)
        return paragraph[:at] + fragment.strip() + paragraph[at:]
    if shape == 1:  # after a word, before its punctuation: `AFP b>.`, `Belarus< /b>,`
        # not in a number (`3.5`) nor in an entity (`&gt;`)
        ends = [match.start() for match in re.finditer(r"(?<=[^\W\d])[.,]", paragraph)]
        at = rng.choice(ends or [len(paragraph)])
        return paragraph[:at] + fragment + paragraph[at:]
    # alone, between two words (not inside another fragment): `the b> vote`
    spaces = [match.start() for match in re.finditer(r"(?<=\w\w) (?=\w\w)", paragraph)]
    at = rng.choice(spaces)
    return paragraph[:at] + " " + fragment.strip() + paragraph[at:]


def article_text(index: int, mix: str, seed: int = SEED) -> tuple[str, str, int]:
    """The Markdown source of article `index`: (slug, text, number of fragments)."""
    if mix not in MIXES:
        raise ValueError(f"unknown mix {mix!r}; choose one of {', '.join(MIXES)}")
    rng = random.Random(f"{seed}-{index}")
    title_words = [rng.choice(WORDS) for _ in range(rng.randint(7, 13))]
    title_words.insert(rng.randrange(len(title_words)), rng.choice(PLACES))
    title = " ".join(title_words)
    title = title[:1].upper() + title[1:]
    slug = "-".join(re.findall(r"[a-z0-9]+", title.lower()))[:80].strip("-") + f"-{index}"
    date = datetime(2020, 1, 1, 6, 0) + timedelta(hours=7 * index, minutes=index % 60)
    agency = rng.choice(AGENCIES)
    tags = rng.sample(TAGS, rng.randint(3, 5))
    summary = " ".join(_sentence(rng) for _ in range(2))

    paragraphs: list[str] = []
    words_left = 700
    for number in range(15):
        target = max(20, words_left // (15 - number))
        paragraph = _paragraph(rng, target)
        words_left -= len(paragraph.split())
        paragraphs.append(paragraph)
    if mix == "worst":
        fragments = rng.randint(3, 8)
    elif mix == "mixed":
        fragments = rng.randint(3, 6)
    else:
        fragments = rng.randint(1, 3) if index % 10 == 3 else 0
    shapes = MIXED_FRAGMENTS if mix == "mixed" else FRAGMENTS
    for _ in range(fragments):
        where = rng.randrange(len(paragraphs))
        paragraphs[where] = _add_fragment(rng, paragraphs[where], shapes)
    if rng.random() < 0.3:
        caption = f"{rng.choice(NAMES)} in {rng.choice(PLACES)}"
        figure = (
            f'<figure class="photo-unavailable">\n<figcaption>{caption}</figcaption>\n</figure>'
        )
        paragraphs.insert(rng.randrange(1, 4), figure)
    if rng.random() < 0.2:
        paragraphs.insert(rng.randrange(4, 12), "## " + " ".join(rng.sample(WORDS, 3)).title())
    paragraphs.append(f"(With information from {agency})\n{{: .credit }}")

    header = "\n".join(
        (
            f"Title: {title}",
            f"Date: {date:%Y-%m-%d %H:%M}",
            f"Author: {rng.choice(AUTHORS)}",
            f"Agency: {agency}",
            f"Source: https://news.example/{slug}/{10000 + index}/",
            "Source_name: news.example",
            "Translated: yes",
            f"Category: {rng.choice(CATEGORIES)}",
            f"Tags: {', '.join(tags)}",
            f"Slug: {slug}",
            "Lang: en",
            f"Summary: {summary}",
        )
    )
    return slug, header + "\n\n" + "\n\n".join(paragraphs) + "\n", fragments


def write_site(
    content: Path,
    count: int,
    mix: str,
    article_dir: str = "articles",
    extra_content: Path | None = None,
    seed: int = SEED,
) -> list[Article]:
    """Write `count` articles into `content/article_dir`, next to a copy of `extra_content`.

    `extra_content` is the project's own content folder minus its articles (the pages, and
    any static files), so the synthetic site has the same pages and navigation as the real one.
    """
    if content.exists():
        shutil.rmtree(content)
    content.mkdir(parents=True)
    if extra_content is not None:
        for entry in sorted(extra_content.iterdir()):
            if entry.name == article_dir:
                continue
            if entry.is_dir():
                shutil.copytree(entry, content / entry.name)
            else:
                shutil.copy2(entry, content / entry.name)
    folder = content / article_dir
    folder.mkdir(parents=True, exist_ok=True)
    articles = []
    for index in range(count):
        slug, text, fragments = article_text(index, mix, seed)
        path = folder / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        articles.append(Article(path, slug, fragments))
    return articles


def touch_article(article: Article, revision: int) -> None:
    """Change one article as an editor would (a corrected sentence), and move its mtime on."""
    text = article.path.read_text(encoding="utf-8")
    text = re.sub(r"\n\nEditor's note, revision \d+\.\n$", "\n", text)
    text = text.rstrip("\n") + f"\n\nEditor's note, revision {revision}.\n"
    article.path.write_text(text, encoding="utf-8")
    stamp = article.path.stat().st_mtime + 2 + revision
    os.utime(article.path, (stamp, stamp))


# A camera's GPS block: a position in Yerevan.
GPS = {1: "N", 2: (40.0, 10.0, 30.0), 3: "E", 4: (44.0, 30.0, 15.0)}


def camera_jpeg(width: int = 3000, height: int = 2000, orientation: int = 1) -> bytes:
    """A JPEG as a camera writes it: EXIF with its make, model, orientation and GPS position,
    a red block in its top left corner (to see which way up it is published), some grain."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (90, 120, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width // 3, height // 2), fill=(220, 40, 40))
    for step in range(0, width, max(1, width // 60)):
        draw.line(
            (step, height // 2, width - step, height), fill=(40, 60 + step % 120, 90), width=3
        )
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "Canon", "EOS R5", orientation
    exif[0x8825] = GPS
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()
