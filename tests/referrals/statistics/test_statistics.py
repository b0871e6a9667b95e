"""Statistics for the committee: suppressed counts, filters, charts, CSV and query counts."""

import csv
import io
import itertools
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anhorigstod import roles
from audit.models import AuditEvent
from guidance.models import District, EntryRoute, InternalProvider, Service, TargetGroup
from referrals.models import (
    AgeGroup,
    ChildConcernReport,
    Contact,
    Gender,
    MonthlyFigure,
    Need,
    Referral,
    StatisticsRun,
    SupportSession,
)
from referrals.statistics import export as statistics_export
from referrals.statistics import rollup
from referrals.statistics import suppression as statistics_suppression
from referrals.statistics.report import build_report
from referrals.statistics.suppression import suppress
from referrals.statistics.tables import Row, Table
from referrals.templatetags.statistics_charts import bar_chart

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
_numbers = itertools.count(1)


@pytest.fixture
def staff(make_user):
    return make_user(roles.CONSULTANT, username="konsulent")


def make_contact(
    staff,
    *,
    contact_date: date = DAY,
    district: str = "farsta",
    entry_route: str = "relative-contacted",
    gender: str = Gender.WOMAN,
    age_group: str = AgeGroup.AGE_45_64,
    target_groups: tuple[str, ...] = ("criminal-lifestyle",),
    needs: tuple[str, ...] = (Need.ADVICE,),
    concern_report: bool = False,
    **fields,
) -> Contact:
    contact = Contact.objects.create(
        reference=f"AS-T-{next(_numbers):06d}",
        source_draft=uuid.uuid4(),
        created_by=staff,
        path_version="test",
        guidance_version="test",
        contact_date=contact_date,
        district=District.objects.get(key=district),
        entry_route=EntryRoute.objects.get(key=entry_route),
        is_known_to_service=False,
        relation="parent",
        age_group=age_group,
        gender=gender,
        contact_channel="phone",
        needs=list(needs),
        child_at_risk=concern_report,
        **fields,
    )
    contact.target_groups.set(TargetGroup.objects.filter(key__in=target_groups))
    if concern_report:
        ChildConcernReport.objects.create(
            contact=contact, made_on=contact_date, made_to="Mottagningen", recorded_by=staff
        )
    return contact


def make_referral(
    contact: Contact, *, provider: str | None = None, service: str | None = None, **fields
) -> Referral:
    """A referral to a provider (by key), a service (by key) or, with neither, another one."""
    destination = {}
    if provider:
        destination = {"provider": InternalProvider.objects.get(key=provider)}
    elif service:
        destination = {"service": Service.objects.get(key=service)}
    else:
        destination = {"other_name": fields.pop("other_name", "Skolkuratorn")}
    return Referral.objects.create(
        contact=contact,
        reference=f"{contact.reference}-{next(_numbers)}",
        **destination,
        **fields,
    )


def log_scores(referral: Referral, staff, *scores) -> None:
    """One session per score, a day apart; ``None`` is a session without ORS."""
    for day, score in enumerate(scores):
        SupportSession.objects.create(
            referral=referral,
            held_on=DAY + timedelta(days=day),
            form=SupportSession.Form.VISIT,
            ors_score=None if score is None else Decimal(str(score)),
            created_by=staff,
        )


def counts(report, key: str) -> dict[str, int | None]:
    table = next(table for table in report.tables if table.key == key)
    return {row.label: row.count for row in table.rows}


def table(report, key: str) -> Table:
    return next(table for table in report.tables if table.key == key)


def report(*, month_from=None, month_to=None, district=None):
    """The report on the data as it is now: the monthly figures computed first."""
    rollup.compute()
    return build_report(month_from=month_from, month_to=month_to, district=district)


def everything():
    return report()


# Suppression


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, None), (2, None), (3, None), (4, None), (5, 5), (120, 120)]
)
def test_counts_from_one_to_four_are_suppressed(count, shown):
    assert suppress(count) == shown
    assert statistics_suppression.show(suppress(count)) == ("<5" if shown is None else str(count))


