"""The caseworker's worklist: labels (never a personal identity number), target
group and next step or status, last activity first, search by label and
reference, and the start page's way into a new contact."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from referrals.intake import selectors, services
from referrals.intake.examples import example_answers
from referrals.intake.forms.label import LabelForm, looks_like_personal_identity_number
from referrals.models import Contact, Draft, Notification, Referral

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "label",
    ["19800101-1234", "800101-1234", "198001011234", "AB 800101-1234", "AB800101-1234"],
)
def test_a_label_that_looks_like_a_personal_identity_number_is_refused(label):
    assert looks_like_personal_identity_number(label)
    form = LabelForm({"label": label})
    assert not form.is_valid()
    assert "får inte innehålla ett personnummer" in form.errors["label"][0]


@pytest.mark.parametrize("label", ["", "AB", "Mamma S, Farsta", "Ärende 12", "K-2026-07"])
def test_initials_and_codes_are_accepted(label):
    assert LabelForm({"label": label}).is_valid()


def test_a_label_is_at_most_forty_characters():
    form = LabelForm({"label": "x" * 41})
    assert not form.is_valid()
    assert "högst 40 tecken" in form.errors["label"][0]


def test_starting_a_contact_stores_its_label(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("referrals:draft_start"), {"start_token": str(uuid.uuid4()), "label": "AB"}
    )
    assert response.status_code == 302
    assert Draft.objects.get().label == "AB"


def test_a_personal_identity_number_as_label_starts_nothing_and_is_shown_again(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("referrals:draft_start"),
        {"start_token": str(uuid.uuid4()), "label": "19800101-1234", "from": "contacts"},
    )
    assert response.status_code == 302  # Post/Redirect/Get, errors included
    assert not Draft.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "får inte innehålla ett personnummer" in page
    assert 'value="19800101-1234"' in page
    # Shown once: the stored copy is gone.
    assert (
        "får inte innehålla ett personnummer"
        not in client.get(response["Location"]).content.decode()
    )


def test_the_label_is_edited_on_a_draft_page_and_carried_to_the_contact(
    client, caseworker, make_draft
):
    draft = make_draft()
    client.force_login(caseworker)
    url = reverse("referrals:draft_label", args=[draft.pk])
    response = client.post(url, {"label": "CD", "step": "needs"})
    assert response["Location"] == reverse("referrals:draft_step", args=[draft.pk, "needs"])
    draft.refresh_from_db()
    assert draft.label == "CD"
    contact = services.submit_draft(draft=draft, user=caseworker)
    assert contact.label == "CD"


def test_a_bad_label_on_a_draft_page_is_refused_and_shown_with_its_error(
    client, caseworker, make_draft
):
    draft = make_draft()
    client.force_login(caseworker)
    response = client.post(
        reverse("referrals:draft_label", args=[draft.pk]),
        {"label": "800101-1234", "step": "first-contact"},
    )
    draft.refresh_from_db()
    assert draft.label == ""
    page = client.get(response["Location"]).content.decode()
    assert "får inte innehålla ett personnummer" in page


def test_the_worklist_shows_label_target_group_and_next_step(client, caseworker, make_draft):
    draft = make_draft(needs=None, referral=None)
    Draft.objects.filter(pk=draft.pk).update(label="EF")
    client.force_login(caseworker)
    page = client.get(reverse("referrals:my_contacts")).content.decode()
    assert ">EF</a>" in page
    assert "Kriminell livsstil" in page or "kriminell" in page.lower()
    row = selectors.worklist_drafts(user=caseworker)[0]
    assert row.next_step and row.next_step != "Kontrollera och skicka"
    assert row.target_groups


def test_saving_a_step_records_the_next_step_the_worklist_shows(client, caseworker, make_draft):
    draft = make_draft(needs=None, referral=None)
    client.force_login(caseworker)
    data = example_answers()["threats"]
    client.post(
        reverse("referrals:draft_step", args=[draft.pk, "threats"]),
        {**data, "revision": str(draft.revision)},
    )
    draft.refresh_from_db()
    assert draft.next_step == "needs"
    assert selectors.worklist_drafts(user=caseworker)[0].next_step == "Behov"


def test_the_worklist_trusts_the_recorded_step_and_checks_only_drafts_never_saved(
    caseworker, make_draft
):
    saved = make_draft(referral=None)
    Draft.objects.filter(pk=saved.pk).update(next_step="needs")  # as a save recorded it
    make_draft(referral=None)  # made before steps were recorded: checked when listed
    rows = {row.draft.pk: row.next_step for row in selectors.worklist_drafts(user=caseworker)}
    assert rows[saved.pk] == "Behov"  # not "Hänvisning", which its answers would give
    assert sorted(rows.values()) == ["Behov", "Hänvisning"]


def test_the_start_page_checks_no_recorded_draft_again(client, caseworker, make_draft):
    """Each draft's answers were checked when saved; the start page's queries do not
    grow with drafts at the referral step (checking one asks for its suggestions)."""
    client.force_login(caseworker)
    make_draft(referral=None, next_step="referral")
    client.get(reverse("guidance:start"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("guidance:start"))
    for _ in range(5):
        make_draft(referral=None, next_step="referral")
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("guidance:start"))
    assert len(six) == len(one)


def test_contacts_show_their_label_and_referral_status(client, caseworker, make_referral):
    referral = make_referral(status="accepted")
    Contact.objects.filter(pk=referral.contact_id).update(label="GH")
    client.force_login(caseworker)
    page = client.get(reverse("referrals:my_contacts")).content.decode()
    assert "<td>GH</td>" in page
    assert "accepterad" in page


def test_contacts_are_sorted_by_last_activity(caseworker, make_referral):
    older = make_referral(status="sent")
    newer = make_referral(status="sent")
    assert [c.pk for c in selectors.my_contacts(user=caseworker)] == [
        newer.contact_id,
        older.contact_id,
    ]
    # Something happens to the older contact's referral: it comes first.
    Referral.objects.filter(pk=older.pk).update(accepted_at=timezone.now() + timedelta(minutes=5))
    assert next(c.pk for c in selectors.my_contacts(user=caseworker)) == older.contact_id


def _loaded(instance) -> set[str]:
    """The columns read from the database for ``instance`` (deferred ones are not)."""
    return set(instance.__dict__) & {
        field.attname for field in type(instance)._meta.concrete_fields
    }


def test_the_worklist_reads_only_the_contact_columns_it_shows(caseworker, make_referral):
    """The list shows a reference, a label and the last activity: the relative's
    contact details and the case's facts stay unread, and the grouped rows narrow."""
    make_referral(status="sent")
    contact = selectors.my_contacts(user=caseworker).get()
    assert _loaded(contact) == {"id", "reference", "label", "created_at"}


