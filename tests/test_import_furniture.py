"""The furniture table (newsroom/importer/furniture.toml), and folders of texts imported at once."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from newsroom.importer import furniture
from newsroom.importer.cli import main

KINDS_IN_EVERY_LANGUAGE = (
    "advertisement",
    "newsletter",
    "link to other articles",
    "paywall notice",
    "credit",
    "photo widget",
    "photo credit",
    "caption",
)


def test_every_phrase_of_the_table_compiles_and_every_rule_is_complete() -> None:
    rules = furniture.table().rules
    assert len(rules) >= 20
    for rule in rules:
        assert rule.kind and rule.phrases, rule
    for kind in KINDS_IN_EVERY_LANGUAGE:
        languages = {
            language for rule in rules if rule.kind == kind for language, *_ in rule.phrases
        }
        assert languages == set(furniture.LANGUAGES), kind


def test_a_broken_rule_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    table = tmp_path / "furniture.toml"
    data = furniture.TABLE.read_text("utf-8").replace('"advertisement", "advertising"', '"(ad"')
    table.write_text(data, "utf-8")
    monkeypatch.setattr(furniture, "TABLE", table)
    furniture.table.cache_clear()
    try:
        with pytest.raises(furniture.TableError, match=r"rule 'advertisement': phrase '\(ad'"):
            furniture.table()
    finally:
        furniture.table.cache_clear()
    assert tomllib.loads(furniture.TABLE.read_text("utf-8"))["rule"]


FURNITURE = {
    # line: kind
    "Advertisement": "advertisement",
    "Publicidad": "advertisement",
    "Publicité": "advertisement",
    "Anzeige": "advertisement",
    "Publicidade": "advertisement",
    "Continue reading the main story": "advertisement",
    "Sign up for our daily newsletter and get the news first": "newsletter",
    "Regístrate gratis al boletín de noticias El País": "newsletter",
    "Inscrivez-vous à notre newsletter quotidienne": "newsletter",
    "Jetzt kostenlos für den Newsletter anmelden": "newsletter",
    "Assine a newsletter do jornal": "newsletter",
    "Read more": "link to other articles",
    "Read also: Storm closes ports along the coast": "link to other articles",
    "Mirá también": "link to other articles",
    "Te puede gustar": "link to other articles",
    "► Lire aussi: Le port rouvre": "link to other articles",
    "Consultez aussi sur notre site :": "link to other articles",
    "[Lesen Sie auch: Häfen wieder offen]": "link to other articles",
    "Leia também: Porto reabre": "link to other articles",
    "Subscribe to continue reading": "paywall notice",
    "Suscríbete para seguir leyendo": "paywall notice",
    "Cet article est réservé aux abonnés": "paywall notice",
    "Dieser Artikel ist nur für Abonnenten": "paywall notice",
    "Assine para continuar lendo": "paywall notice",
    "Enlarge this image toggle caption Jane Roe for NPR": "photo widget",
    "Featured image via Reuters": "photo widget",
    "© Belga": "photo credit",
    "Foto: EFE": "photo credit",
    "Bild: dpa": "photo credit",
    "Story highlights": "highlights label",
    "___": "separator",
    "Sobre la firma": "author box",
}


@pytest.mark.parametrize("line", sorted(FURNITURE))
def test_furniture_in_five_languages(line: str) -> None:
    found = furniture.find(line, "line", "start", "label")
    assert found is not None and found.rule.kind == FURNITURE[line]


CREDITS = {
    "(With information from AFP)": "AFP",
    "(Con información de AFP)": "AFP",
    "(Avec AFP)": "AFP",
    "(dpa)": "dpa",
    "(ats/nxp)": "ATS",
    "– Guardian": "Guardian",
    "(Com informações da Reuters)": "Reuters",
    "(mit Material von dpa)": "dpa",
    "Quelle: dpa": "dpa",
    "Fuente: EFE": "EFE",
}


@pytest.mark.parametrize("line", sorted(CREDITS))
def test_credit_lines_give_the_agency(line: str) -> None:
    found = furniture.credit(line)
    assert found is not None and found.agency == CREDITS[line]


SENTENCES = [
    "Publicidad engañosa es un delito, dijo el juez en Madrid.",
    "Lire aussi les conclusions du rapport, a-t-il ajouté.",
    "Leia também o relatório completo, disse o ministro.",
    "Weiterlesen konnte er nach dem Unfall nicht mehr.",
    "Share prices of shipping firms rose on Monday.",
    "Related research shows the same effect in mice.",
    "Avec le temps, tout s'en va.",
    "With information from the port, the ships left at dawn for Genoa and Marseille.",
    "Sign up forms were handed out at the town hall on Monday.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentences_that_begin_like_furniture_are_text(sentence: str) -> None:
    assert furniture.find(sentence, "line", "start", "label") is None
    assert not furniture.share_widget(sentence)
    assert furniture.find(sentence, "tail") is None or not sentence.endswith(".")


STORY = "Ports reopen after the storm\n\nBy Jane Roe\n\n{body}\n\nShips waited offshore.\n"


def import_story(capsys, tmp_path: Path, body: str) -> tuple[str, str]:
    raw = tmp_path / "story.txt"
    raw.write_text(STORY.format(body=body), "utf-8")
    code = main([str(raw), "--date", "2023-01-02", "--articles", str(tmp_path / "a")])
    out, err = capsys.readouterr()
    assert code == 0, err
    article = next((tmp_path / "a").glob("*.md")).read_text("utf-8")
    return article.split("\n\n", 1)[1], out


def test_a_tail_glued_to_a_paragraph_goes_and_the_paragraph_stays(capsys, tmp_path) -> None:
    body, out = import_story(capsys, tmp_path, "The ports reopened, the minister said. Read more")
    assert body.startswith("The ports reopened, the minister said.\n\n")
    assert "Read more  (link to other articles (en))" in out


def test_a_teaser_headline_with_its_tail_goes_whole(capsys, tmp_path) -> None:
    body, out = import_story(capsys, tmp_path, "Storm closes ports along the coast Read more")
    assert "Storm closes" not in body and "a teaser for another article" in out


def test_a_stock_ticker_inside_a_sentence_goes(capsys, tmp_path) -> None:
    body, out = import_story(
        capsys, tmp_path, "AstraZeneca, AZN -0.23 % Eli Lilly and Roche study the drug."
    )
    assert "AstraZeneca, Eli Lilly and Roche study the drug." in body
    assert "AZN -0.23 %" in out


def test_an_unsure_rule_keeps_the_line_and_reports_it(capsys, tmp_path) -> None:
    note = "This article was originally published by The Conversation under a free licence."
    body, out = import_story(capsys, tmp_path, note)
    assert note in body
    kept = out.split("kept, but check it")[1]
    assert "This article was originally published" in kept and "republication note" in kept


def test_a_credit_glued_to_the_last_paragraph_is_the_credit(capsys, tmp_path) -> None:
    raw = tmp_path / "story.txt"
    raw.write_text(
        "Ports reopen after the storm\n\nThe ports reopened on Monday after three days.\n\n"
        "Forty ships had waited offshore for a berth. (dpa)\n",
        "utf-8",
    )
    assert main([str(raw), "--date", "2023-01-02", "--articles", str(tmp_path / "a")]) == 0
    article = next((tmp_path / "a").glob("*.md")).read_text("utf-8")
    assert "Agency: dpa\n" in article
    assert article.endswith("for a berth.\n\n(dpa)\n{: .credit }\n")


# --- folders -------------------------------------------------------------------------------


def test_a_folder_imports_each_file_and_a_bad_one_stops_nothing(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "a-ports.txt").write_text(STORY.format(body="The ports reopened."), "utf-8")
    (folder / "b-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "c-same-title.txt").write_text(STORY.format(body="Again."), "utf-8")
    (folder / "d-article.md").write_text("Title: Ferries resume\n\nText.\n")
    (folder / "e-notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / ".hidden.txt").write_text(STORY.format(body="Hidden."), "utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "f.txt").write_text(STORY.format(body="Nested."), "utf-8")
    articles = tmp_path / "articles"
    code = main([str(folder), "--date", "2023-01-02", "--articles", str(articles)])
    out, err = capsys.readouterr()
    assert code == 1
    assert sorted(path.name for path in articles.iterdir()) == [
        "ferries-resume.md",
        "ports-reopen-after-the-storm.md",
    ]
    assert "b-binary.txt:3: this is a binary file" in err
    assert "c-same-title.txt" in err and "already" in err
    assert out.count("wrote ") == 2
    assert f"{folder}: 2 of 4 file(s) imported, 2 failed (nothing written for them): " in err
    assert "b-binary.txt, c-same-title.txt" in err


def test_a_folder_with_every_file_good_exits_zero(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "one.txt").write_text(STORY.format(body="The ports reopened."), "utf-8")
    code = main([str(folder), "--date", "2023-01-02", "--articles", str(tmp_path / "a")])
    out, _err = capsys.readouterr()
    assert code == 0 and f"{folder}: 1 of 1 file(s) imported" in out


@pytest.mark.parametrize("option", ["--title=Ports", "--slug=ports", "--source=https://x.org/"])
def test_options_that_name_one_article_are_refused_for_a_folder(
    capsys, tmp_path: Path, option: str
) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "one.txt").write_text(STORY.format(body="The ports reopened."), "utf-8")
    code = main([str(folder), option, "--articles", str(tmp_path / "a")])
    _out, err = capsys.readouterr()
    assert code == 2 and "name(s) one article" in err and not (tmp_path / "a").exists()