@pytest.mark.parametrize(
    ("count", "base", "percent"),
    [(0, 10, 0), (5, 10, 50), (3, 10, None), (4, 4, None), (0, 4, None), (10, 30, 33)],
)
def test_shares_are_withheld_with_their_count_or_a_base_under_five(count, base, percent):
    assert statistics_suppression.share(count, base) == percent


# Tables on a known dataset


def test_each_contact_table_counts_the_contacts(staff):
    for _ in range(6):
        make_contact(staff)
    for _ in range(3):
        make_contact(
            staff,
            district="bromma",
            entry_route="noticed-through-person",
            gender=Gender.MAN,
            age_group=AgeGroup.AGE_18_25,
            target_groups=("vbe", "criminal-lifestyle"),
            needs=(Need.ADVICE, Need.CRISIS),
        )
    make_contact(staff, gender="", age_group=AgeGroup.UNKNOWN, needs=(Need.HEALTH_CARE,))

    report = everything()

    assert report.contacts == 10
    assert list(counts(report, "districts"))[:2] == ["Bromma", "Enskede-Årsta-Vantör"]
    groups = counts(report, "target-groups")
    assert list(groups)[:2] == [
        "Anhöriga till personer med koppling till VBE",
        "Anhöriga till personer med en kriminell livsstil",
    ]
    # Bromma (3) is the one small cell, so Farsta (7) is hidden with it: the
    # total would give it away otherwise.
    assert counts(report, "districts")["Farsta"] is None
    assert counts(report, "districts")["Bromma"] is None
    assert counts(report, "districts")["Skarpnäck"] == 0
    assert table(report, "districts").total.count == 10
    entry = counts(report, "entry-routes")
    assert entry["Den anhöriga tar själv kontakt"] is None  # secondary suppression
    assert entry["Socialtjänsten uppmärksammar behovet genom en person som är aktuell"] is None
    assert entry["Information kommer in på annat sätt"] == 0
    gender = counts(report, "gender")
    assert gender == {"Kvinna": 6, "Man": None, "Annat": 0, "Vill inte ange / inte frågat": None}
    ages = counts(report, "age-groups")
    assert ages["45–64 år"] == 6
    assert ages["18–25 år"] is None
    assert ages["Vet inte"] is None
    assert ages["65 år eller äldre"] == 0
    assert groups["Anhöriga till personer med en kriminell livsstil"] == 10
    assert groups["Anhöriga till personer med koppling till VBE"] is None
    assert groups["Barn som anhöriga"] == 0
    needs = counts(report, "needs")
    assert needs["Råd och stöd (samtal)"] == 9
    assert needs["Krisstöd nu"] is None
    assert needs["Hälso- och sjukvård"] is None
    assert needs["Gruppstöd"] == 0
    farsta = table(report, "districts").rows[
        [row.label for row in table(report, "districts").rows].index("Farsta")
    ]
    assert farsta.share is None  # hidden with Bromma's small cell
    assert farsta.share_display == "–"
    women = table(report, "gender").rows[0]
    assert women.share == 60
    assert women.share_display == "60 %"


