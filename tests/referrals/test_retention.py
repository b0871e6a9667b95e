from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from referrals.intake.services import purge_expired_drafts
from referrals.models import Draft

pytestmark = pytest.mark.django_db


def test_drafts_older_than_the_setting_are_deleted(make_draft, settings):
    settings.DRAFT_RETENTION_DAYS = 14
    old, recent = make_draft(), make_draft()
    Draft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=15))
    Draft.objects.filter(pk=recent.pk).update(updated_at=timezone.now() - timedelta(days=13))

    assert purge_expired_drafts() == 1

    assert list(Draft.objects.all()) == [recent]
    event = AuditEvent.objects.get(action=AuditEvent.Action.DRAFTS_PURGED)
    assert event.details == {"count": 1, "older_than_days": 14}


def test_the_daily_command_reports_what_it_did(make_draft, capsys):
    Draft.objects.filter(pk=make_draft().pk).update(updated_at=timezone.now() - timedelta(days=99))
    call_command("purge_drafts")
    assert "Raderade 1 utkast" in capsys.readouterr().out


def test_audit_events_cannot_be_changed_or_deleted(make_draft, caseworker):
    event = AuditEvent.objects.create(actor=caseworker, action=AuditEvent.Action.CONTACT_VIEWED)
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


class TestContactRetention:
    def _age(self, contact, days):
        from referrals.models import Contact

        past = timezone.now() - timedelta(days=days)
        Contact.objects.filter(pk=contact.pk).update(created_at=past)

    def test_a_finished_contact_past_retention_is_anonymised(
        self, make_referral, consultant, settings
    ):
        from referrals.models import Contact, Referral

        settings.CONTACT_RETENTION_DAYS = 365
        referral = make_referral(
            status="closed",
            relative={"pseudonym": "Leila"},
            needs={"needs_note": "Sonen sitter häktad"},
        )
        Referral.objects.filter(pk=referral.pk).update(
            closed_at=timezone.now() - timedelta(days=400)
        )
        self._age(referral.contact, 500)

        call_command("apply_retention")

        contact = Contact.objects.get(pk=referral.contact.pk)
        assert contact.anonymised_at is not None
        assert contact.pseudonym == "" and contact.needs_note == ""
        assert contact.relation == "parent"  # categories stay for the statistics
        event = AuditEvent.objects.get(action=AuditEvent.Action.RETENTION_APPLIED)
        assert event.details["anonymised_contacts"] == 1

    def test_an_open_referral_keeps_its_contact(self, make_referral, settings):
        settings.CONTACT_RETENTION_DAYS = 365
        referral = make_referral(status="in_progress", relative={"pseudonym": "Leila"})
        self._age(referral.contact, 500)
        from referrals.retention import apply_retention

        assert apply_retention() == 0

    def test_a_recently_closed_referral_keeps_its_contact(self, make_referral, settings):
        from referrals.models import Referral
        from referrals.retention import apply_retention

        settings.CONTACT_RETENTION_DAYS = 365
        referral = make_referral(status="closed")
        Referral.objects.filter(pk=referral.pk).update(closed_at=timezone.now())
        self._age(referral.contact, 500)
        assert apply_retention() == 0


def test_the_database_refuses_to_change_audit_events_on_both_databases(caseworker):
    """Below the ORM: raw SQL hits the triggers (PostgreSQL since 0002, SQLite since 0005)."""
    from django.db import DatabaseError, connection, transaction

    event = AuditEvent.objects.create(actor=caseworker, action=AuditEvent.Action.CONTACT_VIEWED)
    for statement in (
        "UPDATE referrals_auditevent SET action = 'contact_printed' WHERE id = %s",
        "DELETE FROM referrals_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == AuditEvent.Action.CONTACT_VIEWED


def test_bulk_updates_and_deletes_of_audit_events_are_refused(caseworker):
    event = AuditEvent.objects.create(actor=caseworker, action=AuditEvent.Action.CONTACT_VIEWED)
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="contact_printed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == AuditEvent.Action.CONTACT_VIEWED


def test_the_administrator_searches_the_audit_trail_but_cannot_edit_it(client_as, caseworker):
    from django.urls import reverse

    from anhorigstod import roles

    AuditEvent.objects.create(
        actor=caseworker, action=AuditEvent.Action.CONTACT_VIEWED, contact_reference="AS-2026-77"
    )
    AuditEvent.objects.create(
        actor=caseworker, action=AuditEvent.Action.CONTACT_VIEWED, contact_reference="AS-2026-88"
    )
    client = client_as(roles.ADMINISTRATOR)
    url = reverse("admin:audit_auditevent_changelist")
    page = client.get(url, {"q": "AS-2026-77"}).content.decode()
    assert "AS-2026-77" in page and "AS-2026-88" not in page
    event = AuditEvent.objects.first()
    change = client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {})
    assert change.status_code == 403
    delete = client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})
    assert delete.status_code == 403
    # The two events are untouched (creating and signing in users added their own).
    assert AuditEvent.objects.filter(contact_reference__startswith="AS-2026-").count() == 2


