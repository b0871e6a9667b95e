"""Fast, deterministic seeding of a city-sized database for the benchmark and the
query-growth test.

``seed(sizes)`` appends ``sizes`` worth of fictional data to whatever is there:
staff with roles and workplaces, directory entries (organisations and services,
indexed for search), contacts with their consents, disclosure decisions, child
concern reports and referrals in every status with consistent milestones, support
sessions, notifications and the audit trail. Called twice it grows the data
(the query-growth test seeds N, measures, seeds 9N more, measures again).

Rows are written in bulk: ``COPY`` on PostgreSQL (about a million audit rows in
seconds), batched ``INSERT``s elsewhere (SQLite in the test suite). Bulk writes
skip ``save()`` and signals, so this module fills in what they would have
(``created_at``, the search index, reference numbers) itself. A fixed random
seed gives the same data on every run, relative to today's date.

Everything it creates is fictional and marked: usernames and directory keys
start with ``bench-``.
"""

import json
import math
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone

from anhorigstod import roles
from audit.models import AuditEvent
from guidance import models as g
from guidance import search
from referrals.intake import journey
from referrals.models import (
    ChildConcernReport,
    Consent,
    Contact,
    DisclosureDecision,
    Draft,
    Need,
    Notification,
    Referral,
    StaffProfile,
    SupportSession,
)
from referrals.statistics import rollup

PREFIX = "bench-"
# Every seeded account has this password; the benchmark logs in with it.
BENCH_PASSWORD = "bench-losen-2026"  # noqa: S105
CHUNK = 5_000  # contacts generated and written per round
Status = Referral.Status
A = AuditEvent.Action


@dataclass(frozen=True)
class Sizes:
    """How much to add. ``referrals`` >= ``contacts`` (every contact has one)."""

    staff: int = 300
    directory: int = 1_000  # services; organisations are about 2/5 of that
    contacts: int = 100_000
    referrals: int = 150_000
    sessions: int = 300_000
    audit_events: int = 1_000_000

    def times(self, factor: float) -> "Sizes":
        return Sizes(*(math.ceil(value * factor) for value in self.__dict__.values()))


CITY = Sizes()

# Consultants fill these (provider, district) units in turn: every district's
# relative support consultant first, then the other units.
_UNIT_ORDER = [
    "relative-support-consultant",
    "city-treatment-unit",
    "family-therapist",
    "outpatient-adults",
    "outpatient-children",
]
_INTERNAL_WEIGHTS = {
    "relative-support-consultant": 60,
    "family-therapist": 12,
    "outpatient-adults": 10,
    "outpatient-children": 12,
    "city-treatment-unit": 6,
}
_FIRST_NAMES = [
    "Anna", "Maria", "Elin", "Sara", "Fatima", "Amina", "Karin", "Lena", "Sofia", "Emma",
    "Johan", "Erik", "Ahmed", "Mohamed", "Lars", "Anders", "Ali", "Mikael", "Oskar", "Nils",
]  # fmt: skip
_LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Ali",
    "Hassan", "Persson", "Svensson", "Gustafsson", "Pettersson", "Mohammed", "Lindberg",
]  # fmt: skip
_ORG_WORDS = [
    "Föreningen", "Stiftelsen", "Nätverket", "Mottagningen", "Jouren", "Rådgivningen",
    "Stödcentrum", "Samverkan", "Kyrkans", "Kvinnojouren", "Ungdomsmottagningen",
]  # fmt: skip
_ORG_NAMES = [
    "Trygga anhöriga", "Vi som finns kvar", "Föräldrar emot våld", "Syskonstöd",
    "Barn i fokus", "Nya steg", "Lugna samtal", "Hopp och stöd", "Tillsammans", "Vägen ut",
]  # fmt: skip
_AREAS = [
    "Söder", "Norr", "Väst", "Öst", "Järva", "Bromma", "Farsta", "Skärholmen", "Kista",
    "Vantör", "Spånga", "Östermalm", "Hela Stockholm",
]  # fmt: skip
_SERVICE_NAMES = [
    "Samtalsstöd för anhöriga", "Stödgrupp för föräldrar", "Jourtelefon", "Barngrupp",
    "Krisstöd efter våld", "Rådgivning om skydd", "Samtal för syskon", "Digital chatt",
    "Stöd vid sorg", "Familjesamtal", "Träffar för mammor", "Juridisk rådgivning",
]  # fmt: skip
_PHRASES = [
    "Vi ger stöd till anhöriga till personer i kriminalitet eller våldsbejakande extremism.",
    "Samtal enskilt eller i grupp, utan att den närstående behöver veta om det.",
    "Föräldrar och syskon kan få råd om hur de kan prata med den som har det svårt.",
    "Stöd till barn och unga som anhöriga, med trygga vuxna och lekfulla metoder.",
    "Krisstöd efter skjutningar och dödligt våld, för familj och vänner.",
    "Vi hjälper till med kontakter med myndigheter, skola och försäkringsbolag.",
    "Den anhöriga kan vara anonym och behöver ingen remiss.",
    "Tolk kan ordnas; vi har personal som talar arabiska, somaliska och persiska.",
    "Rådgivning om hot och skydd, skyddad adress och säkerhetsplanering.",
    "Gruppträffar varannan vecka på kvällstid, med fika och samtal.",
]  # fmt: skip