def test_destinations_and_outcomes(staff):
    contact = make_contact(staff)
    for _ in range(5):
        make_referral(
            contact,
            provider="relative-support-consultant",
            status=Referral.Status.CLOSED,
            closed_at=contact.created_at,
            outcome=Referral.Outcome.NEEDS_MET,
        )
    for _ in range(2):
        make_referral(
            contact,
            provider="family-therapist",
            status=Referral.Status.DECLINED,
            declined_at=contact.created_at,
            decline_reason=Referral.DeclineReason.UNREACHABLE,
        )
    for _ in range(5):
        make_referral(contact, service="brottsofferjouren-stod", external_outcome="got_help")
    make_referral(contact)  # another destination, no outcome yet

    report = everything()

    assert report.referrals == 13
    destinations = counts(report, "destinations")
    assert list(destinations)[:2] == ["Anhörigkonsulent", "Familjebehandlare"]  # guidance order
    assert destinations["Anhörigkonsulent"] == 5
    assert destinations["Familjebehandlare"] is None
    assert destinations["Öppenvården för barn och unga"] == 0
    assert destinations["Externt stöd: Civilsamhället"] == 5
    assert destinations["Externt stöd: Hälso- och sjukvård"] == 0
    assert destinations["Annan mottagare"] is None
    assert table(report, "destinations").total.count == 13
    closed = counts(report, "closed-outcomes")
    assert closed["Den anhöriga fick det stöd som behövdes"] == 5
    assert closed["Kontakten upphörde"] == 0
    declined = counts(report, "decline-reasons")
    assert declined["Gick inte att nå den anhöriga"] is None
    assert declined["Ingen kapacitet"] == 0
    external = counts(report, "external-outcomes")
    assert external["Den anhöriga fick hjälp"] is None  # hidden with the one small cell
    assert external["Inget utfall registrerat än"] is None
    assert table(report, "external-outcomes").total.count == 6


# Filters


def test_period_filter_on_the_contact_month_includes_both_ends(staff):
    for _ in range(5):
        make_contact(staff, contact_date=date(2026, 1, 15))
    for _ in range(6):
        make_contact(staff, contact_date=date(2026, 3, 15))

    def contacts(month_from, month_to):
        return report(month_from=month_from, month_to=month_to).contacts

    assert contacts(None, None) == 11
    assert contacts(date(2026, 2, 1), None) == 6
    assert contacts(None, date(2026, 1, 1)) == 5
    assert contacts(date(2026, 1, 1), date(2026, 1, 1)) == 5
    assert contacts(date(2026, 4, 1), None) == 0


def test_district_filter_limits_contacts_and_their_referrals(staff):
    for _ in range(5):
        make_referral(make_contact(staff, district="farsta"), provider="intake-unit")
    for _ in range(7):
        make_referral(make_contact(staff, district="bromma"), provider="intake-unit")

    bromma = report(district=District.objects.get(key="bromma"))

    assert bromma.contacts == 7
    assert bromma.referrals == 7
    assert counts(bromma, "districts") == {"Bromma": 7}
    assert counts(bromma, "destinations")["Mottagningsenhet/mottagningsgrupp"] == 7


def test_page_filters_by_get_parameters(client_as, staff):
    for _ in range(5):
        make_contact(staff, contact_date=date(2026, 1, 15), district="bromma")
    make_contact(staff, contact_date=date(2026, 3, 15), district="bromma")
    make_contact(staff, contact_date=date(2026, 1, 15), district="farsta")
    rollup.compute()

    response = client_as(roles.CONSULTANT).get(
        reverse("referrals:statistics"),
        {"month_from": "2026-01", "month_to": "2026-01", "district": "bromma"},
    )

    assert response.status_code == 200
    assert response.context["report"].contacts == 5
    page = response.content.decode()
    assert "export.csv?month_from=2026-01&amp;month_to=2026-01&amp;district=bromma" in page
    assert "?month_from=2026-01&amp;month_to=2026-01&amp;district=bromma&amp;print=1" in page
    assert "compute/?month_from=2026-01&amp;month_to=2026-01&amp;district=bromma" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"month_from": "2026-13"}, "Skriv månaden som ÅÅÅÅ-MM"),
        ({"month_to": "03/2026"}, "Skriv månaden som ÅÅÅÅ-MM"),
        ({"month_from": "2026-03-14"}, "Skriv månaden som ÅÅÅÅ-MM"),
        ({"month_from": "2026-03", "month_to": "2026-02"}, "Slutmånaden kan inte ligga"),
        ({"district": "atlantis"}, "Välj en stadsdelsförvaltning i listan."),
    ],
)
def test_bad_filters_give_a_swedish_message_not_an_error(client_as, query, message):
    response = client_as(roles.CONSULTANT).get(reverse("referrals:statistics"), query)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["report"] is None
    field = next(iter(response.context["form"].errors))
    assert field in {"month_from", "month_to", "district"}
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.STATISTICS_VIEWED).exists()


