"""Read the structure of a scraped article: headline, standfirst, byline, body, captions, credit.

The scraped texts this was made for (see raw/) put one paragraph on each line and follow one
pattern: the headline, a share widget, the standfirst, "By" and the author's name, then the
headline again as the alt text of the lead photo, followed by its caption, the body with more
photos (headline again, caption), the agency credit, and "Continue reading:".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsroom_import import furniture
from newsroom_import.article import CAPTION, CREDIT, HEADING, PARAGRAPH, Article, Block, Report


class ImportProblem(Exception):
    """The input cannot become an article; the message names the file and the line."""


@dataclass
class Line:
    number: int
    text: str
    hint: str = PARAGRAPH  # a web page already tells headings apart


HEADER_PARAGRAPHS = 3  # a standfirst longer than this is the body: there is no header
TERMINAL = re.compile(r"[.!?…:;,]$")
CLOSERS = "\"'”’»)]"
_AGENCIES = r"(?:getty(?: images)?|afp|reuters|efe|ap|epa|anadolu|xinhua|shutterstock|dpa|ansa)"
# A photo credit: "Photo: AFP" at the start, or "(AFP)", "/ Reuters", "© Getty Images" at the end.
PHOTO_CREDIT = re.compile(
    r"^(?:photo|photograph|image|picture|credit|file photo|archive photo)\b|"
    r"[(©/|]\s*(?:(?:photo\w*|image|credit)\b[^()]*|" + _AGENCIES + r"\b[^()]{0,30})\)?\.?$",
    re.I,
)


def lines_of(text: str) -> list[Line]:
    """The non-empty lines of a text, numbered as an editor's text editor numbers them."""
    return [
        Line(number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def _ends_sentence(text: str) -> bool:
    return bool(TERMINAL.search(text.rstrip(CLOSERS + " ")))


def _words(text: str) -> int:
    return len(text.split())


def title_problem(text: str) -> str | None:
    """Why a first line cannot be a headline, or None when it can."""
    if sum(char.isalpha() for char in text) < 3:
        return "it has no words"
    if re.match(r"^(?:https?://|www\.)", text):
        return "it is a web address"
    if furniture.byline(text) or furniture.date_line(text) or furniture.credit(text):
        return "it is a byline, a date or a credit, not a headline"
    if text.startswith(("Title:", "<", "{", "%PDF")):
        return "it is metadata or markup, not a headline"
    if _words(text) > 35 or (len(text) > 250):
        return "it is as long as a paragraph"
    return None


def _furniture_reason(text: str) -> str | None:
    if furniture.share_widget(text):
        return "share widget"
    return None


class _Parser:
    def __init__(self, lines: list[Line], report: Report, path: str) -> None:
        self.lines = lines
        self.report = report
        self.path = path
        self.pending: list[Block] = []  # standfirst paragraphs after the first: the body's start

    def parse(self, title: str | None = None) -> Article:
        position = 0
        while position < len(self.lines) and _furniture_reason(self.lines[position].text):
            self._leave_out(self.lines[position], "share widget")
            position += 1
        if title is None:
            if position >= len(self.lines):
                raise ImportProblem(f"{self.path}: no recognisable title: the file has no text")
            first = self.lines[position]
            problem = title_problem(first.text)
            if problem:
                raise ImportProblem(
                    f"{self.path}:{first.number}: no recognisable title: the first line "
                    f"{first.text[:60]!r} cannot be a headline ({problem})"
                )
            title = first.text
            self.report.find("title", first.number, title)
            position += 1
        else:  # a web page's own headline, whose text is already the Title
            while position < len(self.lines) and furniture.same_text(
                self.lines[position].text, title
            ):
                self._leave_out(self.lines[position], "repeat of the headline")
                position += 1
        article = Article(title=title)
        position = self._header(article, position)
        article.blocks = self._body(article, position)
        if not any(block.kind in (PARAGRAPH, HEADING) for block in article.blocks):
            raise ImportProblem(f"{self.path}: no article text after the title {title[:60]!r}")
        self._credit(article)
        self._crossheads(article)
        return article

    def _leave_out(self, line: Line, why: str) -> None:
        self.report.leave_out(line.number, line.text, why)

    def _header(self, article: Article, start: int) -> int:
        """Standfirst, byline and date between the headline and the body; where the body starts.

        Only a byline or the lead photo (the headline again) tells where the header ends; without
        either, everything after the headline is body.
        """
        position, standfirst, skipped = start, [], []
        header_found = False
        while position < len(self.lines):
            line = self.lines[position]
            if _furniture_reason(line.text) or furniture.date_line(line.text):
                skipped.append(line)
            elif furniture.same_text(line.text, article.title):
                header_found = True  # the lead photo: handled with the body
                break
            elif (name := self._byline(article, position)) is not None:
                header_found, position = True, name
            elif header_found or len(standfirst) == HEADER_PARAGRAPHS or line.hint != PARAGRAPH:
                break
            else:
                standfirst.append(line)
            position += 1
        if not header_found:
            return start
        for line in skipped:
            self._skip(article, line)
        if standfirst:
            article.summary = standfirst[0].text
            self.report.find("summary", standfirst[0].number, article.summary)
        self.pending = [Block(PARAGRAPH, line.text, line.number) for line in standfirst[1:]]
        return position

    def _skip(self, article: Article, line: Line) -> None:
        """A share widget, or a date line (the first one is the article's date)."""
        date = furniture.date_line(line.text)
        if date and not article.date:
            article.date = date
            self.report.find("date", line.number, f"{date} (from {line.text!r})")
        elif date:
            self._leave_out(line, "another date")
        else:
            self._leave_out(line, "share widget")

    def _byline(self, article: Article, position: int) -> int | None:
        """If a byline starts here, record it and return the index of its last line."""
        line = self.lines[position]
        found = furniture.byline(line.text)
        if found is None:
            return None
        name, agency = found
        end = position
        if not name:  # "By" alone: the name is on the next line
            if position + 1 >= len(self.lines):
                return None
            end = position + 1
            found = furniture.person(self.lines[end].text)
            if found is None:
                return None
            name, agency = found
        article.author = name
        where = self.lines[end].number
        label = "" if end == position else f' (after "{line.text}" on line {line.number})'
        self.report.find("author", where, f"{name}{label}")
        if agency and not article.agency:
            article.agency = agency
            self.report.find("agency", where, f"{agency} (from the byline)")
        return end

    def _body(self, article: Article, start: int) -> list[Block]:
        blocks: list[Block] = list(self.pending)
        position = start
        while position < len(self.lines):
            line = self.lines[position]
            position += 1
            if furniture.same_text(line.text, article.title):
                self._leave_out(line, "repeat of the headline")
                if line.hint == PARAGRAPH:  # a photo's alt text: its caption follows
                    position = self._captions(blocks, position)
                continue
            rest = furniture.more_articles(line.text)
            if rest is not None:
                position = self._more_articles(line, rest, position)
                continue
            if _furniture_reason(line.text) or (not blocks and furniture.date_line(line.text)):
                self._skip(article, line)
                continue
            kind = HEADING if line.hint == HEADING else PARAGRAPH
            blocks.append(Block(kind, line.text, line.number))
        return blocks

    def _captions(self, blocks: list[Block], position: int) -> int:
        """The captions of a photo that did not come along: the lines after its alt text."""
        first = True
        while position < len(self.lines):
            text = self.lines[position].text
            if first:  # a caption, unless it reads like the body's first paragraph
                is_caption = (
                    _words(text) <= 15
                    or PHOTO_CREDIT.search(text) is not None
                    or (_words(text) <= 40 and not _ends_sentence(text))
                )
            else:
                is_caption = _words(text) <= 40 and (
                    PHOTO_CREDIT.search(text) is not None
                    or (not _ends_sentence(text) and _words(text) >= 5 and text[0] not in '“"«')
                )
            if (
                not is_caption
                or self.lines[position].hint != PARAGRAPH
                or furniture.credit(text)
                or furniture.more_articles(text) is not None
                or _furniture_reason(text)
            ):
                break
            blocks.append(Block(CAPTION, text, self.lines[position].number))
            self.report.find("caption", self.lines[position].number, text)
            position += 1
            first = False
        return position

    def _more_articles(self, line: Line, rest: str, position: int) -> int:
        """Leave out a "Read also:" label and the other articles' headlines it introduces."""
        self._leave_out(line, "link to other articles")
        if rest:
            return position
        following = self.lines[position:]
        if following and all(_headline_like(other.text) for other in following):
            for other in following:  # only headlines follow: a list of other articles
                self._leave_out(other, f'headline listed under "{line.text}"')
            return len(self.lines)
        if (
            following
            and _headline_like(following[0].text)
            and not line.text.lower().startswith(("continue", "keep"))
        ):
            self._leave_out(following[0], f'headline linked from "{line.text}"')
            return position + 1
        return position

    def _credit(self, article: Article) -> None:
        for block in reversed(article.blocks[-3:]):
            agency = furniture.credit(block.text) if block.kind == PARAGRAPH else None
            if agency:
                block.kind = CREDIT
                self.report.find("credit", block.line, block.text)
                if not article.agency:
                    article.agency = agency
                    self.report.find("agency", block.line, f"{agency} (from the credit line)")
                return

    def _crossheads(self, article: Article) -> None:
        blocks = article.blocks
        for index in range(1, len(blocks) - 1):
            block = blocks[index]
            if (
                block.kind == PARAGRAPH
                and blocks[index - 1].kind in (PARAGRAPH, CAPTION)
                and blocks[index + 1].kind == PARAGRAPH
                and _crosshead_like(block.text)
            ):
                block.kind = HEADING
        for block in blocks:
            if block.kind == HEADING:
                self.report.find("crosshead", block.line, block.text)


def _headline_like(text: str) -> bool:
    return _words(text) <= 25 and not _ends_sentence(text)


def _crosshead_like(text: str) -> bool:
    """A short line that is no sentence, standing between paragraphs: a subheading."""
    bare = text.strip(CLOSERS + "“\"'‘«( ")
    return (
        1 <= _words(text) <= 8
        and len(text) <= 70
        and bool(bare)
        and bare[0].isupper()
        and not _ends_sentence(text)
        and furniture.credit(text) is None
    )


def parse_lines(lines: list[Line], report: Report, path: str, title: str | None = None) -> Article:
    """The article in these lines; raises ImportProblem naming the file when there is none."""
    return _Parser(lines, report, path).parse(title)