_USER_COLUMNS = [
    "id", "username", "password", "first_name", "last_name", "email", "is_staff", "is_active",
    "is_superuser", "date_joined",
]  # fmt: skip
_ORGANISATION_COLUMNS = [
    "id", "key", "source_document_id", "source_section", "locally_edited", "updated_at", "name",
    "category", "description", "website",
]  # fmt: skip
_SERVICE_COLUMNS = [
    "id", "key", "source_document_id", "source_section", "locally_edited", "updated_at",
    "organisation_id", "name", "description", "who_it_helps", "eligibility", "serves_children",
    "minimum_age", "maximum_age", "url", "phone", "email", "opening_hours", "access",
    "anonymous_possible", "status", "last_verified_at", "last_verified_by",
]  # fmt: skip


# --- Bulk writing ---------------------------------------------------------------


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def write(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order, attribute names) into ``model``'s table.

    PostgreSQL: one ``COPY``. Elsewhere: ``INSERT``s of 500 rows, each value
    prepared by its field as ``save()`` would.
    """
    fields = [model._meta.get_field(column) for column in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    count = 0
    with connection.cursor() as cursor:
        if _is_postgresql():
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    if json_at:
                        row = list(row)
                        for i in json_at:
                            row[i] = json.dumps(row[i])
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608 (model names)
        batch: list[list] = []
        for row in rows:
            batch.append(
                [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
            )
            if len(batch) == 500:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def _reset_sequences(*seeded: type[models.Model]) -> None:
    """Explicit ids bypass the sequences; move them past the seeded rows."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(seeded))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# --- Staff ----------------------------------------------------------------------


def _role_of(index: int) -> tuple[str, int]:
    """Two thirds caseworkers, four in fifteen consultants, one in fifteen administrators;
    returns the role and the index within it."""
    block, slot = divmod(index, 15)
    if slot < 10:
        return roles.CASEWORKER, block * 10 + slot
    if slot < 14:
        return roles.CONSULTANT, block * 4 + slot - 10
    return roles.ADMINISTRATOR, block


def seed_staff(count: int, rng: random.Random) -> int:
    User = get_user_model()
    if count <= 0:
        return 0
    start = User.objects.filter(username__startswith=PREFIX).count()
    districts = list(g.District.objects.order_by("key"))
    providers = {p.key: p for p in g.InternalProvider.objects.all()}
    units = [("relative-support-consultant", d.pk) for d in districts]
    units.append(("city-treatment-unit", None))
    for key in _UNIT_ORDER[2:]:
        units += [(key, d.pk) for d in districts]
    groups = {name: Group.objects.get(name=name).pk for name in roles.ROLE_PERMISSIONS}
    password = make_password(BENCH_PASSWORD)
    now = timezone.now()
    user_id = _next_id(User)
    users, memberships, profiles, drafts = [], [], [], []
    for index in range(start, start + count):
        role, ordinal = _role_of(index)
        label = {
            roles.CASEWORKER: "handlaggare",
            roles.CONSULTANT: "konsulent",
            roles.ADMINISTRATOR: "admin",
        }[role]
        pk = user_id + index - start
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        username = f"{PREFIX}{label}-{ordinal:03d}"
        is_admin = role == roles.ADMINISTRATOR
        users.append((pk, username, password, first, last, "", is_admin, True, False, now))
        memberships.append((pk, groups[role]))
        if role == roles.CASEWORKER:
            district = districts[ordinal % len(districts)]
            profiles.append((pk, district.pk, None))
            if rng.random() < 0.3:  # an unfinished contact, as real users leave them
                answers = {"first-contact": _first_contact_answers(district.key, now)}
                drafts.append(
                    (_uuid(rng), pk, _uuid(rng), answers, 1, journey.PATH_VERSION, now, now)
                )
        elif role == roles.CONSULTANT:
            provider_key, district_id = units[ordinal % len(units)]
            profiles.append((pk, district_id, providers[provider_key].pk))
    write(
        User,
        _USER_COLUMNS,
        users,
    )
    write(User.groups.through, ["user_id", "group_id"], memberships)
    write(StaffProfile, ["user_id", "district_id", "provider_id"], profiles)
    write(Draft, _DRAFT_COLUMNS[:-1], drafts)
    _reset_sequences(User, User.groups.through, StaffProfile)
    return len(users)