def test_search_by_label_and_by_reference(client, caseworker, make_referral, make_draft):
    first = make_referral()
    second = make_referral()
    Contact.objects.filter(pk=first.contact_id).update(label="Mamma IJ")
    draft = make_draft()
    Draft.objects.filter(pk=draft.pk).update(label="Pappa KL")
    client.force_login(caseworker)

    by_label = client.get(reverse("referrals:my_contacts"), {"q": "mamma"}).content.decode()
    assert first.contact.reference in by_label
    assert second.contact.reference not in by_label
    assert "Pappa KL" not in by_label

    by_reference = client.get(
        reverse("referrals:my_contacts"), {"q": second.contact.reference}
    ).content.decode()
    assert second.contact.reference in by_reference
    assert first.contact.reference not in by_reference

    drafts = client.get(reverse("referrals:my_contacts"), {"q": "pappa"}).content.decode()
    assert "Pappa KL" in drafts


def test_another_caseworkers_work_is_not_listed(make_user, make_draft, caseworker):
    from anhorigstod import roles

    other = make_user(roles.CASEWORKER, username="other")
    make_draft(owner=other)
    assert selectors.worklist_drafts(user=caseworker) == []


def test_the_start_page_gives_a_caseworker_a_new_contact_drafts_and_notices(
    client, caseworker, make_draft, make_referral
):
    draft = make_draft()
    Draft.objects.filter(pk=draft.pk).update(label="MN")
    referral = make_referral(status="received")
    Notification.objects.create(
        recipient=caseworker,
        referral=referral,
        kind=Notification.Kind.SESSION_CONCERNS,
        params={"reference": referral.reference},
        message="x",
    )
    client.force_login(caseworker)
    page = client.get(reverse("guidance:start")).content.decode()
    assert "Ny kontakt med en anhörig" in page
    assert 'name="start_token"' in page
    assert f'action="{reverse("referrals:draft_start")}"' in page
    assert ">MN</a>" in page
    assert "vill lyfta en oro" in page
    # The notice leads to the caseworker's contact page, not the consultant's referral page.
    assert reverse("referrals:contact_detail", args=[referral.contact.reference]) in page
    assert reverse("referrals:referral_detail", args=[referral.reference]) not in page


