import pytest

from desktop.io.gazetteer import default_gazetteer
from desktop.model.countries import normalise


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("United Kingdom", "GBR"),
        ("gb", "GBR"),
        ("gbr", "GBR"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("turkiye", "TUR"),
        ("Czechia", "CZE"),
        ("Czech Republic", "CZE"),
        ("Republic of Korea", "KOR"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("Holland", "NLD"),
        ("the Netherlands", "NLD"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("UAE", "ARE"),
        ("Kosovo", "XKX"),
        ("Russian Federation", "RUS"),
        ("Iran, Islamic Republic of", "IRN"),
        ("Islamic Republic of Iran", "IRN"),
        ("Democratic Republic of the Congo", "COD"),
        ("U.S.", "USA"),
    ],
)
def test_names_codes_and_aliases_resolve_to_one_code(gazetteer, text, code):
    result = gazetteer.resolve(text)
    assert result.ok, result
    assert result.code == code


@pytest.mark.parametrize("text", ["Korea", "Congo"])
def test_names_that_could_mean_two_countries_never_resolve_silently(gazetteer, text):
    result = gazetteer.resolve(text)
    assert not result.ok
    assert result.ambiguous
    assert len(result.candidates) == 2


def test_unknown_text_offers_the_closest_codes(gazetteer):
    result = gazetteer.resolve("GBX")
    assert not result.ok and not result.ambiguous
    assert result.candidates[0] == "GBR"
    assert gazetteer.resolve("Atlantis").code is None


def test_every_boundary_code_has_a_readable_display_name(gazetteer):
    from desktop.io.gazetteer import boundary_index

    for row in boundary_index():
        name = gazetteer.name(row["iso3"])
        assert name != row["iso3"]
        assert ", " not in name or name == "Bonaire, Sint Eustatius and Saba", name


@pytest.mark.parametrize("text", ["Türk", "tur", "TUR", "Turkey"])
def test_search_finds_turkiye_by_part_of_a_name_an_alias_or_the_code(gazetteer, text):
    assert "TUR" in [c.code for c in gazetteer.search(text)][:3]


def test_search_ranks_an_exact_code_first(gazetteer):
    assert gazetteer.search("fra")[0].code == "FRA"
    assert gazetteer.search("mal")[0].code in {"MLT", "MLI", "MWI", "MYS", "MDV"}
    assert gazetteer.search("   ") == []


def test_normalise_folds_accents_case_and_punctuation():
    assert normalise("Côte d’Ivoire") == normalise("cote divoire")
    assert normalise("The Gambia") == "gambia"
    assert normalise("Bosnia & Herzegovina") == "bosnia and herzegovina"