def _first_contact_answers(district_key: str, now: datetime) -> dict:
    today = {"contact_date": f"{timezone.localdate(now):%Y-%m-%d}", "district": district_key}
    return journey.example_answers(**{"first-contact": today})["first-contact"]


# --- Directory ------------------------------------------------------------------


def seed_directory(count: int, rng: random.Random) -> int:
    """``count`` services under about ``count * 2/5`` organisations, with their links and
    search rows (the signals that index a saved item do not run for bulk writes)."""
    if count <= 0:
        return 0
    source = g.SourceDocument.objects.order_by("pk").first()
    group_ids = list(g.TargetGroup.objects.values_list("pk", flat=True))
    languages = dict(g.Language.objects.values_list("code", "pk"))
    district_ids = list(g.District.objects.values_list("pk", flat=True))
    categories = [c.value for c in g.Organisation.Category]
    now = timezone.now()
    today = timezone.localdate()
    first_org = _next_id(g.Organisation)
    first_service = _next_id(g.Service)
    org_start = g.Organisation.objects.filter(key__startswith=PREFIX).count()
    service_start = g.Service.objects.filter(key__startswith=PREFIX).count()
    org_count = max(1, round(count * 0.4))
    orgs, services, documents = [], [], []
    links: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for n in range(org_count):
        pk, key = first_org + n, f"{PREFIX}org-{org_start + n:05d}"
        name = f"{rng.choice(_ORG_WORDS)} {rng.choice(_ORG_NAMES)} {rng.choice(_AREAS)}"
        description = " ".join(rng.sample(_PHRASES, 2))
        orgs.append(
            (
                pk, key, source.pk, "Benchmarkdata (påhittad)", False, now, name,
                rng.choice(categories), description, f"https://example.org/{key}",
            )
        )  # fmt: skip
        url = reverse("guidance:organisation_detail", args=[key])
        documents.append(("organisation", key, name, description, description, url))
    for n in range(count):
        pk, key = first_service + n, f"{PREFIX}tjanst-{service_start + n:05d}"
        org = orgs[n % org_count]
        org_pk, org_key, org_name = org[0], org[1], org[6]
        name = f"{rng.choice(_SERVICE_NAMES)} {service_start + n}"
        description = " ".join(rng.sample(_PHRASES, 3))
        who = rng.choice(_PHRASES)
        children = rng.random() < 0.25
        status = _pick(rng, {"active": 90, "temporarily_closed": 6, "closed": 4})
        phone = f"08-{rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
        services.append(
            (
                pk, key, source.pk, "Benchmarkdata (påhittad)", False, now, org_pk, name,
                description, who, "", children, 0 if children else 18, None,
                f"https://example.org/{key}", phone, "", "Vardagar 9–16",
                _pick(rng, {"self_referral": 6, "referral_needed": 1, "both": 3}),
                rng.random() < 0.5, status, today - timedelta(days=rng.randrange(800)),
                "Benchmark",
            )
        )  # fmt: skip
        for group in rng.sample(group_ids, rng.choice([1, 1, 2, 3])):
            links["target_groups"].append((pk, group))
        links["languages"].append((pk, languages["sv"]))
        for code in rng.sample(sorted(languages), rng.choice([0, 0, 1, 2])):
            if code != "sv":
                links["languages"].append((pk, languages[code]))
        if rng.random() < 0.6:
            for district in rng.sample(district_ids, rng.choice([1, 1, 2, 3])):
                links["districts"].append((pk, district))
        title = f"{org_name}: {name}"
        url = reverse("guidance:organisation_detail", args=[org_key]) + f"#{key}"
        documents.append(("service", key, title, description, f"{description}\n{who}", url))
    write(
        g.Organisation,
        _ORGANISATION_COLUMNS,
        orgs,
    )
    write(
        g.Service,
        _SERVICE_COLUMNS,
        services,
    )
    write(g.Service.target_groups.through, ["service_id", "targetgroup_id"], links["target_groups"])
    write(g.Service.languages.through, ["service_id", "language_id"], links["languages"])
    write(g.Service.districts.through, ["service_id", "district_id"], links["districts"])
    write(
        g.SearchDocument,
        ["kind", "object_key", "title", "summary", "body", "url", "stems"],
        ((*doc, search.stems(f"{doc[2]} {doc[4]}")) for doc in documents),
    )
    if _is_postgresql():
        from django.contrib.postgres.search import SearchVector

        g.SearchDocument.objects.filter(
            object_key__startswith=PREFIX, search_vector__isnull=True
        ).update(
            search_vector=SearchVector("title", weight="A", config="swedish")
            + SearchVector("summary", weight="B", config="swedish")
            + SearchVector("body", weight="C", config="swedish")
        )
    _reset_sequences(g.Organisation, g.Service)
    return count