def test_the_start_page_has_no_worklist_for_a_consultant(client, consultant):
    client.force_login(consultant)
    page = client.get(reverse("guidance:start")).content.decode()
    assert "Ny kontakt med en anhörig" not in page


def _external(make_draft, caseworker) -> Referral:
    """A referral to a service outside the city, its outcome not yet known."""
    draft = make_draft(referral={"internal": [], "external": ["fryshuset-passus-anhorig"]})
    return services.submit_draft(draft=draft, user=caseworker).referrals.get()


def test_external_referrals_show_the_oldest_few_and_how_many_more(
    client, caseworker, make_draft, monkeypatch
):
    monkeypatch.setattr(selectors, "EXTERNAL_SHOWN", 2)
    oldest, older, newest = (_external(make_draft, caseworker) for _ in range(3))
    client.force_login(caseworker)

    page = client.get(reverse("referrals:my_contacts")).content.decode()

    assert f"#{oldest.reference}" in page
    assert f"#{older.reference}" in page
    assert f"#{newest.reference}" not in page
    assert "och 1 nyare extern hänvisning" in page
    shown = selectors.external_open(user=caseworker)
    assert (shown.total, shown.more) == (3, 1)


def test_external_referrals_take_the_same_queries_however_many(caseworker, make_draft):
    selectors.external_open(user=caseworker)  # the caseworker's permissions are cached
    with CaptureQueriesContext(connection) as none:
        selectors.external_open(user=caseworker)
    _external(make_draft, caseworker)
    with CaptureQueriesContext(connection) as few:
        one = selectors.external_open(user=caseworker)
    assert len(few) == len(none)
    for _ in range(selectors.EXTERNAL_SHOWN + 2):
        _external(make_draft, caseworker)
    with CaptureQueriesContext(connection) as more:
        many = selectors.external_open(user=caseworker)
    assert len(more) == len(few)
    assert (one.total, len(many.shown), many.total) == (
        1,
        selectors.EXTERNAL_SHOWN,
        selectors.EXTERNAL_SHOWN + 3,
    )


def test_no_external_referral_shows_no_section(client, caseworker):
    client.force_login(caseworker)
    page = client.get(reverse("referrals:my_contacts")).content.decode()
    assert 'data-list="external-open"' not in page
    assert selectors.external_open(user=caseworker).total == 0


def test_the_worklists_referrals_read_what_their_destination_and_status_need(
    caseworker, make_referral, make_draft
):
    """A contact's referrals, and the external ones awaiting an outcome, show where they
    went and how far they came: their notes, answers and dates stay unread, and naming
    the destination asks the database nothing more."""
    internal = make_referral(status="sent")
    external = _external(make_draft, caseworker)
    rows = [
        referral
        for contact in selectors.my_contacts(user=caseworker)
        for referral in contact.referrals.all()
    ]
    waiting = selectors.external_open(user=caseworker).shown
    assert {row.pk for row in rows} == {internal.pk, external.pk}
    assert [row.pk for row in waiting] == [external.pk]
    destination = {"other_name", "provider_id", "receiving_district_id", "service_id"}
    assert {name for row in rows for name in _loaded(row)} == {
        "id",
        "contact_id",
        "status",
        *destination,
    }
    assert _loaded(waiting[0]) == {"id", "contact_id", "reference", *destination}
    with CaptureQueriesContext(connection) as queries:
        names = [row.destination_name for row in [*rows, *waiting]]
        contact_url = waiting[0].contact.get_absolute_url()
    assert len(queries) == 0
    assert names[-1] == str(external.service) and external.contact.reference in contact_url


def test_a_search_shows_its_results_not_the_lists_reminders(client, caseworker, make_draft):
    """What is new and the external referrals waiting for an outcome are on the whole
    list and the start page; a search shows what matches it, and reads nothing else."""
    referral = _external(make_draft, caseworker)
    Notification.objects.create(
        recipient=caseworker, referral=referral, message="Hänvisningen är mottagen."
    )
    client.force_login(caseworker)
    url = reverse("referrals:my_contacts")

    whole = client.get(url).content.decode()
    assert 'aria-labelledby="meddelanden"' in whole
    assert 'data-list="external-open"' in whole

    with CaptureQueriesContext(connection) as searching:
        found = client.get(url, {"q": referral.contact.reference}).content.decode()
    assert f'href="{referral.contact.get_absolute_url()}"' in found
    assert 'aria-labelledby="meddelanden"' not in found
    assert 'data-list="external-open"' not in found
    read = " ".join(query["sql"] for query in searching.captured_queries)
    assert "referrals_notification" not in read
