"""Furniture known by its shape, on sites no phrase was written from; and a site's own
furniture, learnt from its texts. Nothing that is article text goes."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.importer import shapes, sites
from newsroom.importer.cli import main


@pytest.mark.parametrize(
    "line",
    [
        "SEE ORIGINAL STUDY",
        "Apoya a El Nacional",
        "Back to previous page",
        "Comparte esta noticia",
        "Follow AP Medical Writer Carla K. Johnson on Twitter: @CarlaKJohnson",
        "Abonnez-vous à notre lettre du matin",
        "Melden Sie sich jetzt kostenlos an",
        "Assine a newsletter do Diário",
        "Subscribe to our newsletter",
    ],
)
def test_a_call_to_action_is_known_by_its_verb(line: str) -> None:
    assert shapes.call_to_action(line)


@pytest.mark.parametrize(
    "line",
    [
        "Support for the bill grew in the Senate",  # an English verb that is also a noun
        "Watch list",
        "Read more about the storm in the authority's report, it said.",
        "Share prices fell sharply on Monday.",
        "See you in court, he told the minister, and left.",
        "Sigue la búsqueda de los desaparecidos",  # "sigue": it continues, not "follow"
        "Should everyone take a BRCA gene test?",
    ],
)
def test_prose_that_starts_like_a_call_to_action_is_not_one(line: str) -> None:
    assert not shapes.call_to_action(line)


def test_brackets_pitches_contacts_and_links() -> None:
    assert shapes.bracketed("[Mit dem Newsletter „Twenty/Twenty“ begleiten unsere Experten Sie.]")
    assert shapes.bracketed("[PRP therapy is popular for sports injuries, but does it work?]")
    assert not shapes.bracketed("[sic]") and not shapes.bracketed("[The minister, 54, said so.]")
    assert shapes.pitch("El periodismo independiente necesita del apoyo de sus lectores")
    assert shapes.author_contact("Robert Weisman can be reached at rw@globe.com. Follow him.")
    assert shapes.opens_contacts("Media Contact: David Jahr, (949) 874-2667")
    assert shapes.contact_data("(862) 261-7328") and shapes.contact_data("Karina Calzadilla")
    assert shapes.wire_source("SOURCE Allergan plc") and not shapes.wire_source("Source: AFP")
    assert shapes.link_line("Photo - http://photos.example.com/1")
    assert not shapes.link_line("https://example.com/a-web-address-alone")


def test_a_read_also_link_glued_into_a_paragraph_is_cut_out_with_its_headline() -> None:
    text = (
        "Ils vont devoir faire les comptes.Lire aussi: Le «nouveau contrat» n’apaise pas les "
        "«gilets jaunes»Comptes publics en berne, disent-ils."
    )
    start, end = shapes.glued_link(text)
    assert text[start:end] == "Lire aussi: Le «nouveau contrat» n’apaise pas les «gilets jaunes»"
    assert shapes.glued_link("Consultez aussi sur MoneyStore :") is None
    tail = "The port reopened on Monday, officials said. Read also: Storm closes three ports"
    start, end = shapes.glued_link(tail)
    assert tail[:start].rstrip() == "The port reopened on Monday, officials said." and end == len(
        tail
    )


STORY = """{title}

{first} paragraph of the story, told with all its words and a full stop at its end.

Noticias del Valle en tu celular todos los días del año

Its second paragraph says something more, and also ends as a sentence does.
"""


def test_a_site_s_recurring_line_is_learnt_and_left_out_of_its_next_texts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = tmp_path / "content" / "articles"
    written = []
    for number, title in enumerate(["Rains flood the valley", "Schools reopen", "Roads close"]):
        raw = tmp_path / f"{number}.txt"
        raw.write_text(STORY.format(title=title, first=f"Story {number}'s"), encoding="utf-8")
        assert main([str(raw), "--date", "2024-01-02", "--articles", str(articles),
                     "--site", "diariodelvalle.com"]) == 0  # fmt: skip
        written.append(next(articles.glob(f"{title.split()[0].lower()}*.md")).read_text())
    report = capsys.readouterr().out
    prompt = "Noticias del Valle en tu celular todos los días del año"
    assert [prompt in text for text in written] == [True, False, False]
    assert "the site's furniture: in 2 texts of diariodelvalle.com imported so far" in report
    kept = sites.seen(articles, "diariodelvalle.com")[sites.key(prompt)]
    assert kept == (3, prompt)
    # Prose lines the texts share are no furniture: each text keeps all its own words.
    for text in written:
        assert "paragraph says something more, and also ends as a sentence does." in text


def test_texts_imported_together_tell_their_site_s_furniture(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for number, title in enumerate(["Rains flood the valley", "Schools reopen"]):
        story = STORY.format(title=title, first=f"Story {number}'s")
        (folder / f"{number}.txt").write_text(story, encoding="utf-8")
    articles = tmp_path / "content" / "articles"
    assert main([str(folder), "--date", "2024-01-02", "--articles", str(articles)]) == 0
    for path in articles.glob("*.md"):
        assert "Noticias del Valle" not in path.read_text(encoding="utf-8")
    assert not (tmp_path / "content" / "furniture").exists()  # no --site: nothing kept


def test_a_lone_media_label_between_paragraphs_is_no_crosshead(tmp_path: Path) -> None:
    raw = tmp_path / "story.txt"
    raw.write_text(
        "Rains flood the valley\n\nThe river rose overnight and reached the first houses.\n\n"
        "Video\n\nPhotos\n\nNeighbours moved their cars to the higher streets by dawn.\n",
        encoding="utf-8",
    )
    articles = tmp_path / "articles"
    assert main([str(raw), "--date", "2024-01-02", "--articles", str(articles)]) == 0
    body = next(articles.glob("*.md")).read_text(encoding="utf-8").split("\n\n", 1)[1]
    assert "Video" not in body and "Photos" not in body and "##" not in body
