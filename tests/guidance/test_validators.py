"""The directory's validators: plain functions, and every fixture value passes them."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from guidance.templatetags import directory_tags, district_tags
from guidance.validators import (
    DESCRIPTION_MAX_CHARS,
    SHORT_TEXT_MAX_CHARS,
    age_range_error,
    max_chars,
    names_are_same,
    names_are_similar,
    split_phone,
    tel_href,
    validate_phone,
    validate_web_url,
)

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "guidance"


def _fixture_fields(model: str) -> list[dict]:
    return [
        entry["fields"]
        for path in sorted(FIXTURE_DIR.glob("*.json"))
        for entry in json.loads(path.read_text(encoding="utf-8"))
        if entry["model"] == model
    ]


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("08-508 25 000", "tel:0850825000"),
        ("0771-22 00 60", "tel:0771220060"),
        ("+46 8 508 250 00", "tel:+46850825000"),
        ("112", "tel:112"),
        ("116 006", "tel:116006"),
        ("1177", "tel:1177"),
        ("020-22 22 22", "tel:020222222"),
        ("112 (be om jourhavande präst)", "tel:112"),
    ],
)
def test_a_phone_number_as_a_person_writes_it_is_accepted_and_dials(phone, href):
    validate_phone(phone)
    assert tel_href(phone) == href


@pytest.mark.parametrize(
    "phone",
    [
        "ring <script>alert(1)</script>",
        "ring 08-508 25 000",
        "08-508 25 000 eller mejla",
        "08-508 25 000 (<b>)",
        "+",
        "javascript:alert(1)",
        "08/508 25 000",
    ],
)
def test_junk_is_refused_as_a_phone_number(phone):
    with pytest.raises(ValidationError) as raised:
        validate_phone(phone)
    assert "Skriv numret med siffror" in raised.value.messages[0]


@pytest.mark.parametrize("phone", ["12", "08-12", "08-508 25 000 000 0", "+46 8", "1234567"])
def test_a_number_with_digits_missing_or_too_many_is_refused(phone):
    with pytest.raises(ValidationError) as raised:
        validate_phone(phone)
    assert "siffror" in raised.value.messages[0]


def test_a_note_in_parentheses_is_kept_apart_from_the_number():
    assert split_phone("112 (be om jourhavande präst)") == ("112", "be om jourhavande präst")
    assert split_phone("ring mig") is None


def test_every_page_dials_with_the_same_rule():
    for phone in ("08-508 000 00", "+46 8 508 000 00", "112 (be om jourhavande präst)", "x"):
        assert district_tags.tel_href(phone) == tel_href(phone)
        assert directory_tags.tel_href(phone) == tel_href(phone)
    assert tel_href("saknas") == ""


def test_every_phone_in_the_fixtures_validates():
    phones = [f["phone"] for f in _fixture_fields("guidance.service") if f.get("phone")]
    phones += [
        f["reception_phone"]
        for f in _fixture_fields("guidance.district")
        if f.get("reception_phone")
    ]
    assert phones
    for phone in phones:
        validate_phone(phone)
        assert tel_href(phone).startswith("tel:")


@pytest.mark.parametrize("url", ["https://www.fryshuset.se/", "http://example.se/a?b=c"])
def test_http_and_https_addresses_are_accepted(url):
    validate_web_url(url)


@pytest.mark.parametrize("url", ["ftp://example.se/fil", "javascript:alert(1)", "mailto:a@b.se"])
def test_other_schemes_are_refused(url):
    with pytest.raises(ValidationError) as raised:
        validate_web_url(url)
    assert raised.value.messages == ["Ange en webbadress som börjar med http:// eller https://."]


def test_every_web_address_in_the_fixtures_validates():
    urls = [f["url"] for f in _fixture_fields("guidance.service") if f.get("url")]
    urls += [f["website"] for f in _fixture_fields("guidance.organisation") if f.get("website")]
    assert urls
    for url in urls:
        validate_web_url(url)


def test_a_description_over_the_cap_is_refused_with_its_length():
    max_chars(DESCRIPTION_MAX_CHARS)("x" * DESCRIPTION_MAX_CHARS)
    with pytest.raises(ValidationError) as raised:
        max_chars(DESCRIPTION_MAX_CHARS)("x" * 100_000)
    assert raised.value.messages == ["Texten får vara högst 2000 tecken (den har 100000)."]


def test_every_fixture_text_fits_its_cap():
    for fields in _fixture_fields("guidance.service"):
        assert len(fields["description"]) <= DESCRIPTION_MAX_CHARS, fields["name"]
        assert len(fields["who_it_helps"]) <= SHORT_TEXT_MAX_CHARS, fields["name"]
        assert len(fields.get("eligibility", "")) <= SHORT_TEXT_MAX_CHARS, fields["name"]
    for fields in _fixture_fields("guidance.organisation"):
        assert len(fields["description"]) <= DESCRIPTION_MAX_CHARS, fields["name"]


def test_the_lowest_age_may_not_be_above_the_highest():
    assert age_range_error(50, 10) == "Lägsta ålder (50) kan inte vara högre än högsta ålder (10)."
    assert age_range_error(10, 50) is None
    assert age_range_error(12, 12) is None
    assert age_range_error(None, 10) is None


def test_names_the_same_but_for_case_and_spacing():
    assert names_are_same("Fryshuset", " fryshuset ")
    assert names_are_same("Rädda  Barnen", "rädda barnen")
    assert not names_are_same("Fryshuset", "Fryshuset AB")


@pytest.mark.parametrize(
    "other", ["fryshuset", "Fryshuset ", "Fryshuset AB", "Fryshuset.", "Fryshusett"]
)
def test_near_duplicate_names_are_similar(other):
    assert names_are_similar("Fryshuset", other)


@pytest.mark.parametrize(
    ("first", "second"),
    [("Fryshuset", "Rädda Barnen"), ("Brottsofferjouren", "Brottsoffermyndigheten")],
)
def test_different_names_are_not_similar(first, second):
    assert not names_are_similar(first, second)


def test_no_two_fixture_organisations_look_like_duplicates():
    names = [f["name"] for f in _fixture_fields("guidance.organisation")]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :] if names_are_similar(a, b)]
    assert pairs == []


def test_no_two_fixture_services_of_one_organisation_look_like_duplicates():
    by_organisation: dict[str, list[str]] = {}
    for fields in _fixture_fields("guidance.service"):
        by_organisation.setdefault(str(fields["organisation"]), []).append(fields["name"])
    pairs = [
        (a, b)
        for names in by_organisation.values()
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if names_are_similar(a, b)
    ]
    assert pairs == []
