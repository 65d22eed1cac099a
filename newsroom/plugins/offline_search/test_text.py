"""The text rules on their own; test_search_browser.py checks that search.js agrees with them."""

from newsroom.plugins.offline_search.text import fold, keys, language, words


def test_words_are_lower_case_runs_of_letters_and_digits() -> None:
    assert words("Putin's ally, the CSTO (Collective Security) — 2022!") == [
        "putin",
        "ally",
        "the",
        "csto",
        "collective",
        "security",
        "2022",
    ]


def test_single_characters_are_not_words() -> None:
    assert words("l'armée a 3 chars: x y z") == ["armée", "chars"]


def test_ligatures_and_full_width_letters_are_plain_letters() -> None:
    assert words("ﬁnancial ＡＢＣ") == ["financial", "abc"]


def test_underscores_and_punctuation_split_words() -> None:
    assert words("snake_case and-dash dot.com") == ["snake", "case", "and", "dash", "dot", "com"]


def test_fold_removes_accents_and_spells_out_letters() -> None:
    assert fold("bogotá") == "bogota"
    assert fold("straße") == "strasse"
    assert fold("cœur") == "coeur"
    assert fold("łódź") == "lodz"
    assert fold("ﬁn") == "fin"


def test_language_takes_the_primary_subtag_and_knows_five() -> None:
    assert language("pt-BR") == "pt"
    assert language("EN") == "en"
    assert [language(code) for code in ("de", "es", "fr")] == ["de", "es", "fr"]
    assert language("it") == "" and language(None) == "" and language("") == ""


def test_inflected_forms_share_a_key() -> None:
    assert keys("tariffs", "en") == keys("tariff", "en") == ("tariff",)
    assert set(keys("élections", "fr")) & set(keys("election", "fr"))
    assert set(keys("häuser", "de")) & set(keys("haus", "de"))
    assert set(keys("elecciones", "es")) & set(keys("elección", "es"))


def test_a_word_typed_without_accents_meets_the_written_one() -> None:
    assert set(keys("bogotá", "es")) & set(keys("bogota", "es"))
    assert set(keys("eleições", "pt")) & set(keys("eleicoes", "pt"))
    assert set(keys("bogotá", "en")) & set(keys("bogota", "en"))


def test_the_accented_stem_is_kept_too() -> None:
    # French needs the accents to conflate the participle with the past tense.
    assert set(keys("abaissée", "fr")) & set(keys("abaissa", "fr"))
    assert len(keys("abaissée", "fr")) == 2


def test_a_language_without_stemmer_keeps_the_folded_word() -> None:
    assert keys("Città".lower(), "") == ("citta",)
