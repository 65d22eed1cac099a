"""Read the structure of a scraped article: headline, standfirst, byline, body, captions, credit.

Scraped texts put one paragraph on each line. Two passes read them: the first sets aside what
furniture.toml recognises (share widgets, ads, newsletter prompts, links to other articles,
photo widgets, paywall notices...) and repairs what scraping broke in a line (a drop cap cut
from its word, paragraphs glued together); the second reads the structure that news pages
share: the headline (or a kicker and the headline), a standfirst, "By" and the author's name,
the headline again as the alt text of the lead photo with its caption, the body with its
crossheads, and the agency's credit at the end.
"""

from __future__ import annotations

import html
import re

from newsroom.importer import furniture, shapes, sites
from newsroom.importer.article import (
    CAPTION,
    CREDIT,
    HEADING,
    LIST,
    PARAGRAPH,
    QUOTE,
    Article,
    Block,
    Report,
)
from newsroom.importer.lines import ITEM, Line

QUOTE_HINT = "quote"
PHOTO_CREDIT_HINT = "photo credit"  # a bare credit: part of the caption before it, if any
LABELLED = "labelled"  # a page label stood before the text ("Story highlights", "(CNN)")


class ImportProblem(Exception):
    """The input cannot become an article; the message names the file and the line."""


HEADER_PARAGRAPHS = 3  # a standfirst longer than this is the body: there is no header
TOP_LINES = 4  # where a "top" rule (a dateline) may stand
TERMINAL = re.compile(r"[.!?…:;,]$")
CLOSERS = "\"'”’»)]"
_SENTENCE_BREAK = re.compile(r"[.!?…][\"”’»]?\s+[\"“„«]?[A-ZÀ-Þ]")
# Paragraphs a scraper glued together: "…meeting.“The wind…", "…he wrote.Mr Di Maio…".
_GLUED = re.compile(
    r"(?:[^\W\d_]{2}|\d{4})[”\"’»]?[.!?][”\"’»]?(?=[„“\"«]?[A-ZÀ-Þ](?:[a-zà-ÿ]|\s))"
)
GLUED_MINIMUM = 3  # one glued sentence may be the writer's typo; several are lost breaks
_DROP_CAP = re.compile(r"[A-ZÀ-Þ]")
_CAPTION_WORDS = 60
_POST_LINK = re.compile(r"pic\.twitter\.com/|https?://t\.co/")


def _ends_sentence(text: str) -> bool:
    return bool(TERMINAL.search(text.rstrip(CLOSERS + " ")))


def _words(text: str) -> int:
    return len(text.split())


def headline_like(text: str) -> bool:
    """A line that reads as a headline, not a sentence: short, with no full stop at its end."""
    bare = text.rstrip(CLOSERS + " ")
    return _words(text) <= 25 and not re.search(r"[.…:;,]$", bare)


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
    if _words(text) > 30 or len(text) > 200:
        return "it is as long as a paragraph"
    bare = text.rstrip(CLOSERS + " ")
    if bare.endswith((".", "…")) and _words(text) > 10:
        return "it is a sentence, the article's first (its lede), not a headline"
    if _SENTENCE_BREAK.search(text) and _words(text) > 12:
        return "it holds more than one sentence"
    return None