# --- Contacts, referrals, sessions, audit trail --------------------------------


@dataclass
class _World:
    """What the case data refers to, read once per ``seed_cases``."""

    caseworkers: list[tuple[int, int]]  # (user id, district id)
    receivers: dict[tuple[int, int | None], list[int]]  # (provider, district) -> consultants
    districts: dict[int, g.District]
    providers: dict[str, g.InternalProvider]
    routes: list[g.EntryRoute]
    group_ids: list[int]
    language_ids: list[int]
    services: list[int]

    @classmethod
    def read(cls) -> "_World":
        caseworkers = list(
            StaffProfile.objects.filter(
                user__username__startswith=PREFIX, user__groups__name=roles.CASEWORKER
            )
            .order_by("user_id")
            .values_list("user_id", "district_id")
        )
        if not caseworkers:
            raise RuntimeError("Seed staff before cases: no caseworkers found.")
        receivers: dict[tuple[int, int | None], list[int]] = defaultdict(list)
        for user_id, provider_id, district_id in StaffProfile.objects.filter(
            provider__isnull=False
        ).values_list("user_id", "provider_id", "district_id"):
            receivers[(provider_id, district_id)].append(user_id)
        return cls(
            caseworkers=caseworkers,
            receivers=receivers,
            districts={d.pk: d for d in g.District.objects.all()},
            providers={p.key: p for p in g.InternalProvider.objects.all()},
            routes=list(g.EntryRoute.objects.order_by("order", "key")),
            group_ids=list(g.TargetGroup.objects.order_by("pk").values_list("pk", flat=True)),
            language_ids=list(g.Language.objects.order_by("pk").values_list("pk", flat=True)),
            services=list(
                g.Service.objects.filter(status=g.Service.Status.ACTIVE)
                .order_by("pk")
                .values_list("pk", flat=True)
            ),
        )


_CONTACT_COLUMNS = [
    "id", "reference", "source_draft", "created_by_id", "created_at", "path_version",
    "guidance_version", "contact_date", "district_id", "entry_route_id", "is_known_to_service",
    "person_caseworker_id", "pseudonym", "personal_identity_number",
    "personal_identity_number_reason", "relation", "age_group", "gender", "language_id",
    "interpreter_needed", "contact_channel", "contact_times", "contact_avoid",
    "children_in_household", "relative_is_child", "child_at_risk", "threatened",
    "police_report", "risk_analysis_requested", "needs", "practical_matters", "needs_note",
]  # fmt: skip
_REFERRAL_COLUMNS = [
    "id", "contact_id", "reference", "provider_id", "receiving_district_id", "service_id",
    "other_name", "other_contact", "status", "version", "created_at", "received_at",
    "received_by_id", "accepted_at", "accepted_by_id", "declined_at", "declined_by_id",
    "decline_reason", "forwarded_at", "forwarded_by_id", "forwarded_to_id",
    "first_talk_booked_at", "first_talk_booked_by_id", "first_talk_on", "in_progress_at",
    "in_progress_by_id", "closed_at", "closed_by_id", "outcome", "external_outcome",
    "external_outcome_at", "external_outcome_by_id",
]  # fmt: skip
_SESSION_COLUMNS = [
    "referral_id", "held_on", "form", "attended", "minutes", "ors_score", "note", "concerns",
    "created_by_id", "created_at",
]  # fmt: skip
_AUDIT_COLUMNS = ["at", "actor_id", "action", "contact_reference", "referral_reference", "details"]
_MILESTONE_ACTIONS = [
    ("received", A.REFERRAL_RECEIVED),
    ("accepted", A.REFERRAL_ACCEPTED),
    ("declined", A.REFERRAL_DECLINED),
    ("forwarded", A.REFERRAL_FORWARDED),
    ("first_talk_booked", A.FIRST_TALK_BOOKED),
    ("in_progress", A.REFERRAL_IN_PROGRESS),
    ("closed", A.REFERRAL_CLOSED),
]
_TELL_CASEWORKER = {"accepted", "declined", "forwarded", "closed"}


