"""Page furniture known by its shape, on any site: what a line is made of, not which phrase it says.

The phrase table (furniture.toml's rules) knows the sites it was written from; these rules
know the forms furniture takes everywhere:

- a call to action: a short line, no sentence of its own, that starts with a verb of action
  ("SEE ORIGINAL STUDY", "Apoya a El Nacional", "Back to previous page");
- a promotion in brackets, a whole line ("[Mit dem Newsletter „Twenty/Twenty“ …]"), or a
  headline in brackets ("[PRP therapy is popular …]");
- a pitch (a short paragraph about a newsletter, an app, a donation) next to a call to action:
  the rest of the box;
- an author's contact line ("… can be reached at x@globe.com. Follow him on Twitter @x");
- headlines of other articles: two or more in a row between paragraphs, or a list of them
  after a short label ("En tendencia:") to the end of the text;
- a "read also" link glued into a paragraph with its headline ("…comptes.Lire aussi: Le
  «nouveau contrat» n’apaise pas les «gilets jaunes»Comptes publics…").

The words they are built on (verbs of action, what a pitch is about) are furniture.toml's
[shape] table. What is unsure stays, and the report says so: nothing is lost.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache

from newsroom.importer.furniture import LANGUAGES, TABLE, find
from newsroom.importer.lines import collapse

ACTION_WORDS = 14  # a call to action is short
PITCH_WORDS = 45  # so is the pitch of a sign-up box
TEASER_WORDS = 7  # a headline of another article says something: shorter lines are verse, lists
# A sentence ends, and another starts: not after an initial ("Carla K. Johnson").
_SENTENCE = re.compile(r"(?<=\w\w)[.!?…]\s+[\"“«„]?[A-ZÀ-Þ]")
_HANDLE = re.compile(r"(?<![\w.])@\w{2,}|\b[\w.+-]+@[\w-]+\.[\w.]+|https?://|www\.")
_REACHED = re.compile(
    r"\b(?:can be reached|may be reached|is reachable|write to (?:him|her|them)|"
    r"follow (?:him|her|them)|contact (?:him|her|them)|puede contactar|on peut joindre|"
    r"erreichen sie|pode ser contatad)",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"^\[(?P<inside>[^\[\]]{8,})\]$")
# A press release's contacts: their label, then names, telephone numbers and addresses.
_CONTACTS_LABEL = re.compile(
    r"^(?:(?:media|press|investor|news)\s+)?(?:contacts?|inquiries|enquiries|relations)\s*:?$"
    r"|^(?:investors|media|press|contacto|contacts? presse|kontakt|pressekontakt|contato)\s*:$",
    re.IGNORECASE,
)
_CONTACT_DATA = re.compile(
    r"^(?:\+?[\d\s().-]{7,20}|[\w.+-]+@[\w-]+\.[\w.]+|(?:[A-Z][\w.'’-]+\s?){1,4})$"
)
# The wire's signature at the end of a release: "SOURCE Allergan plc".
_WIRE_SOURCE = re.compile(r"^SOURCE [A-Z0-9][\w&.,'’ -]{1,80}$")
# English verbs of action are also nouns ("Support for the bill"): a line starting with one is
# a call to action only with a mark of one (a pronoun, "here", a handle, capitals, a colon).
_ENGLISH_MARKS = re.compile(
    r"\b(?:our|us|here|this|now|today|free|him|her|your|more|full|latest|page|study|"
    r"newsletter|app|podcast|twitter|facebook|instagram)\b|[@:]",
    re.IGNORECASE,
)
_UNAMBIGUOUS = re.compile(r"^(?:go back|back to|return to|sign up|log in|sign in)\b", re.I)
# Where a headline glued into a paragraph ends: a letter or closing mark, then the capital
# that starts the paragraph's next sentence with no space between ("…jaunes»Comptes").
_GLUE = re.compile(r"(?<=[a-zà-ÿ»”\"’)\]?!.])(?=[A-ZÀ-Þ][a-zà-ÿ])")


@cache
def _words(name: str) -> dict[str, re.Pattern[str]]:
    """furniture.toml's [shape] words of one kind, per language, as one pattern each."""
    shape = tomllib.loads(TABLE.read_text(encoding="utf-8"))["shape"][name]
    return {
        language: re.compile(r"(?<!\w)(?:" + "|".join(shape.get(language, [])) + r")(?!\w)", re.I)
        for language in LANGUAGES
    }