def test_csv_with_bad_filters_goes_back_to_the_page(client_as):
    response = client_as(roles.CONSULTANT).get(
        reverse("referrals:statistics_csv"), {"month_from": "i går"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:statistics") + "?month_from=i+g%C3%A5r"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.STATISTICS_EXPORTED).exists()


# Time to the first talk and ORS


def test_median_days_from_contact_to_first_talk(staff):
    contact = make_contact(staff, contact_date=DAY)
    for days in (10, 2, 8, 4, 6):
        make_referral(contact, provider="intake-unit", first_talk_on=DAY + timedelta(days=days))
    make_referral(contact, provider="intake-unit")  # no first talk yet

    measure = everything().measures[0]

    assert measure.basis == 5
    assert measure.value == 6
    assert measure.value_display == "6,0"


def test_median_is_withheld_under_five_referrals(staff):
    contact = make_contact(staff, contact_date=DAY)
    for days in (1, 2, 3, 4):
        make_referral(contact, provider="intake-unit", first_talk_on=DAY + timedelta(days=days))

    measure = everything().measures[0]

    assert measure.basis is None
    assert measure.basis_display == "<5"
    assert measure.value is None
    assert measure.value_display == "–"


def test_ors_change_is_last_minus_first_per_referral(staff):
    contact = make_contact(staff)
    for first, last in ((10, 20), (12, 22), (20, 25), (30, 30), (25, 20)):
        log_scores(make_referral(contact, provider="intake-unit"), staff, first, None, 15, last)
    log_scores(make_referral(contact, provider="intake-unit"), staff, 5, None)  # one score only
    # Logged out of order: the earlier talk's score counts as the first.
    late = make_referral(contact, provider="intake-unit")
    SupportSession.objects.create(
        referral=late, held_on=DAY + timedelta(days=9), form="visit", ors_score=35, created_by=staff
    )
    SupportSession.objects.create(
        referral=late, held_on=DAY, form="visit", ors_score=5, created_by=staff
    )

    measure = everything().measures[1]

    # +10, +10, +5, 0, -5 and +30: 50 / 6
    assert measure.basis == 6
    assert measure.value == pytest.approx(8.3)
    assert measure.value_display == "+8,3"


def test_ors_change_is_withheld_under_five_referrals(staff):
    contact = make_contact(staff)
    for _ in range(4):
        log_scores(make_referral(contact, provider="intake-unit"), staff, 10, 30)

    measure = everything().measures[1]

    assert measure.basis is None
    assert measure.value is None


# Gender equality and the child's perspective


def test_share_of_women_and_men_reached(staff):
    for gender, number in ((Gender.WOMAN, 5), (Gender.MAN, 6), (Gender.OTHER, 1)):
        for _ in range(number):
            make_contact(staff, gender=gender)

    rows = table(everything(), "equality").rows

    assert [(row.label, row.count, row.share) for row in rows] == [
        ("Kvinnor", 5, 42),
        ("Män", 6, 50),
    ]


def test_children_involved_and_what_was_done_for_them(staff):
    for _ in range(4):
        make_contact(staff, children_in_household=True, concern_report=True)
    make_contact(staff, relative_is_child=True, concern_report=True)
    make_contact(staff, children_in_household=True, relative_is_child=True)
    for _ in range(4):
        make_contact(staff)
    contacts = list(Contact.objects.order_by("pk"))
    for contact in contacts[:3]:
        make_referral(contact, provider="outpatient-children")
        make_referral(contact, service="bris-stodgrupper")  # the same contact counts once
    make_referral(contacts[3], service="bufff-stod")
    make_referral(contacts[6], service="jourhavande-kompis")
    make_referral(contacts[7], service="brottsofferjouren-stod")  # not for children
    make_referral(contacts[8], provider="outpatient-adults")

    rows = table(everything(), "children").rows

    assert [(row.count, row.share) for row in rows] == [(6, 60), (5, 50), (5, 50)]


def test_child_figures_are_suppressed_too(staff):
    make_contact(staff, children_in_household=True, concern_report=True)
    for _ in range(4):
        make_contact(staff)

    rows = table(everything(), "children").rows

    assert [(row.display, row.share_display) for row in rows] == [
        ("<5", "–"),
        ("<5", "–"),
        ("0", "0 %"),
    ]


# Charts


def test_a_suppressed_or_zero_count_draws_no_bar():
    chart = bar_chart(
        Table(
            key="t",
            title="Målgrupp",
            unit="Kontakter",
            share_of="Andel",
            rows=[Row("Stor", 10), Row("Liten", None), Row("Ingen", 0), Row("Halv", 5)],
        )
    )

    assert chart.count("<rect") == 2
    assert 'width="480"' in chart  # the largest count fills the bar space
    assert 'width="240"' in chart
    assert "&lt;5" in chart
    assert 'role="img"' in chart
    assert 'aria-label="Stapeldiagram: Målgrupp, kontakter.' in chart
    assert "style" not in chart


def test_the_page_shows_a_chart_beside_each_table_without_inline_style(client_as, staff):
    for _ in range(6):
        make_referral(make_contact(staff), provider="intake-unit")
    rollup.compute()

    response = client_as(roles.CONSULTANT).get(reverse("referrals:statistics"))

    page = response.content.decode()
    tables = response.context["report"].tables
    assert page.count("<svg") == len(tables) == page.count("<caption>")
    assert page.count('role="img"') == len(tables)
    assert "<style" not in page
    assert " style=" not in page
    assert "<script>" not in page
    assert 'scope="row"' in page


def test_a_small_total_is_shown_as_under_five(client_as, staff):
    for _ in range(3):
        make_contact(staff)
    rollup.compute()

    page = client_as(roles.CONSULTANT).get(reverse("referrals:statistics")).content.decode()

    assert '<dd class="col-sm-8" data-figure="contacts">\n      &lt;5' in page


# The monthly figures


def test_the_report_sums_the_figures_of_the_months_and_districts_in_it(staff):
    for month, district in ((1, "farsta"), (1, "bromma"), (2, "farsta"), (3, "farsta")):
        for _ in range(5):
            contact = make_contact(
                staff, contact_date=date(2026, month, 10 + month), district=district
            )
            make_referral(contact, provider="intake-unit", first_talk_on=contact.contact_date)
    rollup.compute()

    stored = MonthlyFigure.objects.filter(figure=rollup.CONTACTS)
    assert sorted((f.month, f.district.key if f.district else "", f.value) for f in stored) == [
        (date(2026, 1, 1), "", 10),  # the city: the sum of the districts
        (date(2026, 1, 1), "bromma", 5),
        (date(2026, 1, 1), "farsta", 5),
        (date(2026, 2, 1), "", 5),
        (date(2026, 2, 1), "farsta", 5),
        (date(2026, 3, 1), "", 5),
        (date(2026, 3, 1), "farsta", 5),
    ]
    farsta = District.objects.get(key="farsta")
    first_two = build_report(
        month_from=date(2026, 1, 1), month_to=date(2026, 2, 1), district=farsta
    )
    assert first_two.contacts == 10
    assert first_two.referrals == 10
    assert first_two.measures[0].basis == 10
    assert build_report(month_from=None, month_to=None, district=None).contacts == 20


def test_figures_are_those_of_the_last_computation_and_computing_again_replaces_them(staff):
    for _ in range(5):
        make_contact(staff)
    first, _new = rollup.compute()
    make_contact(staff)

    assert build_report(month_from=None, month_to=None, district=None).contacts == 5
    assert build_report(month_from=None, month_to=None, district=None).computed_at == (
        first.finished_at
    )

    second, _new = rollup.compute()

    assert build_report(month_from=None, month_to=None, district=None).contacts == 6
    assert second.contacts == 6
    assert MonthlyFigure.objects.filter(figure=rollup.CONTACTS, district=None).get().value == 6


def test_the_page_says_when_the_figures_were_never_computed(client_as, staff):
    make_contact(staff)

    page = client_as(roles.CONSULTANT).get(reverse("referrals:statistics")).content.decode()

    assert "Statistiken har inte beräknats än" in page
    assert "Beräkna siffrorna nu" in page


def test_computing_from_the_page_is_audited_and_keeps_the_filters(client_as, staff):
    for _ in range(5):
        make_contact(staff, district="bromma")
    client = client_as(roles.CONSULTANT)

    response = client.post(
        reverse("referrals:statistics_compute") + "?district=bromma&month_from=2026-01"
    )

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("referrals:statistics") + "?district=bromma&month_from=2026-01"
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.STATISTICS_COMPUTED)
    assert event.actor.username == "user-anhörigkonsulent"
    assert event.details["contacts"] == 5
    assert StatisticsRun.objects.get().started_by == event.actor
    page = client.get(response["Location"])
    assert page.context["report"].contacts == 5
    assert "Statistiken är beräknad på nytt" in page.content.decode()


def test_a_double_click_computes_once(client_as, staff):
    for _ in range(5):
        make_contact(staff)
    client = client_as(roles.CONSULTANT)
    url = reverse("referrals:statistics_compute")

    client.post(url)
    make_contact(staff)
    second = client.get(client.post(url)["Location"])

    assert StatisticsRun.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.STATISTICS_COMPUTED).count() == 1
    assert "Statistiken beräknades nyss" in second.content.decode()
    assert second.context["report"].contacts == 5  # the figures of the one computation