def _status_for(age_days: float, rng: random.Random) -> str:
    if age_days < 14:
        weights = {"sent": 35, "received": 25, "accepted": 15, "first_talk_booked": 12,
                   "declined": 5, "in_progress": 8}  # fmt: skip
    elif age_days < 90:
        weights = {"sent": 2, "received": 5, "accepted": 10, "first_talk_booked": 13,
                   "in_progress": 45, "declined": 10, "closed": 15}  # fmt: skip
    else:
        weights = {"accepted": 2, "in_progress": 15, "declined": 10, "closed": 73}
    return _pick(rng, weights)


def _milestones(ref: dict, status: str, now: datetime, rng: random.Random, by) -> None:
    """Stamp the milestones a referral in ``status`` has passed, in order, before now."""

    def after(moment: datetime, low: float, high: float) -> datetime:
        return min(moment + timedelta(days=rng.uniform(low, high)), now - timedelta(minutes=5))

    ref["status"] = status
    if status == Status.SENT:
        return
    moment = ref["received_at"] = after(ref["created_at"], 0.05, 3)
    ref["received_by_id"] = by()
    if status == Status.DECLINED:
        ref["declined_at"], ref["declined_by_id"] = after(moment, 0, 5), by()
        ref["decline_reason"] = rng.choice(Referral.DeclineReason.values)
        return
    if status == Status.RECEIVED:
        return
    moment = ref["accepted_at"] = after(moment, 0, 4)
    ref["accepted_by_id"] = by()
    if status == Status.ACCEPTED:
        return
    moment = ref["first_talk_booked_at"] = after(moment, 0, 3)
    ref["first_talk_booked_by_id"] = by()
    talk = timezone.localdate(moment) + timedelta(days=rng.randrange(2, 15))
    if status != Status.FIRST_TALK_BOOKED:
        talk = min(talk, timezone.localdate(now))
    ref["first_talk_on"] = talk
    if status == Status.FIRST_TALK_BOOKED:
        return
    start = timezone.make_aware(datetime.combine(talk, datetime.min.time())) + timedelta(hours=10)
    moment = ref["in_progress_at"] = min(max(start, moment), now - timedelta(minutes=5))
    ref["in_progress_by_id"] = by()
    if status == Status.CLOSED:
        ref["closed_at"], ref["closed_by_id"] = after(moment, 14, 180), by()
        ref["outcome"] = rng.choice(Referral.Outcome.values)


def seed_cases(sizes: Sizes, rng: random.Random, log: Callable[[str], None]) -> dict[str, int]:
    """Contacts, referrals, sessions, notifications and audit events, written in chunks."""
    if sizes.contacts <= 0:
        return {}
    if sizes.referrals < sizes.contacts:
        raise ValueError("Every contact has at least one referral: referrals >= contacts.")
    world = _World.read()
    now = timezone.now()
    first_contact = _next_id(Contact)
    first_referral = _next_id(Referral)
    # Extra referrals go to random contacts; sessions to referrals under way or closed,
    # about this many each (adjusted as the chunks are written, to hit the total).
    extra = defaultdict(int)
    for _n in range(sizes.referrals - sizes.contacts):
        extra[rng.randrange(sizes.contacts)] += 1
    totals: dict[str, int] = defaultdict(int)
    next_referral = first_referral
    for chunk_start in range(0, sizes.contacts, CHUNK):
        chunk = range(chunk_start, min(chunk_start + CHUNK, sizes.contacts))
        done = chunk.stop / sizes.contacts
        rows = _generate_chunk(
            chunk=chunk,
            first_contact=first_contact,
            next_referral=next_referral,
            extra=extra,
            world=world,
            now=now,
            rng=rng,
            sessions_wanted=round(sizes.sessions * done) - totals["sessions"],
            audit_wanted=round(sizes.audit_events * done) - totals["audit_events"],
        )
        next_referral += len(rows["referrals"])
        with transaction.atomic():
            for key, (model, columns) in _TABLES.items():
                totals[key] += write(model, columns, rows[key])
        log(
            f"  {chunk.stop:>7} kontakter, {totals['referrals']:>7} hänvisningar, "
            f"{totals['sessions']:>7} samtal, {totals['audit_events']:>8} loggrader"
        )
    _reset_sequences(Contact, Referral)
    return dict(totals)


