"""Keeping the directory true: the check rule, the cards, the admin round, the loader."""

import json
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from anhorigstod import roles
from guidance import models as m
from guidance.loading import FIXTURE_DIR, load_guidance
from guidance.verification import is_due, tel_href, verification_notice

TODAY = date(2026, 6, 1)
DUE_WORDS = "kontrollera numret innan du ger det vidare"


# --- the rule, without a client or a database


@override_settings(DIRECTORY_VERIFY_AFTER_DAYS=365)
@pytest.mark.parametrize(
    ("checked", "due"),
    [
        (None, True),
        (TODAY, False),
        (TODAY - timedelta(days=365), False),
        (TODAY - timedelta(days=366), True),
        (date(2021, 12, 14), True),
    ],
)
def test_a_service_is_due_when_never_checked_or_checked_too_long_ago(checked, due):
    assert is_due(checked, TODAY) is due
    assert verification_notice(checked, "Anna", TODAY).due is due


@override_settings(DIRECTORY_VERIFY_AFTER_DAYS=30)
def test_the_setting_decides_how_old_is_too_old():
    assert is_due(TODAY - timedelta(days=31), TODAY)
    assert not is_due(TODAY - timedelta(days=30), TODAY)


def test_the_notice_says_when_and_who_and_warns_in_words():
    never = verification_notice(None, "", TODAY)
    assert never.text.startswith("Ej kontrollerad")
    assert DUE_WORDS in never.text

    old = verification_notice(date(2021, 12, 14), "Anna Andersson", TODAY)
    assert "kontrollerades senast 14 december 2021 av Anna Andersson" in old.text
    assert DUE_WORDS in old.text

    fresh = verification_notice(TODAY - timedelta(days=3), "Anna Andersson", TODAY)
    assert fresh.text == "Senast kontrollerad 29 maj 2026 av Anna Andersson."


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("08-702 16 80", "tel:087021680"),
        ("116 111", "tel:116111"),
        ("112 (be om jourhavande präst)", "tel:112"),
        ("+46 8 508 000 00", "tel:+468508000 00".replace(" ", "")),
        ("saknas", ""),
    ],
)
def test_a_phone_number_becomes_a_dialable_link(phone, href):
    assert tel_href(phone) == href


# --- the fixtures: only facts the seeds give, national numbers marked


def _services() -> list[dict]:
    return [
        entry["fields"]
        for entry in json.loads((FIXTURE_DIR / "85_services.json").read_text(encoding="utf-8"))
    ]


def test_no_fixture_claims_anonymity_swedish_or_access_the_seeds_do_not_give():
    services = {fields["key"]: fields for fields in _services()}
    assert [k for k, f in services.items() if f["anonymous_possible"] == "yes"] == []
    assert [k for k, f in services.items() if ["sv"] in f["languages"]] == []
    for key in ("aleris-trauma-och-stress", "capio-stress-och-trauma-sodermalm"):
        assert services[key]["access"] == "unknown"
    assert "inte bara till för" not in services["capio-stress-och-trauma-sodermalm"]["description"]


def test_the_national_numbers_are_there_and_marked_as_not_verified():
    by_phone = {fields["phone"]: fields for fields in _services() if fields["phone"]}
    for number in ("116 111", "116 006", "114 14", "1177", "112 (be om jourhavande präst)"):
        service = by_phone[number]
        assert service["contact_details_source"].startswith("Allmänt känt nationellt nummer")
        assert "ej kontrollerat" in service["contact_details_source"]
        assert service["last_verified_at"] is None
    assert by_phone["08-702 16 80"]["contact_details_source"].startswith("Stödmaterialet")


# --- the pages


@pytest.mark.django_db
def test_the_directory_card_shows_phone_link_unknowns_and_the_warning(client_as):
    m.Service.objects.filter(key="jourhavande-medmanniska-telefon").update(
        last_verified_at=date(2021, 12, 14), last_verified_by="Stödmaterialet"
    )
    page = client_as(roles.CASEWORKER).get(reverse("guidance:directory")).content.decode()
    assert 'href="tel:087021680"' in page
    assert 'href="tel:116111"' in page
    assert "Uppgift saknas" in page
    assert "kontrollerades senast 14 december 2021 av Stödmaterialet" in page
    assert "Ej kontrollerad – kontrollera numret innan du ger det vidare." in page
    assert "går att vara anonym" not in page.lower()


@pytest.mark.django_db
def test_a_freshly_checked_service_shows_no_warning_and_known_anonymity(client_as):
    service = m.Service.objects.get(key="jourhavande-medmanniska-telefon")
    m.Service.objects.filter(pk=service.pk).update(
        last_verified_at=timezone.localdate(),
        last_verified_by="Anna Andersson",
        anonymous_possible=m.Fact.YES,
    )
    page = (
        client_as(roles.CASEWORKER)
        .get(reverse("guidance:organisation_detail", args=[service.organisation.key]))
        .content.decode()
    )
    assert "Senast kontrollerad" in page and "av Anna Andersson." in page
    assert DUE_WORDS not in page
    assert "Går att vara anonym" in page


# --- the admin round