def _starts_with_action(text: str) -> bool:
    bare = re.sub(
        r"^(?:please|to|for more information,|por favor,?|s'il vous plaît|bitte|jetzt|now)\s+",
        "",
        text,
        flags=re.IGNORECASE,
    )
    for language, pattern in _words("verbs").items():
        match = pattern.match(bare)
        if match is None:
            continue
        if language != "en" or _UNAMBIGUOUS.match(bare) or bare.isupper():
            return True
        if _ENGLISH_MARKS.search(bare[match.end() :]):
            return True
    return False


def _no_sentence_of_its_own(text: str) -> bool:
    return not _SENTENCE.search(text)


def call_to_action(text: str) -> bool:
    """A short line, no sentence of its own, that starts with a verb of action."""
    line = collapse(text).strip(" •►[]")
    words = len(line.split())
    if not line or words > ACTION_WORDS or line.endswith("?"):
        return False
    if line.endswith(".") and words >= 8:  # "Read more about the storm in…, it said."
        return False
    return _no_sentence_of_its_own(line) and _starts_with_action(line)


def pitch(text: str) -> bool:
    """A short paragraph about what a box sells: a newsletter, an app, a subscription, support."""
    line = collapse(text)
    if len(line.split()) > PITCH_WORDS:
        return False
    return any(pattern.search(line) for pattern in _words("nouns").values())


def bracketed(text: str) -> str | None:
    """What a whole line in brackets is, when it is furniture: a promotion, or a headline."""
    match = _BRACKETED.match(collapse(text))
    if match is None:
        return None
    inside = match["inside"]
    if pitch(inside) or _starts_with_action(inside) or _HANDLE.search(inside):
        return "promotion in brackets"
    if teaser(inside, words=5):
        return "headline of another article, in brackets"
    return None


def author_contact(text: str) -> bool:
    """ "Jane Roe can be reached at jane@x.com. Follow her on Twitter @jane.\""""
    line = collapse(text)
    return len(line.split()) <= 30 and bool(_HANDLE.search(line)) and bool(_REACHED.search(line))


def contacts_label(text: str) -> bool:
    """ "CONTACTS:", "Media Contact:", "Investors:": what opens a release's contacts."""
    return bool(_CONTACTS_LABEL.match(collapse(text)))


def opens_contacts(text: str) -> bool:
    """A contacts label, alone or with its first contact ("Media Contact: David Jahr, (949)
    874-2667")."""
    line = collapse(text)
    label, colon, rest = line.partition(":")
    return contacts_label(line) or (
        bool(colon) and contacts_label(label + ":") and len(rest.split()) <= 8
    )


def contact_data(text: str) -> bool:
    """A line of a contact block: a name, a telephone number, an address, another label."""
    return bool(_CONTACT_DATA.match(collapse(text))) or opens_contacts(text)


def wire_source(text: str) -> bool:
    return bool(_WIRE_SOURCE.match(collapse(text)))


def link_line(text: str) -> bool:
    """A label and an address, nothing else: "Photo - http://photos.example.com/1234"."""
    line = collapse(text)
    match = re.search(r"https?://\S+$|www\.\S+$", line)
    if match is None:
        return False
    label = line[: match.start()]
    return 1 <= len(label.split()) <= 3 and "." not in label


def teaser(text: str, words: int = TEASER_WORDS) -> bool:
    """A line that reads as another article's headline: it says something (not a verse or a
    list item), in one statement with no full stop, neither a quotation nor an enumeration."""
    line = collapse(text)
    count = len(line.split())
    if not words <= count <= 25 or line[:1] in "\"“«„‘'-–—•*(" or line.isupper():
        return False
    if re.search(r"[.…;,:]$", line) or line.count(",") > 1 or not line[:1].isupper():
        return False
    return _no_sentence_of_its_own(line)


def introduces_list(text: str) -> bool:
    """A short label ending with a colon ("En tendencia:"), as a list of links has."""
    line = collapse(text)
    return line.endswith(":") and 1 <= len(line.split()) <= 4 and not line[:1].isdigit()


def glued_link(text: str) -> tuple[int, int] | None:
    """Where a "read also" label and its headline stand glued inside a paragraph: (start, end),
    or None. The headline ends where the paragraph's next sentence starts, glued to it."""
    for match in re.finditer(r"(?<=[.!?»”\"’])\s?(?=[A-ZÀ-ÞÂ])", text):
        start = match.end()
        found = find(text[start : start + 40], "start")
        if found is None or found.rule.kind != "link to other articles" or found.start:
            continue
        rest = text[start + found.end :]
        glue = _GLUE.search(rest, 10, 200)
        if glue is None:  # at the paragraph's end: "… it said. Read also: Another headline"
            if teaser(rest.strip(), words=3):
                return start, len(text)
            continue
        if len(rest[: glue.start()].split()) < 3:  # "…sur MoneyStore" is a name
            continue
        return start, start + found.end + glue.start()
    return None