class _Parser:
    def __init__(self, lines: list[Line], report: Report, path: str, markup: bool) -> None:
        self.lines = lines
        self.markup = markup  # the lines come from HTML, where a headline is a heading
        self.report = report
        self.path = path
        self.pending: list[Block] = []  # standfirst paragraphs after the first: the body's start
        self.author: tuple[str, int] | None = None  # from a "Write to … at" line
        self.end_mark: int | None = None  # the line of a "###" end mark
        self.site_furniture: dict[str, str] = {}  # the site's own furniture, learnt (sites.py)

    # --- the first pass: furniture and broken lines ---------------------------------------

    def set_aside_furniture(self) -> None:
        self.lines = [part for line in self.lines for part in self._unglued_links(line)]
        kept: list[Line] = []
        position = 0
        self._box_open = False  # a call to action was just left out: a pitch after it goes too
        self._last_contact: Line | None = None  # the kept line before a contact block
        while position < len(self.lines):
            line = self.lines[position]
            position += 1
            verdict = self._furniture(line, kept)
            if verdict == "keep":
                kept.append(line)
            elif verdict == "introduces":
                position = self._other_articles(line, position)
        self.lines = [part for line in kept for part in self._repaired(line)]
        self._join_drop_caps()
        self._headlines_of_others()
        self._site_furniture()

    def _site_furniture(self) -> None:
        """What the site's other texts also hold (sites.py), once the shapes had their look."""
        kept = []
        for line in self.lines:
            why = self.site_furniture.get(sites.key(line.text))
            if why:
                self._leave_out(line, why)
            else:
                kept.append(line)
        self.lines = kept

    def _furniture(self, line: Line, kept: list[Line]) -> str:
        """What the first pass does with a line: "keep" it (maybe changed), "drop" it, or it
        "introduces" other articles (dropped, and the headlines after it with it)."""
        box_open, self._box_open = self._box_open, False
        verdict = self._whole_line(line)
        if verdict is None:
            verdict = self._shape(line, kept, box_open)
        if verdict is None and self._without_label(line, kept):
            verdict = self._line_end(line, kept)
        return verdict or "drop"

    def _shape(self, line: Line, kept: list[Line], box_open: bool) -> str | None:
        """Furniture told by its shape on any site (shapes.py): "drop", or None."""
        text = line.text
        if shapes.call_to_action(text):
            self._leave_out(line, "call to action (by its shape)")
            if kept and kept[-1].hint == PARAGRAPH and shapes.pitch(kept[-1].text):
                self._leave_out(kept.pop(), "the pitch of a sign-up box, before its call to action")
            self._box_open = True
            return "drop"
        if box_open and shapes.pitch(text):
            self._leave_out(line, "the pitch of a sign-up box, after its call to action")
            return "drop"
        if what := shapes.bracketed(text):
            self._leave_out(line, what)
            return "drop"
        if shapes.author_contact(text):
            self._leave_out(line, "the author's contact line (by its shape)")
            return "drop"
        if shapes.wire_source(text) or shapes.link_line(text):
            self._leave_out(line, "a wire's signature or a link (by its shape)")
            return "drop"
        if shapes.opens_contacts(text) or (
            kept and kept[-1] is self._last_contact and shapes.contact_data(text)
        ):
            self._leave_out(line, "a press release's contacts (by their shape)")
            self._last_contact = kept[-1] if kept else None
            return "drop"
        return None

    def _unglued_links(self, line: Line) -> list[Line]:
        """A "Read also" link and its headline glued into a paragraph: cut out, the paragraph
        before and the one after kept apart."""
        found = shapes.glued_link(line.text)
        if found is None:
            return [line]
        start, end = found
        self.report.leave_out(line.number, line.text[start:end], "link to another article, glued")
        before = Line(line.number, line.text[:start].strip(), gap=line.gap)
        after = Line(line.number, line.text[end:].strip(), gap=1)
        return [before] + [part for part in self._unglued_links(after) if part.text]

    def _headlines_of_others(self) -> None:
        """Headlines of other articles among the lines: a list of them after a short label to
        the end of the text ("En tendencia:"), with any just before the label; or two or more
        in a row between paragraphs."""
        lines, dropped = self.lines, set()
        # The headline again (the lead photo's alt text) and the caption after it are no link.
        headline = self.given_title or (lines[0].text if lines else "")
        photo = {
            index + offset
            for index, line in enumerate(lines)
            if furniture.same_text(line.text, headline)
            for offset in (0, 1)
        }

        def other(index: int) -> bool:
            text = lines[index].text
            distinct = index == 0 or not furniture.same_text(text, lines[index - 1].text)
            return (
                index not in photo
                and distinct
                and shapes.teaser(text)
                and not furniture.photo_credit(text)
            )

        for index in range(2, len(lines)):
            rest = lines[index + 1 :]
            if (
                shapes.introduces_list(lines[index].text)
                and len(rest) >= 2
                and all(other(later) for later in range(index + 1, len(lines)))
            ):
                start = index
                while start > 2 and other(start - 1):
                    start -= 1
                dropped.update(range(start, len(lines)))
                break
        run: list[int] = []
        for index in range(2, len(lines) + 1):
            if index < len(lines) and other(index):
                run.append(index)
                continue
            if len(run) >= 2:
                dropped.update(run)
            run = []
        for index in sorted(dropped):
            self._leave_out(lines[index], "headline of another article (by its shape)")
        self.lines = [line for index, line in enumerate(lines) if index not in dropped]

    def _whole_line(self, line: Line) -> str | None:
        """A line that is furniture as a whole (a widget, a label and its text); None if not."""
        if furniture.share_widget(line.text):
            self._leave_out(line, "share widget")
            return "drop"
        found = furniture.find(line.text, "line", "start")
        if found is None:
            return None
        if found.rule.becomes == "credit":
            return "keep"  # a credit line counts only at the end: decided with the blocks
        if found.rule.kind == "photo credit":
            line.hint = PHOTO_CREDIT_HINT  # part of the caption before it, if there is one
            return "keep"
        if not found.rule.sure:
            self.report.keep_unsure(line.number, line.text, found.label)
            return "keep"
        self._leave_out(line, found.label)
        if found.author and not self.author:
            self.author = (found.author, line.number)
        if found.rule.kind == "separator" and line.text.startswith("#"):
            self.end_mark = line.number
        label_alone = found.end >= len(line.text) - 2 or line.text.rstrip().endswith(":")
        return "introduces" if found.rule.then == "headline" and label_alone else "drop"

    def _without_label(self, line: Line, kept: list[Line]) -> bool:
        """Take a page label ("ENLARGE", "(CNN)") or share buttons off the line's start;
        False when nothing is left of the line."""
        label = furniture.find(line.text, "label")
        if label and (label.rule.where != "top" or len(kept) < TOP_LINES):
            rest = line.text[label.end :].strip()
            self.report.leave_out(line.number, line.text[: label.end].strip(), label.label)
            line.text = rest
            line.hint = CAPTION if label.rule.becomes == "caption" else LABELLED
            return bool(rest)
        cut = furniture.share_prefix(line.text)
        if cut and line.text[cut:].strip():
            self.report.leave_out(line.number, line.text[:cut].strip(), "share widget")
            line.text = line.text[cut:].strip()
        return True

    def _line_end(self, line: Line, kept: list[Line]) -> str:
        """What the line's end says: a caption's credit, an embedded post's attribution, a
        "Read more" tail; and a ticker glued into its sentence goes."""
        end = furniture.find(line.text, "end")
        if end and end.rule.becomes == "caption" and _words(line.text) <= _CAPTION_WORDS:
            line.hint = CAPTION
        elif end and end.rule.becomes == "quote":
            return self._embedded_post(line, end, kept)
        tail = furniture.find(line.text, "tail")
        if tail and tail.rule.becomes is None and line.hint != CAPTION:
            rest = line.text[: tail.start].rstrip()
            if not rest or headline_like(rest):
                self._leave_out(line, f"{tail.label}: a teaser for another article")
                return "drop"
            if _ends_sentence(rest):
                self.report.leave_out(line.number, line.text[tail.start :], tail.label)
                line.text = rest
        for found in reversed(furniture.inline_findings(line.text)):
            self.report.leave_out(line.number, line.text[found.start : found.end], found.label)
            line.text = (line.text[: found.start] + line.text[found.end :]).strip()
        return "keep"

    def _embedded_post(self, line: Line, found: furniture.Finding, kept: list[Line]) -> str:
        """A flattened post from a social network: its text and "— Name (@handle) date"."""
        attribution = line.text[found.start :].strip()
        text = line.text[: found.start].strip()
        before = kept[-1] if kept else None
        if (
            not text
            and before is not None
            and before.hint == PARAGRAPH
            and (not _ends_sentence(before.text) or _POST_LINK.search(before.text))
        ):
            before.hint = QUOTE_HINT  # the post's text stood on the line before
            before.text += "\n" + attribution
            self.report.find("quote", line.number, f"{attribution} (an embedded post)")
            return "drop"
        line.hint = QUOTE_HINT
        line.text = f"{text}\n{attribution}" if text else attribution
        self.report.find("quote", line.number, f"{attribution} (an embedded post)")
        return "keep"

    def _other_articles(self, line: Line, position: int) -> int:
        """Leave out the headlines a "Read also:" line introduces; where the text goes on."""
        following = self.lines[position:]
        # Furniture among them (an ad between two links) does not end the list.
        listed = [other for other in following if not _furniture_line(other)]
        headlines = [other for other in listed if _headline_of_another(other)]
        if listed and len(headlines) == len(listed):
            for other in following:  # only headlines follow: a list of other articles
                if other in headlines:
                    self._leave_out(other, f'headline listed under "{line.text}"')
                else:
                    self._furniture(other, [])
            return len(self.lines)
        if (
            following
            and _headline_of_another(following[0])
            and not line.text.lower().startswith(("continue", "keep"))
        ):
            self._leave_out(following[0], f'headline linked from "{line.text}"')
            return position + 1
        return position

    def _repaired(self, line: Line) -> list[Line]:
        """A line whose paragraphs a scraper glued together, as its paragraphs again."""
        cuts = [
            match.end()
            for match in _GLUED.finditer(line.text)
            if not re.search(r"[@/]|www", _token_at(line.text, match.end() - 1))
        ]
        if len(cuts) < GLUED_MINIMUM or line.hint != PARAGRAPH:
            return [line]
        self.report.note(
            line.number,
            f"{len(cuts)} paragraph break(s) restored where sentences were glued together "
            f"(…{line.text[max(cuts[0] - 12, 0) : cuts[0] + 12]}…)",
        )
        bounds = [0, *cuts, len(line.text)]
        return [
            Line(line.number, line.text[start:end].strip(), gap=line.gap)
            for start, end in zip(bounds, bounds[1:], strict=False)
            if line.text[start:end].strip()
        ]

    def _join_drop_caps(self) -> None:
        """A drop cap scraped as a line of its own ("T" / "he ornate facade…"): one word again."""
        lines = self.lines
        for index in range(len(lines) - 2, -1, -1):
            letter, rest = lines[index], lines[index + 1]
            if _DROP_CAP.fullmatch(letter.text) and rest.text[:1].islower():
                rest.text = letter.text + rest.text
                rest.number, rest.gap = letter.number, letter.gap
                self.report.note(letter.number, f"drop cap {letter.text!r} joined to its word")
                del lines[index]

    # --- the second pass: structure -------------------------------------------------------

    def parse(self, title: str | None = None) -> Article:
        self.given_title = title
        self.set_aside_furniture()
        position, title, in_text = self._headline(title)
        article = Article(title=title)
        position = self._header(article, position, in_text)
        article.blocks = self._body(article, position)
        if not any(block.kind in (PARAGRAPH, HEADING) for block in article.blocks):
            raise ImportProblem(f"{self.path}: no article text after the title {title[:60]!r}")
        if self.author and not article.author:
            article.author, line = self.author
            self.report.find("author", line, f"{article.author} (from a contact line)")
        self._credit(article)
        self._repeats(article)
        self._crossheads(article)
        self._check_by_hand(article)
        return article

    def _headline(self, given: str | None) -> tuple[int, str, bool]:
        """Where the text after the headline starts, the headline, and whether the text had it."""
        lines, position = self.lines, 0
        if position < len(lines) - 1 and _kicker(lines[0], lines[1], given):
            self._leave_out(lines[0], "section label (kicker) above the headline")
            position = 1
        if given is not None:
            in_text = False
            while position < len(lines) and furniture.same_text(lines[position].text, given):
                self._leave_out(lines[position], "repeat of the headline")
                position, in_text = position + 1, True
            return position, given, in_text
        if position >= len(lines):
            raise ImportProblem(f"{self.path}: no recognisable title: the file has no text")
        first = lines[position]
        problem = title_problem(first.text)
        if first.hint in (CAPTION, LABELLED, QUOTE_HINT, PHOTO_CREDIT_HINT, ITEM):
            problem = "it follows a page label or is a caption, not a headline"
        elif self.markup and first.hint != HEADING:
            problem = "in HTML a headline is a heading (<h1>…), and this is a paragraph"
        if problem:
            raise ImportProblem(
                f"{self.path}:{first.number}: no recognisable title: the first line "
                f"{first.text[:60]!r} cannot be a headline ({problem}); give the headline "
                'with --title "…" (make import … TITLE="…")'
            )
        self.report.find("title", first.number, first.text)
        return position + 1, first.text, True

    def _leave_out(self, line: Line, why: str) -> None:
        self.report.leave_out(line.number, line.text, why)

    def _header(self, article: Article, start: int, headline_in_text: bool) -> int:
        """Standfirst, byline and date between the headline and the body; where the body starts.

        A byline or the lead photo (the headline again) tells where the header ends. Without
        either, a standfirst is recognised by its look alone (see `_standfirst`), and
        everything else after the headline is body.
        """
        position, standfirst, skipped = start, [], []
        header_found = False
        while position < len(self.lines):
            line = self.lines[position]
            if furniture.date_line(line.text):
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
            position = start
            while position < len(self.lines) and furniture.date_line(self.lines[position].text):
                self._date(article, self.lines[position])
                position += 1
            if self._standfirst(position, headline_in_text):
                standfirst, position = [self.lines[position]], position + 1
            else:
                return position
        for line in skipped:
            self._date(article, line)
        if standfirst:
            article.summary = standfirst[0].text
            self.report.find("summary", standfirst[0].number, article.summary)
        self.pending = [Block(PARAGRAPH, line.text, line.number) for line in standfirst[1:]]
        return position

    def _standfirst(self, position: int, headline_in_text: bool) -> bool:
        """Whether the line at `position`, with no byline after it, is a standfirst.

        A standfirst often has no full stop; after a headline found in the text, it may also be
        set apart by a wider gap than the paragraphs', or be one sentence before a longer one.
        A lede, the first paragraph of a text whose headline was given, ends as sentences do.
        """
        following = self.lines[position : position + 3]
        if len(following) < 2 or following[0].hint not in (PARAGRAPH, LABELLED):
            return False
        line, after = following[0], following[1]
        if not 8 <= _words(line.text) <= 60 or after.hint not in (PARAGRAPH, LABELLED):
            return False
        if not _ends_sentence(line.text):
            return True
        if not headline_in_text:
            return False
        rest_gap = following[2].gap if len(following) > 2 else after.gap
        set_apart = after.gap > 1 and after.gap > rest_gap
        one_sentence = not _SENTENCE_BREAK.search(line.text) and _words(line.text) >= 10
        return set_apart or (one_sentence and _words(after.text) > _words(line.text))

    def _date(self, article: Article, line: Line) -> None:
        """A date line: the first one is the article's date."""
        date = furniture.date_line(line.text)
        if date and not article.date:
            article.date = date
            self.report.find(
                "date", line.number, f"{date} (read from {line.text!r}, written as ISO)"
            )
        else:
            self._leave_out(line, "another date")

    def _byline(self, article: Article, position: int) -> int | None:
        """If a byline starts here, record it and return the index of its last line."""
        line = self.lines[position]
        found = furniture.byline(line.text)
        if found is None:
            return None
        end = position
        if not found.name:  # "By" alone: the name is on the next line
            if position + 1 >= len(self.lines):
                return None
            end = position + 1
            found = furniture.person(self.lines[end].text)
            if found is None:
                return None
        article.author = found.name
        where = self.lines[end].number
        label = "" if end == position else f' (after "{line.text}" on line {line.number})'
        self.report.find("author", where, f"{found.name}{label}")
        if found.agency and not article.agency:
            article.agency = found.agency
            self.report.find("agency", where, f"{found.agency} (from the byline)")
        if found.role:
            self.report.leave_out(where, found.role, "the author's role, from the byline")
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
            if not blocks and furniture.date_line(line.text):
                self._date(article, line)
            elif line.hint == CAPTION:
                self._caption(blocks, line)
            elif line.hint == PHOTO_CREDIT_HINT:
                if blocks and blocks[-1].kind == CAPTION:
                    self._caption(blocks, line)
                else:
                    self._leave_out(line, "photo credit")
            elif line.hint == QUOTE_HINT:
                blocks.append(Block(QUOTE, line.text, line.number, items=line.text.split("\n")))
            elif line.hint == ITEM or line.indented:
                position = self._list(blocks, line, position)
            else:
                kind = HEADING if line.hint == HEADING else PARAGRAPH
                soft = line.soft or line.hint == LABELLED
                blocks.append(Block(kind, line.text, line.number, soft=soft))
        return blocks

    def _caption(self, blocks: list[Block], line: Line) -> None:
        blocks.append(Block(CAPTION, line.text, line.number))

    def _list(self, blocks: list[Block], first: Line, position: int) -> int:
        """List items in a row (or indented lines with no blank line between): one list."""
        items = [first]
        while position < len(self.lines):
            line = self.lines[position]
            same_run = line.hint == first.hint and (
                first.hint == ITEM or (line.indented and line.gap == 1)
            )
            if not same_run:
                break
            items.append(line)
            position += 1
        if len(items) == 1:
            blocks.append(Block(PARAGRAPH, first.text, first.number))
            if first.indented:
                self.report.note(
                    first.number,
                    "indented; the indent is dropped so that the line stays a paragraph "
                    "(Markdown would show it as code)",
                )
            return position
        texts = [item.text for item in items]
        blocks.append(Block(LIST, texts[0], first.number, items=texts))
        self.report.find("list", first.number, f"{len(items)} items: {texts[0]} …")
        return position

    def _captions(self, blocks: list[Block], position: int) -> int:
        """The captions of a photo that did not come along: the lines after its alt text."""
        first = True
        while position < len(self.lines):
            line = self.lines[position]
            text = line.text
            credit_line = line.hint == PHOTO_CREDIT_HINT or furniture.photo_credit(text)
            if first:  # a caption, unless it reads like the body's first paragraph
                is_caption = (
                    _words(text) <= 15
                    or credit_line
                    or (_words(text) <= 40 and not _ends_sentence(text))
                )
            else:
                is_caption = _words(text) <= 40 and (
                    credit_line
                    or (not _ends_sentence(text) and _words(text) >= 5 and text[0] not in '“"«')
                )
            if (
                not is_caption
                or line.hint not in (PARAGRAPH, CAPTION, PHOTO_CREDIT_HINT)
                or furniture.credit(text)
            ):
                break
            self._caption(blocks, line)
            position += 1
            first = False
        return position

    def _credit(self, article: Article) -> None:
        """The agency's credit: a line among the last three, or a tail of the last paragraph."""
        paragraphs = [block for block in article.blocks if block.kind == PARAGRAPH]
        for block in reversed(article.blocks[-3:]):
            found = furniture.credit(block.text) if block.kind == PARAGRAPH else None
            if found:
                block.kind = CREDIT
                self._record_credit(article, block, found)
                return
        if not paragraphs or paragraphs[-1] is not article.blocks[-1]:
            return
        last = paragraphs[-1]
        found = furniture.find(last.text, "tail")
        if found and found.rule.becomes == "credit" and last.text[: found.start].strip():
            credit = Block(CREDIT, last.text[found.start :].strip(), last.line)
            last.text = last.text[: found.start].rstrip()
            article.blocks.append(credit)
            self._record_credit(article, credit, found)

    def _record_credit(self, article: Article, block: Block, found: furniture.Finding) -> None:
        self.report.find("credit", block.line, block.text)
        if found.agency and not article.agency:
            article.agency = found.agency
            self.report.find("agency", block.line, f"{found.agency} (from the credit line)")

    def _repeats(self, article: Article) -> None:
        """A line shown twice: a caption printed again, or the title of an embedded video."""
        first_of: dict[str, Block] = {}
        kept = []
        for block in article.blocks:
            key = " ".join(block.text.split()).casefold()
            earlier = first_of.setdefault(key, block)
            if earlier is block or block.kind not in (PARAGRAPH, CAPTION):
                kept.append(block)
            elif block.kind == CAPTION:
                self.report.leave_out(block.line, block.text, f"repeat of line {earlier.line}")
            elif not headline_like(block.text) or not shapes.teaser(block.text):
                kept.append(block)  # a refrain, a verse: said twice on purpose
                self.report.keep_unsure(block.line, block.text, f"repeats line {earlier.line}")
            else:
                why = "a headline shown twice: the title of an embedded video or link"
                self.report.leave_out(block.line, block.text, why)
                if earlier in kept:
                    kept.remove(earlier)
                    self.report.leave_out(earlier.line, earlier.text, why)
        article.blocks = kept

    def _crossheads(self, article: Article) -> None:
        blocks = article.blocks
        for index in range(1, len(blocks) - 1):
            block = blocks[index]
            if (
                block.kind == PARAGRAPH
                and not block.soft
                and blocks[index - 1].kind in (PARAGRAPH, CAPTION, LIST)
                and blocks[index + 1].kind == PARAGRAPH
                and _crosshead_like(block.text)
            ):
                block.kind = HEADING
        for block in blocks:
            if block.kind in (HEADING, CAPTION):
                what = "crosshead" if block.kind == HEADING else "caption"
                self.report.find(what, block.line, block.text)

    def _check_by_hand(self, article: Article) -> None:
        """Report what may be furniture but cannot be told from the article's own lines."""
        indented = {line.number for line in self.lines if line.indented}
        blocks = article.blocks
        for index, block in enumerate(blocks):
            if block.kind != PARAGRAPH:
                continue
            if self.end_mark and block.line and block.line > self.end_mark:
                why = f"after the end mark on line {self.end_mark}: a press release's boilerplate?"
                self.report.keep_unsure(block.line, block.text, why)
            elif not headline_like(block.text) or not 0 < index < len(blocks) - 1:
                continue
            elif block.line in indented:
                why = "an indented headline standing alone: a link to another article?"
                self.report.keep_unsure(block.line, block.text, why)
            elif _words(block.text) > 8 and blocks[index + 1].kind in (PARAGRAPH, HEADING):
                why = "a headline standing alone between paragraphs: a link to another article?"
                self.report.keep_unsure(block.line, block.text, why)