def test_the_administrator_cannot_read_case_notes(client_as):
    from django.urls import NoReverseMatch, reverse

    from anhorigstod import roles

    client = client_as(roles.ADMINISTRATOR)
    for model in ("contact", "referral", "supportsession", "consent"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:referrals_{model}_changelist")
    assert "Kontakter" not in client.get(reverse("admin:index")).content.decode()


class TestNoFreeTextSurvivesRetention:
    """A marker typed into every text a contact can hold, then searched for in every
    column of every table once the contact is anonymised."""

    # ASCII: SQLite stores JSON with \u escapes, where a non-ASCII marker would hide.
    MARKER = "MRK7F3A"
    ANSWERS = {
        "first-contact": {"entry_route": "noticed-through-person"},
        "relative": {"pseudonym": MARKER},
        "safe-contact": {"contact_times": MARKER, "contact_avoid": MARKER},
        "consent": {
            "consent_given": "yes",
            "given_by": MARKER,
            "scope": MARKER,
            "given_on": "2026-11-18",
            "method": "oral",
        },
        "confidentiality": {
            "decision": "share",
            "ground": "other",
            "ground_detail": MARKER,
            "scope": MARKER,
        },
        "children": {
            "children_in_household": "yes",
            "child_at_risk": "yes",
            "report_made_on": "2026-11-19",
            "report_made_to": MARKER,
        },
        "needs": {"needs": ["advice"], "needs_note": MARKER},
        "referral": {
            "internal": ["relative-support-consultant@farsta"],
            "external": ["fryshuset-passus-anhorig"],
            "other_name": MARKER,
            "other_contact": MARKER,
        },
    }
    # Tables of the referrals app that no contact's rows are in: the audit trail (by
    # reference only, checked by the search below), statistics, staff workplaces.
    # Outreach rows name no relative; a closed incident is anonymised by its own rule
    # (referrals.outreach.retention).
    NOT_A_CONTACTS = {
        "AuditEvent",
        "MonthlyFigure",
        "StatisticsRun",
        "StaffProfile",
        "Incident",
        "IncidentRegistrar",
        "OutreachPlan",
        "OutreachTask",
    }
    # The lifecycle state decides whether the contact is due at all: seeded with the
    # others, it would keep the contact out of retention. It is a code and stays one.
    NOT_SEEDED = {"referrals.Referral.status"}

    def _contact_with_everything(self, make_referral, consultant, caseworker):
        from guidance.models import InternalProvider
        from referrals.follow_up import services

        referral = make_referral(status="received", **self.ANSWERS)
        contact = referral.contact
        referral = services.move_referral(
            referral=referral, action="accept", user=consultant, expected_version=0
        )
        forwarded = services.move_referral(
            referral=referral,
            action="forward",
            user=consultant,
            expected_version=referral.version,
            forward_to_provider=InternalProvider.objects.get(key="city-treatment-unit"),
        ).forwarded_to
        forwarded = services.move_referral(
            referral=forwarded, action="accept", user=consultant, expected_version=0
        )
        services.log_session(
            referral=forwarded,
            user=consultant,
            expected_version=forwarded.version,
            held_on=date(2026, 11, 20),
            form="phone",
            attended=True,
            minutes=30,
            ors_score=20,
            note=self.MARKER,
            concerns=self.MARKER,
        )
        forwarded.refresh_from_db()
        services.move_referral(
            referral=forwarded,
            action="close",
            user=consultant,
            expected_version=forwarded.version,
            outcome="needs_met",
        )
        services.withdraw_consent(
            consent=contact.consents.get(purpose="contact_relative"),
            user=caseworker,
            withdrawn_on=date(2026, 11, 21),
            scope=self.MARKER,
        )
        external = contact.referrals.get(service__isnull=False)
        services.record_external_outcome(referral=external, user=caseworker, outcome="got_help")
        self._reached_in_outreach(contact, caseworker)
        return contact

    @staticmethod
    def _reached_in_outreach(contact, caseworker):
        """The contact as a relative reached after an incident."""
        import uuid

        from guidance.models import District
        from referrals.models import RelativeReached
        from referrals.outreach import services as outreach

        incident = outreach.register_incident(
            user=caseworker,
            start_token=uuid.uuid4(),
            kind="shooting",
            occurred_at=timezone.now(),
            district=contact.district,
            affected_districts=District.objects.filter(pk=contact.district_id),
        )
        RelativeReached.objects.create(
            plan=incident.plans.get(),
            outcome=RelativeReached.Outcome.ACCEPTED,
            contact=contact,
            reached_at=timezone.now(),
            recorded_by=caseworker,
        )

    def _seed_every_text(self, contact) -> set[str]:
        """The marker into every text field of every row hanging off the contact, codes
        and JSON included; says which fields it seeded."""
        from django.db import models

        from referrals import retention

        seeded = set()
        for holder in retention.holders():
            rows = holder.model._default_manager.filter(**{holder.lookup: contact.pk})
            assert rows.exists(), f"no {holder.model.__name__} to seed: add one to the contact"
            for field in retention.text_fields(holder.model):
                label = retention.name(field)
                if label in retention.IDENTIFIERS | self.NOT_SEEDED:
                    continue
                if isinstance(field, models.JSONField):
                    value = (
                        ["advice", self.MARKER]
                        if label in retention.CODE_LISTS
                        else {"relative": {"pseudonym": self.MARKER}}
                    )
                else:
                    assert field.max_length is None or field.max_length >= len(self.MARKER)
                    value = self.MARKER
                # Where the database allows text only in some rows (the name of another
                # recipient), those rows.
                where = rows.exclude(**{field.name: ""}) if label in retention.STAND_INS else rows
                assert where.update(**{field.name: value})
                seeded.add(label)
        return seeded

    def _columns_holding(self, text: str) -> set[tuple[str, str]]:
        """Every (table, column) in the database with ``text`` somewhere in it."""
        from django.db import connection

        found = set()
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                for column in connection.introspection.get_table_description(cursor, table):
                    quoted = connection.ops.quote_name
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {quoted(table)} "  # noqa: S608 - names from the schema
                        f"WHERE CAST({quoted(column.name)} AS TEXT) LIKE %s",
                        [f"%{text}%"],
                    )
                    if cursor.fetchone()[0]:
                        found.add((table, column.name))
        return found

    def test_every_text_field_of_the_contact_is_seeded(self, make_referral, consultant, caseworker):
        """So a text field added to any model a contact reaches is searched for below,
        and a model added to the app either hangs off a contact or is named here."""
        from django.apps import apps

        from referrals import retention

        contact = self._contact_with_everything(make_referral, consultant, caseworker)
        seeded = self._seed_every_text(contact)
        every = {
            retention.name(field)
            for model in apps.get_app_config("referrals").get_models()
            if model.__name__ not in self.NOT_A_CONTACTS
            for field in retention.text_fields(model)
        }
        assert every - seeded == retention.IDENTIFIERS | self.NOT_SEEDED
        assert {
            "referrals.Contact.reference",
            "referrals.Contact.path_version",
            "referrals.Contact.guidance_version",
            "referrals.Draft.path_version",
            "referrals.Referral.reference",
        } == retention.IDENTIFIERS

    def test_no_marker_is_left_in_any_table(self, make_referral, consultant, caseworker, settings):
        from referrals.models import Contact, Referral, SupportSession

        settings.CONTACT_RETENTION_DAYS = 365
        contact = self._contact_with_everything(make_referral, consultant, caseworker)
        self._seed_every_text(contact)
        long_ago = timezone.now() - timedelta(days=500)
        Contact.objects.filter(pk=contact.pk).update(created_at=long_ago)
        Referral.objects.filter(contact=contact).update(
            closed_at=long_ago, declined_at=long_ago, forwarded_at=long_ago
        )
        SupportSession.objects.filter(referral__contact=contact).update(created_at=long_ago)
        before = self._columns_holding(self.MARKER)
        assert {("referrals_referral", "other_name"), ("referrals_contact", "needs")} <= before

        call_command("apply_retention")

        assert self._columns_holding(self.MARKER) == set()
        contact.refresh_from_db()
        assert contact.anonymised_at is not None
        assert contact.needs == ["advice"]  # the codes the statistics count stay
        assert contact.relation == ""  # a code field holding text is cleared too
        other = contact.referrals.get(provider__isnull=True, service__isnull=True)
        assert other.other_name == "Annan mottagare (avidentifierad)"
        assert AuditEvent.objects.filter(contact_reference=contact.reference).count() >= 5