@pytest.mark.django_db
def test_the_due_filter_lists_unchecked_and_old_but_not_closed_services(client_as):
    today = timezone.localdate()
    fresh, stale, never, closed = m.Service.objects.all()[:4]
    m.Service.objects.filter(pk=fresh.pk).update(last_verified_at=today - timedelta(days=30))
    m.Service.objects.filter(pk=stale.pk).update(last_verified_at=today - timedelta(days=400))
    m.Service.objects.filter(pk=never.pk).update(last_verified_at=None)
    m.Service.objects.filter(pk=closed.pk).update(
        last_verified_at=None, status=m.Service.Status.CLOSED
    )

    response = client_as(roles.ADMINISTRATOR).get(
        reverse("admin:guidance_service_changelist"), {"kontroll": "forfallen"}
    )

    listed = set(response.context["cl"].queryset)
    assert {stale, never} <= listed
    assert fresh not in listed
    assert closed not in listed
    assert "Behöver kontrolleras" in response.content.decode()


@pytest.mark.django_db
def test_the_service_page_shows_its_checks_read_only(client_as):
    service = m.Service.objects.first()
    m.ServiceCheck.objects.create(
        service=service, checked_on=date(2026, 1, 5), checked_by_name="Bo Berg", note="Stämmer."
    )
    page = (
        client_as(roles.ADMINISTRATOR)
        .get(reverse("admin:guidance_service_change", args=[service.pk]))
        .content.decode()
    )
    assert "Bo Berg" in page
    assert "Stämmer." in page
    assert 'name="checks-0-note"' not in page


# --- the loader never rolls a check back


@pytest.mark.django_db
def test_a_reload_keeps_a_later_check_and_writes_nothing():
    service = m.Service.objects.get(key="jourhavande-medmanniska-telefon")
    today = timezone.localdate()
    m.Service.objects.filter(pk=service.pk).update(
        last_verified_at=today, last_verified_by="Anna Andersson"
    )

    first = load_guidance()
    second = load_guidance()

    service.refresh_from_db()
    assert service.last_verified_at == today
    assert service.last_verified_by == "Anna Andersson"
    assert f"guidance.service:{service.key}" in first.unchanged
    assert first.updated == [] and second.updated == []


@pytest.mark.django_db
def test_a_reload_still_updates_other_fields_of_a_checked_service():
    service = m.Service.objects.get(key="jourhavande-medmanniska-telefon")
    today = timezone.localdate()
    m.Service.objects.filter(pk=service.pk).update(
        last_verified_at=today, last_verified_by="Anna Andersson", name="Gammalt namn"
    )

    report = load_guidance()

    service.refresh_from_db()
    assert report.updated == [f"guidance.service:{service.key}"]
    assert service.name != "Gammalt namn"
    assert service.last_verified_at == today


@pytest.mark.django_db
def test_a_reload_takes_the_fixture_check_when_it_is_later():
    service = m.Service.objects.get(key="jourhavande-medmanniska-telefon")
    fixture_date = service.last_verified_at
    m.Service.objects.filter(pk=service.pk).update(
        last_verified_at=fixture_date - timedelta(days=10), last_verified_by="Äldre"
    )

    load_guidance()

    service.refresh_from_db()
    assert service.last_verified_at == fixture_date


# --- the path's suggestions and the handout preview


@pytest.mark.django_db
def test_the_path_suggests_services_with_phone_and_check_warning(client, caseworker, make_draft):
    draft = make_draft(owner=caseworker)
    client.force_login(caseworker)

    page = client.get(reverse("referrals:draft_step", args=[draft.pk, "referral"]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Telefon:" in text
    assert DUE_WORDS in text


@pytest.mark.django_db
def test_the_handout_warns_on_screen_only_and_prints_only_known_facts(
    client, caseworker, make_draft
):
    from referrals.intake.services import submit_draft

    m.Service.objects.filter(key="jourhavande-medmanniska-telefon").update(
        last_verified_at=date(2021, 12, 14), last_verified_by="Stödmaterialet"
    )
    draft = make_draft(owner=caseworker, referral={"external": ["jourhavande-medmanniska-telefon"]})
    contact = submit_draft(draft=draft, user=caseworker)
    client.force_login(caseworker)

    page = client.get(reverse("referrals:contact_handout", args=[contact.reference]))

    text = page.content.decode()
    assert "08-702 16 80" in text
    assert '<div class="no-print mt-2">' in text
    assert "kontrollerades senast 14 december 2021" in text
    assert "Du kan vara anonym" not in text  # unknown, so not printed

    m.Service.objects.filter(key="jourhavande-medmanniska-telefon").update(
        anonymous_possible=m.Fact.YES
    )
    again = client.get(reverse("referrals:contact_handout", args=[contact.reference]))
    assert "Du kan vara anonym" in again.content.decode()


@pytest.mark.django_db
def test_a_check_shows_on_the_cached_directory_card_at_once(client_as, make_user):
    from guidance.checks import CheckResult, record_round

    client = client_as(roles.CASEWORKER)
    service = m.Service.objects.get(key="jourhavande-medmanniska-telefon")
    url = reverse("guidance:directory")
    assert "av Eva Ek." not in client.get(url).content.decode()

    checker = make_user(roles.ADMINISTRATOR, username="eva", first_name="Eva", last_name="Ek")
    record_round(results=[CheckResult(service=service, outcome="unchanged")], user=checker)

    assert "av Eva Ek." in client.get(url).content.decode()