_CONSENT_COLUMNS = [
    "contact_id", "purpose", "given_by", "scope", "given_on", "method", "recorded_by_id",
    "recorded_at", "withdrawal_scope",
]  # fmt: skip
_DRAFT_COLUMNS = [
    "id", "owner_id", "start_token", "answers", "revision", "path_version", "created_at",
    "updated_at", "contact_id",
]  # fmt: skip
_TABLES: dict[str, tuple[type[models.Model], list[str]]] = {
    "contacts": (Contact, _CONTACT_COLUMNS),
    "contact_target_groups": (Contact.target_groups.through, ["contact_id", "targetgroup_id"]),
    "consents": (Consent, _CONSENT_COLUMNS),
    "disclosures": (
        DisclosureDecision,
        ["contact_id", "nothing_shared", "ground", "ground_detail", "scope"],
    ),
    "child_reports": (ChildConcernReport, ["contact_id", "made_on", "made_to", "recorded_by_id"]),
    "referrals": (Referral, _REFERRAL_COLUMNS),
    "sessions": (SupportSession, _SESSION_COLUMNS),
    "notifications": (
        Notification,
        ["recipient_id", "referral_id", "message", "created_at", "read_at"],
    ),
    "drafts": (Draft, _DRAFT_COLUMNS),
    "audit_events": (AuditEvent, _AUDIT_COLUMNS),
}


def _generate_chunk(
    *,
    chunk: range,
    first_contact: int,
    next_referral: int,
    extra: dict[int, int],
    world: _World,
    now: datetime,
    rng: random.Random,
    sessions_wanted: int,
    audit_wanted: int,
) -> dict[str, list[tuple]]:
    rows: dict[str, list[tuple]] = defaultdict(list)
    referrals: list[dict] = []
    audit: list[tuple] = []
    views: list[tuple] = []  # (moment, actor, contact ref, referral ref): fill-in view events
    guidance_version = "2026-11-01T08:00:00+00:00"
    for n in chunk:
        pk = first_contact + n
        caseworker, district_id = world.caseworkers[rng.randrange(len(world.caseworkers))]
        age = rng.triangular(0, 3 * 365, 0) if rng.random() < 0.9 else rng.uniform(0, 3 * 365)
        created = now - timedelta(days=age, minutes=rng.randrange(600))
        reference = f"AS-{timezone.localdate(created):%Y}-{pk:06d}"
        route = rng.choices(world.routes, weights=[50, 30, 20][: len(world.routes)])[0]
        known = route.consent_required or rng.random() < 0.2
        age_group = _pick(rng, {"0-12": 3, "13-17": 7, "18-25": 15, "26-44": 30, "45-64": 35,
                                "65-": 8, "unknown": 2})  # fmt: skip
        children = rng.random() < 0.35
        is_child = age_group in ("0-12", "13-17") and rng.random() < 0.8
        at_risk = (children or is_child) and rng.random() < 0.12
        threatened = rng.random() < 0.12
        language = rng.choice(world.language_ids) if rng.random() < 0.2 else None
        needs = rng.sample(Need.values, rng.choice([1, 1, 2, 3]))
        contact_date = timezone.localdate(created) - timedelta(days=rng.choice([0, 0, 0, 1, 2]))
        rows["contacts"].append(
            (
                pk, reference, _uuid(rng), caseworker, created, journey.PATH_VERSION,
                guidance_version, contact_date, district_id, route.pk, known,
                rng.choice(world.caseworkers)[0] if known and rng.random() < 0.5 else None,
                rng.choice(_FIRST_NAMES) if rng.random() < 0.4 else "", "", "",
                _pick(rng, {"parent": 45, "sibling": 15, "child": 8, "partner": 15,
                            "grandparent": 7, "other_family": 5, "friend": 5}),
                age_group, _pick(rng, {"woman": 62, "man": 30, "other": 1, "not_stated": 7}),
                language, language is not None and rng.random() < 0.5,
                rng.choice(["phone", "phone", "sms", "meeting", "letter", "home_visit"]),
                "Vardagar 9–12", "Inga brev hem" if rng.random() < 0.3 else "",
                children, is_child, at_risk, threatened,
                rng.choice(["made", "declined"]) if threatened else "",
                threatened and rng.random() < 0.5, needs,
                ["skatteverket"] if rng.random() < 0.1 else [], "",
            )
        )  # fmt: skip
        for group in rng.sample(world.group_ids, 2 if rng.random() < 0.2 else 1):
            rows["contact_target_groups"].append((pk, group))
        if route.consent_required:
            rows["consents"].append(
                (pk, Consent.Purpose.CONTACT_RELATIVE, "Den närstående", "Kontakt om stöd",
                 contact_date, Consent.Method.ORAL, caseworker, created, "")
            )  # fmt: skip
        shares = rng.random() < 0.1
        rows["disclosures"].append(
            (pk, not shares, "person_consent" if shares else "", "",
             "Att personen är aktuell" if shares else "")
        )  # fmt: skip
        if shares:
            rows["consents"].append(
                (pk, Consent.Purpose.SHARE_WITH_RELATIVE, "Den närstående",
                 "Att personen är aktuell", contact_date, Consent.Method.WRITTEN, caseworker,
                 created, "")
            )  # fmt: skip
        if at_risk:
            rows["child_reports"].append(
                (pk, contact_date, "Mottagningen barn och unga", caseworker)
            )
        if age < 14:  # submitted drafts are purged after DRAFT_RETENTION_DAYS
            rows["drafts"].append(
                (_uuid(rng), caseworker, _uuid(rng), {}, 9, journey.PATH_VERSION, created,
                 created, pk)
            )  # fmt: skip

        contact_referrals = []
        for number in range(1, 2 + extra.get(n, 0)):
            ref = _new_referral(
                pk=next_referral,
                contact=pk,
                reference=f"{reference}-{number}",
                caseworker=caseworker,
                created=created,
                district_id=district_id,
                children=children or is_child,
                previous=contact_referrals[-1] if contact_referrals else None,
                world=world,
                now=now,
                rng=rng,
            )
            next_referral += 1
            contact_referrals.append(ref)
        referrals.extend(contact_referrals)
        audit.append(
            (created, caseworker, A.CONTACT_SUBMITTED, reference, "",
             {"referrals": [r["reference"] for r in contact_referrals]})
        )  # fmt: skip
        views.append((created, caseworker, reference, ""))

    _generate_sessions(referrals, rows=rows, audit=audit, wanted=sessions_wanted, now=now, rng=rng)

    for ref in referrals:
        _referral_events(ref, rows=rows, audit=audit, views=views, now=now)
        rows["referrals"].append(tuple(ref.get(column) for column in _REFERRAL_COLUMNS))

    # Fill the audit trail with views of contacts and referrals, up to the wanted size.
    for _n in range(max(0, audit_wanted - len(audit))):
        moment, actor, contact_reference, referral_reference = rng.choice(views)
        later = min(moment + timedelta(days=rng.uniform(0, 60)), now)
        action = A.REFERRAL_VIEWED if referral_reference else A.CONTACT_VIEWED
        audit.append((later, actor, action, contact_reference, referral_reference, {}))
    rows["audit_events"] = audit
    return rows


