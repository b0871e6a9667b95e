"""Closing a service (issue 15, ask 3): the rules, the warning about open referrals,
the delete page that points to closing, and the closure shown in search."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from anhorigstod import roles
from guidance import closure, search
from guidance import models as m
from referrals.models import Referral
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

CLOSED = m.Service.Status.CLOSED
TEMPORARILY_CLOSED = m.Service.Status.TEMPORARILY_CLOSED


@pytest.fixture
def service():
    return m.Service.objects.select_related("organisation").order_by("pk").first()


def _refer(service, contact, status=Referral.Status.SENT) -> Referral:
    number = contact.referrals.count() + 1
    return Referral.objects.create(
        contact=contact, reference=f"{contact.reference}-{number}", service=service, status=status
    )


# --- The rules ---------------------------------------------------------------------


def test_closing_without_a_reason_is_refused_next_to_the_reason(service):
    service.status = CLOSED
    with pytest.raises(ValidationError) as refused:
        service.clean()
    assert refused.value.message_dict == {"closure_reason": ["Skriv varför tjänsten är stängd."]}


def test_closing_without_a_date_closes_from_today(service):
    service.status, service.closure_reason = TEMPORARILY_CLOSED, "Lokalen renoveras"
    service.clean()
    assert service.closed_on == timezone.localdate()


def test_expected_reopening_before_the_closing_is_refused(service):
    service.status, service.closure_reason = TEMPORARILY_CLOSED, "Semester"
    service.closed_on, service.reopens_on = date(2026, 7, 1), date(2026, 6, 1)
    with pytest.raises(ValidationError) as refused:
        service.clean()
    assert "reopens_on" in refused.value.message_dict


def test_a_closed_service_is_not_expected_back(service):
    service.status, service.closure_reason = CLOSED, "Verksamheten lades ner"
    service.reopens_on = date(2027, 1, 1)
    service.clean()
    assert service.reopens_on is None


def test_reopening_clears_the_closure_and_history_keeps_it(service):
    errors = closure.close(
        service=service, status=TEMPORARILY_CLOSED, reason="Semester", reopens=date(2099, 8, 1)
    )
    assert errors == {}
    service.status = m.Service.Status.ACTIVE
    service.clean()
    service.save()
    service.refresh_from_db()
    assert (service.closed_on, service.closure_reason, service.reopens_on) == (None, "", None)
    assert service.history.filter(closure_reason="Semester").exists()


def test_close_returns_the_errors_and_saves_nothing(service):
    assert closure.close(service=service, status=CLOSED, reason="  ") == {
        "closure_reason": "Skriv varför tjänsten är stängd."
    }
    assert m.Service.objects.get(pk=service.pk).status == m.Service.Status.ACTIVE


@pytest.mark.parametrize(
    ("status", "closed_on", "reopens_on", "expected"),
    [
        ("active", None, None, ""),
        (CLOSED, date(2026, 5, 4), None, "Tjänsten är nedlagd sedan 4 maj 2026."),
        (CLOSED, None, None, "Tjänsten är nedlagd."),
        (TEMPORARILY_CLOSED, date(2026, 5, 4), date(2026, 9, 1),
         "Tillfälligt stängd, väntas öppna 1 september 2026."),
        (TEMPORARILY_CLOSED, date(2026, 5, 4), None, "Tillfälligt stängd sedan 4 maj 2026."),
    ],
)  # fmt: skip
def test_the_closure_in_one_sentence(service, status, closed_on, reopens_on, expected):
    service.status, service.closed_on, service.reopens_on = status, closed_on, reopens_on
    assert closure.notice(service) == expected


# --- The admin: closing warns, deleting points to closing --------------------------


def _change_form_data(client, service) -> dict:
    """What the service's change form posts unchanged: every field and inline."""
    page = client.get(reverse("admin:guidance_service_change", args=[service.pk]))
    form = page.context["adminform"].form
    data: dict = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def _save(client, service, **changes):
    data = _change_form_data(client, service) | {k: str(v) for k, v in changes.items()}
    return client.post(
        reverse("admin:guidance_service_change", args=[service.pk]), data, follow=True
    )


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_closing_in_the_admin_warns_about_open_referrals_in_counts_only(client_as, service):
    farsta = ContactFactory()
    sodermalm = ContactFactory(
        draft__steps={
            "first-contact": {"district": "sodermalm"},
            "referral": {"internal": ["relative-support-consultant@sodermalm"]},
        }
    )
    _refer(service, farsta)
    _refer(service, farsta, status=Referral.Status.CLOSED)  # ended: not counted
    _refer(service, sodermalm)
    client = client_as(roles.ADMINISTRATOR)

    response = _save(
        client,
        service,
        status=CLOSED,
        closure_reason="Nedlagd av föreningen",
        closed_on="2026-05-04",
    )

    assert response.redirect_chain, response.context["adminform"].form.errors
    service.refresh_from_db()
    assert (service.status, service.closed_on) == (CLOSED, date(2026, 5, 4))
    (warning,) = [text for text in _messages(response) if "hänvisning" in text]
    assert warning.startswith("2 öppna hänvisningar går till tjänsten (Farsta 1, Södermalm 1).")
    assert farsta.reference not in warning and sodermalm.reference not in warning