def test_the_nightly_job_computes_however_recent_the_last_run(staff):
    for _ in range(5):
        make_contact(staff)
    rollup.compute()
    make_contact(staff)

    run, computed = rollup.compute()

    assert computed
    assert run.contacts == 6
    assert StatisticsRun.objects.count() == 2


def test_computing_is_a_post_only_for_the_statistics_roles(client_as):
    url = reverse("referrals:statistics_compute")

    assert client_as(roles.CONSULTANT).get(url).status_code == 405
    assert client_as(roles.CASEWORKER).post(url).status_code == 403
    assert not StatisticsRun.objects.exists()


def test_the_nightly_command_computes_the_figures(staff):
    for _ in range(7):
        make_contact(staff)
    out = io.StringIO()

    call_command("compute_statistics", stdout=out)

    assert "Beräknade statistiken för 7 kontakter" in out.getvalue()
    assert StatisticsRun.objects.get().started_by is None


# Print, audit and CSV


def test_viewing_records_an_event_with_the_filters(client_as):
    client = client_as(roles.ADMINISTRATOR)

    client.get(reverse("referrals:statistics"), {"district": "farsta", "month_from": "2026-01"})

    event = AuditEvent.objects.get(action=AuditEvent.Action.STATISTICS_VIEWED)
    assert event.actor.username == "user-administratör"
    assert event.details == {
        "month_from": "2026-01",
        "month_to": None,
        "district": "farsta",
        "print": False,
    }