def _token_at(text: str, index: int) -> str:
    start = text.rfind(" ", 0, index) + 1
    end = text.find(" ", index)
    return text[start : end if end >= 0 else len(text)]


def _kicker(first: Line, second: Line, given: str | None) -> bool:
    """A section label right above the headline ("Política"): one or two words, then, on the
    very next line, a headline. A short headline followed by a blank line is a headline."""
    if _words(first.text) > 2 or _ends_sentence(first.text) or furniture.date_line(first.text):
        return False
    if second.gap != 1:
        return False
    if given is not None:
        return furniture.same_text(second.text, given)
    return title_problem(second.text) is None and _words(second.text) >= _words(first.text) + 2


def _furniture_line(line: Line) -> bool:
    """A line left out whole whatever stands around it: an ad, a share widget, a call to
    action, an author's contact line."""
    text = line.text
    found = furniture.find(text, "line", "start")
    if found and found.rule.sure and not found.rule.becomes:
        return True
    return (
        furniture.share_widget(text) or shapes.call_to_action(text) or shapes.author_contact(text)
    )


def _headline_of_another(line: Line) -> bool:
    """A line listed under "Read also:": a headline, or a list item ("- Quel est…?")."""
    if furniture.find(line.text, "line", "start") or furniture.share_widget(line.text):
        return False
    text = re.sub(r"^[-–—•*►]\s+", "", line.text)
    return headline_like(text) or (text != line.text and _words(text) <= 25)


def _crosshead_like(text: str) -> bool:
    """A short line that is no sentence, standing between paragraphs: a subheading.

    Entities are read as characters for this judgment only (`&quot;Gilets blancs&quot;`).
    """
    text = html.unescape(text)
    bare = text.strip(CLOSERS + "“\"'‘«( ")
    return (
        1 <= _words(text) <= 8
        and len(text) <= 70
        and bool(bare)
        and bare[0].isupper()
        and not _ends_sentence(text)
        and furniture.credit(text) is None
    )


def parse_lines(
    lines: list[Line],
    report: Report,
    path: str,
    title: str | None = None,
    markup: bool = False,
    site_furniture: dict[str, str] | None = None,
) -> Article:
    """The article in these lines; raises ImportProblem naming the file when there is none.

    `markup`: the lines come from an HTML fragment, whose headline, if any, is a heading.
    `site_furniture`: lines known as the site's furniture (sites.py), by key, with the reason.
    """
    parser = _Parser(lines, report, path, markup)
    parser.site_furniture = site_furniture or {}
    return parser.parse(title)