def _generate_sessions(
    referrals: list[dict],
    *,
    rows: dict[str, list[tuple]],
    audit: list[tuple],
    wanted: int,
    now: datetime,
    rng: random.Random,
) -> None:
    """Sessions for referrals under way or closed, about ``wanted`` in all, each with
    its audit event."""
    active = [r for r in referrals if r["status"] in (Status.IN_PROGRESS, Status.CLOSED)]
    per = wanted / len(active) if active else 0
    sessions_left = wanted
    for index, ref in enumerate(active):
        remaining = len(active) - index
        count = max(0, round(per * rng.uniform(0.3, 1.7))) if remaining > 1 else sessions_left
        count = max(0, min(count, sessions_left))
        sessions_left -= count
        end = ref["closed_at"] or now
        start = ref["in_progress_at"]
        span = max((end - start).total_seconds(), 3600)
        score = Decimal(rng.randrange(80, 260)) / 10
        moments = sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
        for moment in moments:
            score = min(Decimal(40), max(Decimal(0), score + Decimal(rng.randrange(-10, 40)) / 10))
            attended = rng.random() < 0.9
            concerns = "Oro för barnen" if rng.random() < 0.02 else ""
            rows["sessions"].append(
                (ref["id"], timezone.localdate(moment), rng.choice(SupportSession.Form.values),
                 attended, rng.choice([30, 45, 60, 90]) if attended else None,
                 score if attended and rng.random() < 0.7 else None, "", concerns,
                 ref["in_progress_by_id"] or ref["contact_by"], moment)
            )  # fmt: skip
            audit.append(
                (moment, ref["in_progress_by_id"], A.SESSION_LOGGED, ref["contact_reference"],
                 ref["reference"], {"held_on": f"{timezone.localdate(moment)}",
                                    "attended": attended})
            )  # fmt: skip


