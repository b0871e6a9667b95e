"""Builders for test data, shared by every test package.

Contacts are made the way a caseworker makes them: a draft of the path's example
answers (``referrals.intake.examples.example_answers``) submitted through the service, so a
contact has its consent, disclosure decision and referrals as in production. A
referral is then put in a state with the milestones that state has passed, each
stamped as ``referrals.lifecycle`` would have stamped it.
"""

import uuid
from datetime import datetime, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from anhorigstod import roles
from guidance.models import InternalProvider
from referrals.intake import examples, journey, services
from referrals.models import Contact, Draft, Referral

Status = Referral.Status

# A relative who became known through a person the service works with, and whose
# consent to be contacted was recorded: the steps that give a contact a consent.
CONSENTED_CONTACT_STEPS = {
    "first-contact": {"entry_route": "noticed-through-person"},
    "consent": {
        "consent_given": "yes",
        "given_by": "Sonen",
        "scope": "Kontakt",
        "given_on": "2026-11-18",
        "method": "oral",
    },
}

# The milestones a referral in each state has passed, in order: the canonical way
# there through ``lifecycle.TRANSITIONS``, received first (as opening it does).
MILESTONES: dict[str, tuple[str, ...]] = {
    Status.SENT: (),
    Status.RECEIVED: ("received",),
    Status.ACCEPTED: ("received", "accepted"),
    Status.DECLINED: ("received", "declined"),
    Status.FORWARDED: ("received", "forwarded"),
    Status.FIRST_TALK_BOOKED: ("received", "accepted", "first_talk_booked"),
    Status.IN_PROGRESS: ("received", "accepted", "first_talk_booked", "in_progress"),
    Status.CLOSED: ("received", "accepted", "first_talk_booked", "in_progress", "closed"),
    Status.WITHDRAWN: ("received", "withdrawn"),
}
# What a move records besides its milestone (the move's form fields).
DECLINE_REASON = Referral.DeclineReason.NO_CAPACITY
OUTCOME = Referral.Outcome.NEEDS_MET
WITHDRAWAL_REASON = "Skickad till fel stadsdel"
FORWARDED_TO_PROVIDER = "city-treatment-unit"


class UserFactory(DjangoModelFactory):
    """A member of staff; ``role`` names the group to join (none by default)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff-{n}")
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class DraftFactory(DjangoModelFactory):
    """A caseworker's draft holding the example answers, ``steps`` merged over them."""

    class Meta:
        model = Draft

    class Params:
        steps = {}

    owner = factory.SubFactory(UserFactory, username="caseworker", role=roles.CASEWORKER)
    start_token = factory.LazyFunction(uuid.uuid4)
    path_version = journey.PATH_VERSION
    answers = factory.LazyAttribute(lambda draft: examples.example_answers(**draft.steps))


class ContactFactory(DjangoModelFactory):
    """A contact as submitting a draft makes it (``draft__steps`` changes the answers)."""

    class Meta:
        model = Contact

    draft = factory.SubFactory(DraftFactory)

    @classmethod
    def _create(cls, model_class, *, draft):
        return services.submit_draft(draft=draft, user=draft.owner)


class ReferralFactory(DjangoModelFactory):
    """The contact's referral to ``provider`` in ``status``, its milestones stamped.

    Every milestone of ``MILESTONES[status]`` gets its ``*_at`` (a second apart, after
    the referral was created) and ``*_by`` (``by``; a consultant made for it when
    None), with what its move records: a decline reason, the first talk's date, an
    outcome, the referral forwarded to. ``version`` stays 0: the referral is made in
    its state, not moved there, so a test moves it on with ``expected_version=0``.
    Other keyword arguments override fields.
    """

    class Meta:
        model = Referral

    contact = factory.SubFactory(ContactFactory)
    status = Status.SENT
    provider = "relative-support-consultant"
    by = None

    @classmethod
    def _create(cls, model_class, *, contact, status, provider, by, **fields):
        referral = contact.referrals.get(provider__key=provider)
        if by is None and MILESTONES[status]:
            by = UserFactory(username="referral-consultant", role=roles.CONSULTANT)
        stamps = milestone_fields(referral, status=status, by=by)
        Referral.objects.filter(pk=referral.pk).update(status=status, **{**stamps, **fields})
        referral.refresh_from_db()
        return referral


def milestone_fields(referral: Referral, *, status: str, by) -> dict:
    """The fields a referral in ``status`` has set, as its moves would have set them."""
    fields: dict = {}
    moment: datetime = referral.created_at
    for milestone in MILESTONES[status]:
        moment += timedelta(seconds=1)
        fields[f"{milestone}_at"], fields[f"{milestone}_by"] = moment, by
        if milestone == "declined":
            fields["decline_reason"] = DECLINE_REASON
        elif milestone == "first_talk_booked":
            fields["first_talk_on"] = timezone.localdate(moment)
        elif milestone == "closed":
            fields["outcome"] = OUTCOME
        elif milestone == "withdrawn":
            fields["withdrawal_reason"] = WITHDRAWAL_REASON
        elif milestone == "forwarded":
            count = Referral.objects.filter(contact=referral.contact_id).count()
            fields["forwarded_to"] = Referral.objects.create(
                contact=referral.contact,
                reference=f"{referral.contact.reference}-{count + 1}",
                provider=InternalProvider.objects.get(key=FORWARDED_TO_PROVIDER),
            )
    return fields
