"""Search in the audience's language: a country is found by its name in the chosen language
and by its English names, aliases and code, whatever the case, accents or script."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.geo.language import search_index
from desktop.io import default_gazetteer, load_dataset
from desktop.model.countries import Country, Gazetteer, NameIndex, search_key

NATO = Path(__file__).resolve().parent.parent / "data" / "nato-europe.yaml"


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer()


@pytest.fixture(scope="module")
def pool():
    """The listed nations of a small NATO dataset (not the bundled one)."""
    return [nation.iso3 for nation in load_dataset(NATO).dataset.nations]


def codes(index, text, n=3):
    return [found.code for found in index.search(text)][:n]


@pytest.mark.parametrize(
    ("lang", "typed", "shown"),
    [
        ("fr", "Allemagne", "Allemagne"),
        ("fr", "allemagne", "Allemagne"),
        ("fr", "ALLEMAGNE", "Allemagne"),
        ("fr", "Allem", "Allemagne"),
        ("fr", "Germany", "Allemagne"),
        ("fr", "germ", "Allemagne"),
        ("fr", "DEU", "Allemagne"),
        ("uk", "Німеччина", "Німеччина"),
        ("uk", "німеч", "Німеччина"),
        ("uk", "НІМЕЧЧИНА", "Німеччина"),
        ("uk", "Germany", "Німеччина"),
        ("pl", "Niemcy", "Niemcy"),
        ("pl", "niemcy", "Niemcy"),
        ("pl", "Germ", "Niemcy"),
        ("ar", "ألمانيا", "ألمانيا"),
        ("ar", "ألما", "ألمانيا"),
        ("ar", "Germany", "ألمانيا"),
        ("en", "Germany", "Germany"),
        ("de", "Deutschland", "Deutschland"),
        ("es", "alemania", "Alemania"),
    ],
)
def test_germany_is_found_by_its_name_in_the_language_and_in_english(gazetteer, lang, typed, shown):
    found = search_index(gazetteer, lang).search(typed)
    assert found, typed
    assert (found[0].code, found[0].name) == ("DEU", shown)


@pytest.mark.parametrize(
    ("lang", "typed", "code"),
    [
        # Accents need not be typed: Polish "ł" and "ś", French "é" and "ô".
        ("pl", "bialorus", "BLR"),
        ("pl", "Białoruś", "BLR"),
        ("fr", "etats unis", "USA"),
        ("fr", "cote d'ivoire", "CIV"),
        ("fr", "herzegovine", "BIH"),
        # Arabic without the hamza over the alef, as people often type it.
        ("ar", "المانيا", "DEU"),
        ("ar", "فرنسا", "FRA"),
        ("uk", "Франц", "FRA"),
        ("uk", "Велика Британія", "GBR"),
        # English aliases still work in every language.
        ("fr", "Holland", "NLD"),
        ("uk", "Türk", "TUR"),
    ],
)
def test_accents_case_and_aliases_never_matter(gazetteer, lang, typed, code):
    assert code in codes(search_index(gazetteer, lang), typed)


def test_the_language_s_own_name_ranks_before_an_english_match(gazetteer, pool):
    french = search_index(gazetteer, "fr", pool)
    # "Es" starts Espagne and Estonie in French; nothing in English starts so but Estonia.
    assert codes(french, "Es", 2) == ["ESP", "EST"]
    # "Ro" starts Roumanie and Royaume-Uni (the United Kingdom) before any English name.
    assert codes(french, "Ro", 2) == ["ROU", "GBR"]


def test_a_start_ranks_before_a_word_start_before_a_part(gazetteer):
    french = search_index(gazetteer, "fr")
    found = french.search("uni", limit=40)
    ranks = [f.rank for f in found]
    assert ranks == sorted(ranks)
    names = [f.name for f in found]
    # A word of the name starts with "uni" (Royaume-Uni, États-Unis) before "uni" inside one
    # ("Réunion").
    assert names.index("Royaume-Uni") < names.index("La Réunion")
    assert names.index("États-Unis") < names.index("La Réunion")


def test_the_pool_narrows_what_is_found(gazetteer, pool):
    index = search_index(gazetteer, "uk", pool)
    assert len(index) == len(pool)
    assert codes(index, "Япон") == []  # Japan is not in this NATO dataset
    assert codes(search_index(gazetteer, "uk"), "Япон") == ["JPN"]


def test_the_un_name_and_cldr_s_both_find_palestine(gazetteer):
    french = search_index(gazetteer, "fr")
    assert french.search("État de Palestine")[0].name == "État de Palestine"
    assert codes(french, "territoires palestiniens") == ["PSE"]


def test_an_empty_or_punctuation_query_finds_nothing(gazetteer):
    index = search_index(gazetteer, "ar")
    assert index.search("") == [] and index.search(" - ") == []
    assert index.search("Atlantis") == []


def test_an_unknown_language_is_refused(gazetteer):
    with pytest.raises(ValueError, match="unknown language 'xx'"):
        search_index(gazetteer, "xx")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Türkiye", "turkiye"),
        ("Côte d’Ivoire", "Cote dIvoire"),
        ("Białoruś", "BIALORUS"),
        ("НІМЕЧЧИНА", "німеччина"),
        ("ألمانيا", "المانيا"),
        ("St Lucia", "Saint Lucia"),
    ],
)
def test_search_keys_fold_case_accents_and_marks_in_every_script(a, b):
    assert search_key(a) == search_key(b) != ""


def test_the_index_shows_the_names_it_was_given_and_english_otherwise():
    gazetteer = Gazetteer.from_countries(
        [
            Country("DEU", "Germany", "DE", ("Federal Republic of Germany",)),
            Country("AUT", "Austria", "AT"),
        ]
    )
    index = NameIndex(gazetteer, {"DEU": ["Allemagne"]})
    assert [(f.code, f.name) for f in index.search("federal")] == [("DEU", "Allemagne")]
    assert [(f.code, f.name) for f in index.search("aus")] == [("AUT", "Austria")]
    assert [f.rank for f in index.search("de")] == [0]  # the alpha-2 code