def test_closing_a_service_without_referrals_says_none_are_open(client_as, service):
    client = client_as(roles.ADMINISTRATOR)
    response = _save(client, service, status=TEMPORARILY_CLOSED, closure_reason="Semester")
    assert "Inga öppna hänvisningar går till tjänsten." in _messages(response)
    service.refresh_from_db()
    assert service.closed_on == timezone.localdate()


def test_closing_without_a_reason_shows_the_message_and_keeps_what_was_typed(client_as, service):
    client = client_as(roles.ADMINISTRATOR)
    response = _save(client, service, status=CLOSED, reopens_on="", closed_on="2026-05-04")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["closure_reason"] == ["Skriv varför tjänsten är stängd."]
    assert form["closed_on"].value() == "2026-05-04"
    assert m.Service.objects.get(pk=service.pk).status == m.Service.Status.ACTIVE


def test_deleting_a_service_with_referrals_points_to_closing_it(client_as, service):
    _refer(service, ContactFactory())
    _refer(service, ContactFactory(), status=Referral.Status.CLOSED)
    client = client_as(roles.ADMINISTRATOR)

    page = client.get(reverse("admin:guidance_service_delete", args=[service.pk]))

    text = page.content.decode()
    assert "har 2 hänvisningar och kan inte tas bort" in text
    change = reverse("admin:guidance_service_change", args=[service.pk])
    assert f'href="{change}#id_status"' in text
    assert "Stäng tjänsten i stället" in text
    assert "skyddade" not in text and "protected" not in text
    assert 'name="post"' not in text  # nothing to confirm
    client.post(reverse("admin:guidance_service_delete", args=[service.pk]), {"post": "yes"})
    assert m.Service.objects.filter(pk=service.pk).exists()


def test_deleting_several_services_names_those_with_referrals(client_as, service):
    other = m.Service.objects.exclude(pk=service.pk).first()
    _refer(service, ContactFactory())
    client = client_as(roles.ADMINISTRATOR)

    page = client.post(
        reverse("admin:guidance_service_changelist"),
        {"action": "delete_selected", "_selected_action": [service.pk, other.pk]},
    )

    text = page.content.decode()
    assert "har 1 hänvisning och kan inte tas bort" in text
    assert str(other) not in text.split("deleted-objects")[1].split("</ul>")[0]
    assert "skyddade" not in text


def test_deleting_a_service_without_referrals_still_asks_to_confirm(client_as, service):
    client = client_as(roles.ADMINISTRATOR)
    page = client.get(reverse("admin:guidance_service_delete", args=[service.pk]))
    assert 'name="post"' in page.content.decode()


# --- Search ------------------------------------------------------------------------


def test_search_marks_a_closed_service_with_its_date(client_as, service):
    service.status, service.closure_reason, service.closed_on = CLOSED, "Nedlagd", date(2026, 5, 4)
    service.save()
    hits = search.search(query=service.name)
    (hit,) = [h for h in hits if h.kind == "service" and h.title == str(service)]
    assert hit.closure == "Tjänsten är nedlagd sedan 4 maj 2026."
    client = client_as(roles.CASEWORKER)
    page = client.get(reverse("guidance:search"), {"q": service.name}).content.decode()
    assert "Tjänsten är nedlagd sedan 4 maj 2026." in page


def test_search_leaves_an_active_service_unmarked(service):
    hits = search.search(query=service.name)
    assert all(not h.closure for h in hits)


def test_organisation_page_gives_the_expected_reopening(client_as, service):
    service.status, service.closure_reason = TEMPORARILY_CLOSED, "Semester"
    service.closed_on, service.reopens_on = date(2026, 6, 1), date(2026, 8, 17)
    service.save()
    client = client_as(roles.CASEWORKER)
    page = client.get(service.organisation.get_absolute_url()).content.decode()
    assert "Tillfälligt stängd, väntas öppna 17 augusti 2026." in page