def test_print_view_drops_the_navigation_and_keeps_the_filters(client_as):
    response = client_as(roles.CONSULTANT).get(
        reverse("referrals:statistics"), {"district": "farsta", "print": "1"}
    )

    page = response.content.decode()
    assert response.context["print_view"] is True
    assert "main-nav" not in page
    assert 'method="get"' not in page
    assert f'href="{reverse("referrals:statistics")}?district=farsta"' in page  # back link
    assert AuditEvent.objects.get(action=AuditEvent.Action.STATISTICS_VIEWED).details["print"]


def test_csv_export_has_the_same_tables_and_is_audited(client_as, staff):
    for _ in range(6):
        make_contact(staff, district="farsta", contact_date=date(2026, 2, 1))
    make_contact(staff, district="farsta", gender=Gender.MAN, contact_date=date(2026, 2, 1))
    make_contact(staff, district="farsta", contact_date=date(2025, 12, 31))  # outside the period
    rollup.compute()
    client = client_as(roles.CONSULTANT)

    response = client.get(
        reverse("referrals:statistics_csv"), {"month_from": "2026-01", "district": "farsta"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="anhorigstod-statistik-2026-01-idag-farsta.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["avsnitt", "kategori", "antal"]
    assert ["Översikt", "Kontakter", "7"] in rows
    assert ["Kön", "Kvinna", "<5"] in rows  # hidden with the single man (secondary)
    assert ["Kön", "Man", "<5"] in rows
    assert ["Kvinnor och män som nåtts", "Män", "<5"] in rows
    assert ["Stadsdelsförvaltning", "Farsta", "7"] in rows
    assert ["Tid från kontakt till första samtal", "Median, dagar", "–"] in rows
    page = client.get(
        reverse("referrals:statistics"), {"month_from": "2026-01", "district": "farsta"}
    )
    labels = {
        (table.title, row.label) for table in page.context["report"].tables for row in table.rows
    }
    assert labels <= {(row[0], row[1]) for row in rows}
    event = AuditEvent.objects.get(action=AuditEvent.Action.STATISTICS_EXPORTED)
    assert event.actor.username == "user-anhörigkonsulent"
    assert event.details == {"month_from": "2026-01", "month_to": None, "district": "farsta"}


def test_csv_cells_cannot_start_a_formula():
    assert statistics_export._plain("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert statistics_export._plain("Farsta") == "Farsta"


# Constant queries


def _seed(staff, number: int) -> None:
    """``number`` contacts with everything the report reads: referrals of every kind,
    sessions with ORS, target groups, needs and reports of concern."""
    for index in range(number):
        contact = make_contact(
            staff,
            district=("farsta", "bromma")[index % 2],
            gender=(Gender.WOMAN, Gender.MAN, Gender.OTHER)[index % 3],
            target_groups=("vbe", "children-as-relatives"),
            needs=(Need.ADVICE, Need.GROUP),
            children_in_household=True,
            concern_report=index % 2 == 0,
        )
        talk = make_referral(
            contact,
            provider="outpatient-children",
            first_talk_on=DAY + timedelta(days=index),
            status=Referral.Status.CLOSED,
            closed_at=contact.created_at,
            outcome=Referral.Outcome.PARTLY_MET,
        )
        log_scores(talk, staff, 10, 15, 20)
        make_referral(
            contact,
            provider="family-therapist",
            declined_at=contact.created_at,
            decline_reason=Referral.DeclineReason.NO_CAPACITY,
        )
        make_referral(contact, service="bris-stodgrupper", external_outcome="got_help")
        make_referral(contact)


@pytest.mark.parametrize("name", ["referrals:statistics", "referrals:statistics_csv"])
def test_query_count_does_not_grow_with_the_data(client_as, staff, name):
    client = client_as(roles.CONSULTANT)
    url = reverse(name)
    query = {"month_from": "2026-01", "district": "farsta"}

    _seed(staff, 4)
    rollup.compute()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, query).status_code == 200
    _seed(staff, 12)
    rollup.compute()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, query)

    assert response.status_code == 200
    assert len(many) == len(few)
    if name == "referrals:statistics":
        assert response.context["report"].contacts == 8


def test_a_lone_suppressed_cell_takes_the_next_smallest_with_it():
    from referrals.statistics.report import _table

    table = _table(
        key="t",
        title="T",
        unit="u",
        share_of="s",
        base=20,
        total=True,
        counts=[("a", 2), ("b", 6), ("c", 12), ("d", 0)],
    )
    assert [row.display for row in table.rows] == ["<5", "<5", "12", "0"]
    assert table.total.display == "20"


def test_two_suppressed_cells_need_no_partner():
    from referrals.statistics.report import _table

    table = _table(
        key="t",
        title="T",
        unit="u",
        share_of="s",
        base=20,
        counts=[("a", 2), ("b", 3), ("c", 15)],
    )
    assert [row.display for row in table.rows] == ["<5", "<5", "15"]