def _new_referral(
    *,
    pk: int,
    contact: int,
    reference: str,
    caseworker: int,
    created: datetime,
    district_id: int,
    children: bool,
    previous: dict | None,
    world: _World,
    now: datetime,
    rng: random.Random,
) -> dict:
    blank = dict.fromkeys(_REFERRAL_COLUMNS)
    blank.update(
        id=pk, contact_id=contact, reference=reference, other_name="", other_contact="",
        decline_reason="", outcome="", external_outcome="", created_at=created,
        contact_reference=reference.rsplit("-", 1)[0], contact_by=caseworker, unit=[],
    )  # fmt: skip
    ref = blank
    forward_from = (
        previous
        if previous and previous["provider_id"] and previous["status"] in Status.values
        and rng.random() < 0.25 and (now - created).days > 30
        else None
    )  # fmt: skip
    kind = "internal" if forward_from else _pick(rng, {"internal": 70, "service": 26, "other": 4})
    if kind == "internal":
        weights = dict(_INTERNAL_WEIGHTS)
        if children:
            weights["outpatient-children"] *= 3
        if forward_from:
            weights.pop(
                next(k for k, p in world.providers.items() if p.pk == forward_from["provider_id"])
            )
        provider = world.providers[_pick(rng, weights)]
        receiving = None if provider.city_wide else district_id
        ref.update(provider_id=provider.pk, receiving_district_id=receiving)
        receivers = world.receivers.get((provider.pk, receiving)) or [None]
        ref["unit"] = [user for user in receivers if user is not None]

        def by():
            return rng.choice(receivers)

        if forward_from:
            moment = created + timedelta(days=rng.uniform(5, 25))
            if forward_from["received_at"] is None:
                forward_from["received_at"] = moment - timedelta(hours=2)
            moment = max(moment, (forward_from["accepted_at"] or forward_from["received_at"]))
            moment = min(moment + timedelta(hours=1), now - timedelta(hours=1))
            forward_from.update(
                status=Status.FORWARDED, forwarded_at=moment, forwarded_to_id=pk,
                forwarded_by_id=forward_from["received_by_id"], declined_at=None,
                declined_by_id=None, decline_reason="", closed_at=None, closed_by_id=None,
                outcome="", in_progress_at=None, in_progress_by_id=None, first_talk_on=None,
                first_talk_booked_at=None, first_talk_booked_by_id=None,
            )  # fmt: skip
            ref["created_at"] = moment
        age = (now - ref["created_at"]).total_seconds() / 86400
        _milestones(ref, _status_for(age, rng), now, rng, by)
    else:
        ref["status"] = Status.SENT
        if kind == "service" and world.services:
            ref["service_id"] = rng.choice(world.services)
        else:
            ref.update(other_name="Skolkurator", other_contact="08-508 000 00")
        if (now - created).days > 30 and rng.random() < 0.6:
            ref["external_outcome"] = rng.choice(Referral.ExternalOutcome.values)
            ref["external_outcome_at"] = created + timedelta(days=rng.uniform(14, 30))
            ref["external_outcome_by_id"] = caseworker
    return ref


def _referral_events(ref: dict, *, rows, audit: list, views: list, now: datetime) -> None:
    """Audit events and notifications for each milestone the referral passed."""
    recent = now - timedelta(days=7)
    contact_reference, reference = ref["contact_reference"], ref["reference"]
    ref["version"] = sum(1 for name, _a in _MILESTONE_ACTIONS if ref[f"{name}_at"])
    created = ref["created_at"]
    for user in ref["unit"]:
        read = None if created > recent and ref["status"] == Status.SENT else created
        rows["notifications"].append((user, ref["id"], f"Ny hänvisning {reference}", created, read))
    for name, action in _MILESTONE_ACTIONS:
        moment = ref[f"{name}_at"]
        if moment is None:
            continue
        actor = ref[f"{name}_by_id"]
        audit.append((moment, actor, action, contact_reference, reference, {"to": name}))
        if actor:
            views.append((moment, actor, contact_reference, reference))
        if name in _TELL_CASEWORKER:
            rows["notifications"].append(
                (ref["contact_by"], ref["id"], f"{reference}: {name}", moment,
                 None if moment > recent else moment)
            )  # fmt: skip


def seed(
    sizes: Sizes = CITY, *, rng_seed: int = 2026, log: Callable[[str], None] = print
) -> dict[str, int]:
    """Append ``sizes`` worth of data; returns how many rows of each kind were written."""
    rng = random.Random(rng_seed)  # noqa: S311 (fictional data, not secrets)
    counts: dict[str, int] = {}
    with transaction.atomic():
        counts["staff"] = seed_staff(sizes.staff, rng)
        counts["directory"] = seed_directory(sizes.directory, rng)
    log(f"  {counts['staff']} personal, {counts['directory']} stödtjänster")
    counts.update(seed_cases(sizes, rng, log))
    rollup.compute()  # as the nightly job would
    return counts
