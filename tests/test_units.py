"""Units of measure: one name whatever the spelling, in articles and golden files alike."""

from __future__ import annotations

import pytest

from factcheck import units


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("%", "percent"),
        ("per cent", "percent"),
        ("Percent", "percent"),
        ("degrees Celsius", "degree"),
        ("°C", "degree"),
        ("US dollars", "dollar"),
        ("USD", "dollar"),
        ("euros", "euro"),
        ("£", "pound"),
        ("countries", None),
        ("", None),
    ],
)
def test_canonical_names_a_unit_however_written(written, name):
    assert units.canonical(written) == name


def test_scan_reads_symbols_and_short_scales():
    text = "Lenders pledged $2.5bn, then USD 300 million; the lake warmed 1.5°C, or 3C in May."
    found = [(q.text, q.value, q.unit) for q in units.scan(text)]
    assert found == [
        ("$2.5bn", 2.5e9, "dollar"),
        ("USD 300 million", 3e8, "dollar"),
        ("1.5°C", 1.5, "degree"),
        ("3C", 3.0, "degree"),
    ]


def test_scan_leaves_letters_after_codes_alone():
    # a section code, a grade and a year are no temperatures
    assert units.scan("See Article 4C, grade B2C and the 2020 plan.") == []


def test_article_numbers_carry_the_unit_name(nlp):
    from factcheck.nlp import numbers

    doc = nlp(
        "The fund grew by 12 per cent to €40bn, and the sea was 2°C warmer than 18% of "
        "forecasts said."
    )
    got = {(n.text, n.noun) for n in numbers(doc)}
    assert ("€40bn", "euro") in got
    assert ("2°C", "degree") in got
    assert any(noun == "percent" and "12" in text for text, noun in got)
    assert any(noun == "percent" and "18" in text for text, noun in got)
    values = {n.noun: (n.low, n.high) for n in numbers(doc)}
    assert values["euro"] == (4e10, 4e10) and values["degree"] == (2.0, 2.0)


def test_plain_writes_temperatures_one_way():
    assert units.plain("below 2°C, 1.5 °C or 2C; a 45° turn") == "below 2C, 1.5C or 2C; a 45 turn"


def test_a_calendar_date_running_into_a_duration_is_no_count(nlp):
    from factcheck.nlp import numbers

    doc = nlp("OSLO, Dec. 12 - Nearly two weeks of talks ended on Saturday.")
    assert not any("Dec" in n.text for n in numbers(doc))
