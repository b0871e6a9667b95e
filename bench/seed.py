"""Fast, deterministic seeding of a city-sized database for the benchmark and the
query-growth test.

``seed(sizes)`` appends ``sizes`` worth of fictional data to whatever is there:
staff with roles and workplaces, directory entries (organisations and services,
indexed for search), contacts with their consents, disclosure decisions, child
concern reports and referrals in every status with consistent milestones, support
sessions, notifications, serious incidents with their outreach plans, tasks and
relatives reached (``bench.seed_outreach``), and the audit trail. Called twice it grows the data
(the query-growth test seeds N, measures, seeds 9N more, measures again).

Rows are written in bulk: ``COPY`` on PostgreSQL (about a million audit rows in
seconds), batched ``INSERT``s elsewhere (SQLite in the test suite). Bulk writes
skip ``save()`` and signals, so this module fills in what they would have
(``created_at``, the search index, reference numbers) itself. A fixed random
seed gives the same data on every run, relative to today's date.

Everything it creates is fictional and marked: usernames and directory keys
start with ``bench-``.
"""

import random
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from anhorigstod import roles
from bench.seed_cases import _DRAFT_COLUMNS, seed_cases
from bench.seed_outreach import seed_outreach
from bench.seed_rows import (
    _FIRST_NAMES,
    _LAST_NAMES,
    PREFIX,
    Sizes,
    _is_postgresql,
    _next_id,
    _pick,
    _reset_sequences,
    _uuid,
    write,
)
from guidance import models as g
from guidance import search
from referrals.intake import examples, journey, navigation
from referrals.models import (
    Draft,
    StaffProfile,
)
from referrals.statistics import rollup

# Every seeded account has this password; the benchmark logs in with it.
BENCH_PASSWORD = "bench-losen-2026"  # noqa: S105


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
    "category", "description", "website", "editor_note",
]  # fmt: skip


_SERVICE_COLUMNS = [
    "id", "key", "source_document_id", "source_section", "locally_edited", "updated_at",
    "organisation_id", "name", "description", "who_it_helps", "eligibility", "serves_children",
    "minimum_age", "maximum_age", "url", "phone", "email", "opening_hours", "access",
    "anonymous_possible", "status", "last_verified_at", "last_verified_by", "editor_note",
    "contact_details_source", "todo_note", "closed_on", "closure_reason", "reopens_on",
]  # fmt: skip


def _closure(status: str, today: date) -> tuple:
    """closed_on, closure_reason, reopens_on as guidance.closure requires them."""
    if status == "active":
        return None, "", None
    reopens = today + timedelta(days=30) if status == "temporarily_closed" else None
    return today - timedelta(days=30), "Benchmarkdata", reopens


# --- Bulk writing ---------------------------------------------------------------


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
                after = navigation.first_unanswered(journey.Answers(answers))  # as saved
                draft = (_uuid(rng), pk, _uuid(rng), answers, 1, journey.PATH_VERSION, now, now)
                drafts.append((*draft, after.slug if after else ""))
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
    return examples.example_answers(**{"first-contact": today})["first-contact"]


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
                rng.choice(categories), description, f"https://example.org/{key}", "",
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
                _pick(rng, {"self_referral": 6, "referral_needed": 1, "both": 2, "unknown": 1}),
                _pick(rng, {"yes": 4, "no": 1, "unknown": 5}), status,
                today - timedelta(days=rng.randrange(800)), "Benchmark", "", "Benchmarkdata",
                "", *_closure(status, today),
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
    outreach = seed_outreach(sizes.incidents, rng, log)
    counts["audit_events"] = counts.get("audit_events", 0) + outreach.pop("audit_events", 0)
    counts.update(outreach)
    rollup.compute()  # as the nightly job would
    return counts
