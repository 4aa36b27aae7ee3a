"""Maps in the audience's language: names from CLDR with the UN's overrides, dates in the
locale's form, the app's words from complete catalogs, and counts that never change."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util

import pytest

from desktop.geo import language
from desktop.geo.language import LANGUAGES, check_language, day_text, words
from desktop.geo.styled import NO_POSITION, styled_map
from desktop.io.gazetteer import default_gazetteer
from desktop.model.dataset import NO_POSITION_LABEL, Category, Dataset, Nation, Source
from desktop.model.dates import PartialDate
from desktop.paths import data_root, resource_path

TRANSLATED = ("fr", "de", "uk", "pl", "es", "ar")


def pacific() -> Dataset:
    """A small Pacific-and-Europe dataset, not the bundled one."""
    data = Dataset(title="Pacific pledge", as_of=PartialDate.parse("2025-03-02"))
    data.categories = [
        Category("signed", "Signed", "#0072B2"),
        Category("observer", "Observer", "#E69F00"),
    ]
    data.sources = {
        "a": Source("a", "https://example.org/a", publisher="Forum"),
        "b": Source("b", "https://example.org/b", publisher="Forum"),
    }
    data.nations = [
        Nation("FJI", "signed", sources=["a"]),
        Nation("WSM", "signed"),
        Nation("DEU", "observer", sources=["b"]),
        Nation("PSE", "observer"),
        Nation("UKR", "signed"),
    ]
    return data


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer()


def messages_script():
    spec = importlib.util.spec_from_file_location(
        "atlas_messages", data_root() / "scripts" / "messages.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_of_the_app_is_translated(lang):
    script = messages_script()
    ids = script.message_ids()
    # The extractor sees the code's own words, the exports' and the window's (tr, ntr, N_);
    # a handful of each is enough to know it ran.
    assert "As of {day}" in ids and ("{n} source", "{n} sources") in ids and "Troops" in ids
    assert "&File" in ids and "Crash protection off" in ids and "Filter nations" in ids
    assert ("{n} state", "{n} states") in ids
    missing = script.missing(lang)
    assert missing == [], f"{len(missing)} messages without a {lang} translation: {missing[:5]}"


@pytest.mark.parametrize(
    "catalog", ["atlas.pot", *(f"{lang}/LC_MESSAGES/atlas.po" for lang in TRANSLATED)]
)
def test_every_catalog_is_well_formed(catalog):
    # A hand-merged entry that lost its msgstr line reads fine at run time (Babel skips it)
    # but gettext's msgfmt refuses the whole file: a translator's tools would too.
    from babel.messages.pofile import read_po

    with resource_path("locale", *catalog.split("/")).open("rb") as handle:
        read_po(handle, abort_invalid=True)


def test_a_message_left_out_of_a_catalog_is_caught(monkeypatch):
    script = messages_script()
    real = script.message_ids

    before = script.missing("fr")
    monkeypatch.setattr(script, "message_ids", lambda: {**real(), "A new caption": []})
    assert script.missing("fr") == [*before, "A new caption"]


def test_the_unlisted_class_marked_for_translation_is_the_models_label():
    assert NO_POSITION == NO_POSITION_LABEL


@pytest.mark.parametrize(
    ("lang", "germany", "palestine"),
    [
        ("en", "Germany", "State of Palestine"),
        ("fr", "Allemagne", "État de Palestine"),
        ("de", "Deutschland", "Palästinensische Autonomiegebiete"),
        ("uk", "Німеччина", "Палестинські території"),
        ("pl", "Niemcy", "Terytoria Palestyńskie"),
        ("es", "Alemania", "Estado de Palestina"),
        ("ar", "ألمانيا", "دولة فلسطين"),
    ],
)
def test_unit_names_come_from_cldr_with_the_uns_overrides(gazetteer, lang, germany, palestine):
    styled = styled_map(pacific(), gazetteer, lang=lang)
    assert styled.name_of("DEU") == germany
    assert styled.unit("DEU").label == germany
    assert styled.name_of("PSE") == palestine


def test_english_keeps_the_apps_names_and_words(gazetteer):
    styled = styled_map(pacific(), gazetteer)
    assert styled.lang == "en"
    assert styled.name_of("GBR") == "United Kingdom"
    assert styled.as_of == "As of 2 Mar 2025"
    assert styled.credit.startswith("Pacific pledge, as of 2 Mar 2025. 2 sources (Forum). ")
    assert styled.unlisted.label == "No stated position"


def test_legend_counts_and_colours_are_the_same_in_every_language(gazetteer):
    english = styled_map(pacific(), gazetteer)
    assert english.counts()["signed"] == 3
    for lang in LANGUAGES:
        styled = styled_map(pacific(), gazetteer, lang=lang)
        assert styled.counts() == english.counts(), lang
        assert [row.color for row in styled.legend] == [row.color for row in english.legend]
        assert styled.fills == english.fills


def test_captions_credit_and_unlisted_class_are_in_the_language(gazetteer):
    german = styled_map(pacific(), gazetteer, lang="de")
    assert german.as_of == "Stand: 2. März 2025"
    assert german.credit.startswith("Pacific pledge, Stand: 2. März 2025. 2 Quellen (Forum). ")
    assert "die Krim als Teil der Ukraine" in german.credit
    assert german.unlisted.label == "Keine erklärte Position"
    ukrainian = styled_map(pacific(), gazetteer, lang="uk")
    assert "2 джерела" in ukrainian.credit
    arabic = styled_map(pacific(), gazetteer, lang="ar")
    assert "مصدران" in arabic.credit  # Arabic's dual: "two sources"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("2025-03-02", "fr", "2 mars 2025"),
        ("2025-05", "fr", "mai 2025"),
        ("2025", "fr", "2025"),
        ("2025-03-02", "de", "2. März 2025"),
        ("2025-05", "de", "Mai 2025"),
        ("2025-05", "en", "May 2025"),
        ("2025-03-02", "en", "2 Mar 2025"),
    ],
)
def test_a_day_keeps_its_precision_in_every_language(text, lang, expected):
    assert day_text(PartialDate.parse(text), lang) == expected


def test_a_plain_date_is_written_whole():
    assert day_text(dt.date(2024, 12, 31), "es") == "31 dic 2024"


def test_an_unknown_language_is_refused_with_the_choices(gazetteer):
    with pytest.raises(ValueError, match=r"unknown language 'xx' \(use one of: en, fr"):
        styled_map(pacific(), gazetteer, lang="xx")
    assert check_language("FR") == "fr"


def test_arabic_reads_right_to_left_and_the_others_left_to_right():
    assert language.is_rtl("ar")
    assert not any(language.is_rtl(lang) for lang in LANGUAGES if lang != "ar")


def test_every_name_override_is_sourced_and_names_a_known_country(gazetteer):
    with resource_path("countries", "un-names.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["code"] in gazetteer, row
        assert row["lang"] in LANGUAGES, row
        assert row["name"].strip() and "unstats.un.org" in row["source"], row


def test_words_fill_fields_after_translating():
    assert words("fr").gettext("Page {number}", number=3) == "Page 3"
    assert words("pl").ngettext("{n} source", "{n} sources", 5) == "5 źródeł"


TRANSLATED_FILE = """\
format: coalition-atlas/1
title: Pacific pledge
as_of: 2025-03-02
language: en
categories:
  - {id: signed, label: Signed, color: "#0072B2"}
  - {id: observer, label: Observer, color: "#E69F00"}
