"""Mistakes can be put right: bounded dates, the first talk shown and rebooked,
a referral withdrawn by its sender, Post/Redirect/Get after errors, deleting a
draft only when confirmed, the stale-tab warning as an error summary, and the
consultant's concern shown in full to the caseworker."""

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from referrals import resubmit
from referrals.fields import YEARS_BACK
from referrals.follow_up import lifecycle, services
from referrals.follow_up.forms import BookFirstTalkForm, RebookFirstTalkForm
from referrals.intake.examples import example_answers
from referrals.intake.forms import ChildrenForm, FirstContactForm
from referrals.models import Draft, Notification, Referral

pytestmark = pytest.mark.django_db

TOO_OLD = "Datumet kan inte ligga mer än"
IN_FUTURE = "Datumet kan inte ligga i framtiden."
PASSED = "Datumet har redan passerat."


def _today():
    return timezone.localdate()


# --- Dates ---------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["0001-01-01", "1850-06-01", "2000-01-01"])
def test_an_absurdly_old_contact_date_is_refused(typed):
    form = FirstContactForm({**example_answers()["first-contact"], "contact_date": typed})
    assert not form.is_valid()
    assert TOO_OLD in form.errors["contact_date"][0]
    assert f"{YEARS_BACK} år" in form.errors["contact_date"][0]


def test_a_contact_date_in_the_future_is_refused_and_a_recent_one_accepted():
    answers = example_answers()["first-contact"]
    tomorrow = (_today() + timedelta(days=1)).isoformat()
    future = FirstContactForm({**answers, "contact_date": tomorrow})
    assert not future.is_valid()
    assert future.errors["contact_date"] == [IN_FUTURE]
    last_year = (_today() - timedelta(days=365)).isoformat()
    assert FirstContactForm({**answers, "contact_date": last_year}).is_valid()


@pytest.mark.parametrize("typed", ["1850-01-01", "0001-01-01"])
def test_an_absurdly_old_report_of_concern_is_refused(typed):
    form = ChildrenForm(
        {
            "children_in_household": "yes",
            "relative_is_child": "no",
            "child_at_risk": "yes",
            "report_made_on": typed,
            "report_made_to": "Mottagningen",
        }
    )
    assert not form.is_valid()
    assert TOO_OLD in form.errors["report_made_on"][0]


# --- The first talk --------------------------------------------------------------


@pytest.mark.parametrize("form_class", [BookFirstTalkForm, RebookFirstTalkForm])
def test_a_first_talk_is_never_booked_in_the_past(form_class):
    past = form_class({"version": 0, "first_talk_on": "2019-01-01"})
    assert not past.is_valid()
    assert PASSED in past.errors["first_talk_on"][0]
    assert form_class({"version": 0, "first_talk_on": _today().isoformat()}).is_valid()


def test_the_first_talk_is_rebooked_with_its_history(client, make_referral, consultant):
    referral = make_referral(status="first_talk_booked")
    old = referral.first_talk_on
    new = _today() + timedelta(days=3)
    client.force_login(consultant)
    response = client.post(
        reverse("referrals:referral_move", args=[referral.reference, "rebook_first_talk"]),
        {"version": 0, "first_talk_on": new.isoformat()},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.first_talk_on) == ("first_talk_booked", new)
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.FIRST_TALK_REBOOKED, referral_reference=referral.reference
    )
    assert event.details["rebooked_from"] == old.isoformat()
    assert event.details["first_talk_on"] == new.isoformat()
    page = client.get(referral.get_absolute_url()).content.decode()
    assert f"från {old.isoformat()} till {new.isoformat()}" in page
    assert "Första samtalet:" in page


def test_the_first_talk_is_shown_on_the_caseworkers_contact(client, make_referral, caseworker):
    referral = make_referral(status="first_talk_booked")
    client.force_login(caseworker)
    page = client.get(referral.contact.get_absolute_url()).content.decode()
    assert f"Första samtalet: {referral.first_talk_on.isoformat()}" in page


# --- Withdrawing a referral -------------------------------------------------------


def _withdraw_url(referral):
    return reverse("referrals:contact_referral_withdraw", args=[referral.reference])