nations:
  - {iso3: FJI, category: signed}
  - {iso3: DEU, category: observer}
translations:
  fr:
    title: Engagement du Pacifique
    categories: {signed: Signataires}
    unlisted: Pas de position
  uk: {title: Тихоокеанське зобов'язання}
"""


def test_dataset_translations_load_save_round_trip_and_fall_back(gazetteer):
    from desktop.io import parse_dataset
    from desktop.io.save import dataset_text

    dataset = parse_dataset(TRANSLATED_FILE, "pledge.yaml").dataset
    assert dataset.language == "en"
    assert dataset.translations["fr"].categories == {"signed": "Signataires"}
    again = parse_dataset(dataset_text(dataset), "again.yaml").dataset
    assert again.content_equal(dataset)
    assert "Signataires" in dataset_text(dataset)

    french = styled_map(dataset, gazetteer, lang="fr")
    assert french.label_of("signed") == "Signataires"
    assert french.label_of("observer") == "Observer"  # not translated: the file's own text
    assert french.unlisted.label == "Pas de position"
    assert french.credit.startswith("Engagement du Pacifique, situation : 2 mars 2025.")
    ukrainian = styled_map(dataset, gazetteer, lang="uk")
    assert ukrainian.label_of("signed") == "Signed"
    assert ukrainian.unlisted.label == "Позицію не заявлено"
    assert ukrainian.credit.startswith("Тихоокеанське зобов'язання, станом на")
    german = styled_map(dataset, gazetteer, lang="de")
    assert german.credit.startswith("Pacific pledge, Stand:")
    assert styled_map(dataset, gazetteer).label_of("signed") == "Signed"


def test_a_translation_that_is_not_a_mapping_is_reported_with_its_line():
    from desktop.io import DatasetError, parse_dataset

    broken = TRANSLATED_FILE.replace("  uk: {title: Тихоокеанське зобов'язання}", "  uk: 12")
    with pytest.raises(DatasetError) as caught:
        parse_dataset(broken, "pledge.yaml")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (16, "translations.uk should be a mapping of keys, not a number")
    ]


def test_a_region_without_data_falls_back_to_its_language_and_an_unknown_one_to_none(caplog):
    from desktop.geo.language import babel_locale

    assert str(babel_locale("fr_FR")) == "fr_FR"
    assert str(babel_locale("en-GB")) == "en_GB"
    # No CLDR file for Polish in Mexico: Polish itself, not a failure.
    assert str(babel_locale("pl_MX")) == "pl"
    assert babel_locale("zz") is None and babel_locale("") is None
    assert "no Babel locale data for 'zz'" in caplog.text


@pytest.mark.parametrize(
    ("lang", "typed", "expected"),
    [
        ("fr", "1 janvier 2022", PartialDate(2022, 1, 1)),
        ("fr", "janv. 2022", PartialDate(2022, 1)),
        ("fr", "1 FÉVRIER 2022", PartialDate(2022, 2, 1)),
        ("fr", "3 fevrier 2022", PartialDate(2022, 2, 3)),  # without its accent
        ("de", "1. Januar 2022", PartialDate(2022, 1, 1)),
        ("de", "März 2022", PartialDate(2022, 3)),
        ("de", "03.05.2025", PartialDate(2025, 5, 3)),  # day first, as German writes it
        ("uk", "1 січня 2022", PartialDate(2022, 1, 1)),  # the month in a date
        ("uk", "січень 2022", PartialDate(2022, 1)),  # standing alone
        ("uk", "1 січ. 2022 р.", PartialDate(2022, 1, 1)),
        ("pl", "styczeń 2022", PartialDate(2022, 1)),
        ("pl", "1 stycznia 2022", PartialDate(2022, 1, 1)),
        ("pl", "STYCZEN 2022", PartialDate(2022, 1)),
        ("es", "1 de enero de 2022", PartialDate(2022, 1, 1)),
        ("ar", "١ يناير ٢٠٢٢", PartialDate(2022, 1, 1)),
        ("fr", "1 Jan 2022", PartialDate(2022, 1, 1)),  # English still reads
        ("uk", "2022-01-01", PartialDate(2022, 1, 1)),
        ("en", "January 2022", PartialDate(2022, 1)),
    ],
)
def test_typed_dates_read_the_months_of_the_language(lang, typed, expected):
    assert language.day_from_text(typed, lang) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_date_written_in_a_language_reads_back(lang):
    for month in range(1, 13):
        for value in (PartialDate(2025, month, 9), PartialDate(2025, month)):
            assert language.day_from_text(day_text(value, lang), lang) == value
    assert language.day_from_text(day_text(PartialDate(1999), lang), lang) == PartialDate(1999)


def test_a_month_of_another_language_or_no_date_is_refused():
    with pytest.raises(ValueError, match="not a date"):
        language.day_from_text("1 janvier 2022", "de")
    with pytest.raises(ValueError, match="no such date"):
        language.day_from_text("30 février 2022", "fr")
    with pytest.raises(ValueError, match="no year"):
        language.day_from_text("1 січня", "uk")