@pytest.mark.parametrize("status", ["sent", "received"])
def test_the_sender_withdraws_a_referral_not_yet_accepted(
    client, make_referral, caseworker, consultant, status
):
    referral = make_referral(status=status)
    client.force_login(caseworker)
    contact_page = client.get(referral.contact.get_absolute_url()).content.decode()
    assert _withdraw_url(referral) in contact_page
    response = client.post(
        _withdraw_url(referral), {"version": 0, "withdrawal_reason": "Fel stadsdel"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
    assert (referral.withdrawn_by, referral.withdrawal_reason) == (caseworker, "Fel stadsdel")
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.REFERRAL_WITHDRAWN, referral_reference=referral.reference
    )
    assert event.actor == caseworker and event.details["reason"] == "Fel stadsdel"
    note = Notification.objects.get(recipient=consultant, kind=Notification.Kind.REFERRAL_WITHDRAWN)
    assert note.text == (
        f"{referral.reference}: handläggaren har återkallat hänvisningen (Fel stadsdel)"
    )
    client.force_login(consultant)
    assert "Fel stadsdel" in client.get(referral.get_absolute_url()).content.decode()


def test_a_withdrawal_needs_a_reason_and_the_page_shows_the_error_after_a_redirect(
    client, make_referral, caseworker
):
    referral = make_referral()
    client.force_login(caseworker)
    response = client.post(_withdraw_url(referral), {"version": 0, "withdrawal_reason": " "})
    assert response.status_code == 302
    assert response["Location"] == _withdraw_url(referral)
    page = client.get(_withdraw_url(referral)).content.decode()
    assert "Skriv varför hänvisningen återkallas." in page
    assert "error-summary" in page
    referral.refresh_from_db()
    assert referral.status == "sent"


@pytest.mark.parametrize("status", ["accepted", "first_talk_booked", "closed", "declined"])
def test_an_accepted_referral_cannot_be_withdrawn(client, make_referral, caseworker, status):
    referral = make_referral(status=status)
    assert not lifecycle.can_withdraw(referral)
    client.force_login(caseworker)
    client.post(_withdraw_url(referral), {"version": 0, "withdrawal_reason": "Fel"})
    referral.refresh_from_db()
    assert referral.status == status
    assert "kan inte återkallas" in client.get(_withdraw_url(referral)).content.decode()


def test_a_consultant_cannot_withdraw_through_the_move_view(client, make_referral, consultant):
    referral = make_referral(status="received")
    client.force_login(consultant)
    response = client.post(
        reverse("referrals:referral_move", args=[referral.reference, "withdraw"]),
        {"version": 0, "withdrawal_reason": "x"},
    )
    assert response.status_code == 404
    assert "withdraw" not in {t.action for t in lifecycle.available(referral)}


def test_another_caseworker_cannot_withdraw(client, make_referral, make_user):
    from anhorigstod import roles

    referral = make_referral()
    client.force_login(make_user(roles.CASEWORKER, username="other"))
    response = client.post(_withdraw_url(referral), {"version": 0, "withdrawal_reason": "x"})
    assert response.status_code == 404


def test_withdrawing_needs_a_reason_in_the_service(make_referral, caseworker):
    referral = make_referral()
    with pytest.raises(ValueError):
        services.move_referral(
            referral=referral, action="withdraw", user=caseworker, expected_version=0
        )


# --- Post/Redirect/Get on the path's steps -----------------------------------------


def _step_url(draft, slug):
    return reverse("referrals:draft_step", args=[draft.pk, slug])


def test_a_step_with_errors_redirects_and_shows_what_was_typed_once(client, caseworker):
    client.force_login(caseworker)
    client.post(reverse("referrals:draft_start"), {"start_token": str(uuid.uuid4())})
    draft = Draft.objects.get()
    typed = {**example_answers()["first-contact"], "contact_date": "1850-01-01"}
    response = client.post(_step_url(draft, "first-contact"), {"revision": 0, **typed})
    assert response.status_code == 302
    assert response["Location"] == _step_url(draft, "first-contact")
    page = client.get(_step_url(draft, "first-contact")).content.decode()
    assert TOO_OLD in page
    assert 'value="1850-01-01"' in page
    assert "error-summary" in page
    draft.refresh_from_db()
    assert draft.answers == {}
    # The stored copy is deleted once shown: a reload shows the form as saved.
    assert not any(key.startswith(resubmit.PREFIX) for key, _value in client.session.items())
    again = client.get(_step_url(draft, "first-contact")).content.decode()
    assert TOO_OLD not in again


def test_the_stale_tab_warning_is_an_error_summary(client, caseworker, make_draft):
    draft = make_draft()
    client.force_login(caseworker)
    stale = draft.revision - 1 if draft.revision else 99
    data = {**example_answers()["needs"], "revision": stale}
    data["needs"] = example_answers()["needs"]["needs"]
    response = client.post(_step_url(draft, "needs"), data, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(_step_url(draft, "needs"), 302)]
    assert 'class="alert alert-danger error-summary"' in page
    assert "ändrats i en annan flik" in page
    assert 'data-error="summary"' in page


# --- Deleting a draft asks first ----------------------------------------------------


def test_deleting_a_draft_asks_first(client, caseworker, make_draft):
    draft = make_draft()
    client.force_login(caseworker)
    listing = client.get(reverse("referrals:my_contacts")).content.decode()
    url = reverse("referrals:draft_delete", args=[draft.pk])
    assert f'href="{url}"' in listing  # a link to the question, not a delete button
    question = client.get(url)
    assert question.status_code == 200
    assert "Vill du radera utkastet?" in question.content.decode()
    assert Draft.objects.filter(pk=draft.pk).exists()
    response = client.post(url)
    assert response["Location"] == reverse("referrals:my_contacts")
    assert not Draft.objects.filter(pk=draft.pk).exists()


# --- The consultant's concern --------------------------------------------------------


def test_the_concern_is_shown_in_full_with_who_and_when(
    client, make_referral, consultant, caseworker
):
    referral = make_referral(status="accepted")
    concern = "Hen verkar mycket rädd för sin bror och vill träffas snart."
    services.log_session(
        referral=referral,
        user=consultant,
        expected_version=0,
        held_on=date.today(),
        form="phone",
        note="Intern anteckning som handläggaren inte ska se",
        concerns=concern,
    )
    client.force_login(caseworker)
    page = client.get(referral.contact.get_absolute_url()).content.decode()
    assert concern in page
    assert "Kim vill lyfta en oro" in page
    assert timezone.localdate().isoformat() in page
    assert "Intern anteckning" not in page
    listing = client.get(reverse("referrals:my_contacts")).content.decode()
    contact_url = reverse("referrals:contact_detail", args=[referral.contact.reference])
    assert f'href="{contact_url}#{referral.reference}"' in listing
