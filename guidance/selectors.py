"""Read-only queries behind the guidance pages.

Each returns a queryset with its relations fetched up front, so a page makes
the same number of queries however much guidance there is.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models import (
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)

from guidance import models as m

ACTIVE_SERVICES = m.Service.objects.exclude(status=m.Service.Status.CLOSED)


def _legal_references_prefetch() -> Prefetch:
    """A page's references with what replaced them: a repealed rule is shown by its successor."""
    return Prefetch(
        "legal_references", queryset=m.LegalReference.objects.select_related("replaced_by")
    )


# A target group page lists this many services; the directory, filtered, has them all.
SERVICES_ON_TARGET_GROUP_PAGE = 20


# A service listed as a link: its name and where the link goes, nothing more (the
# first few of hundreds, sorted by name: the rows sorted are as narrow as the list).
SERVICE_LINK_FIELDS = ("key", "name", "organisation__key", "organisation__name")


def _services_prefetch(lookup: str, limit: int | None = None) -> Prefetch:
    services = ACTIVE_SERVICES.select_related("organisation").order_by("organisation__name", "name")
    if limit:  # a sliced prefetch needs its own attribute: here ``first_services``
        first = services.only(*SERVICE_LINK_FIELDS)[:limit]
        return Prefetch(lookup, queryset=first, to_attr="first_services")
    return Prefetch(lookup, queryset=services)


def target_groups() -> QuerySet[m.TargetGroup]:
    return m.TargetGroup.objects.select_related("source_document")


def target_group_detail() -> QuerySet[m.TargetGroup]:
    """With the first services only: at city scale a target group has hundreds, and
    listing them all made this the slowest guidance page."""
    active = ~Q(services__status=m.Service.Status.CLOSED)
    return (
        target_groups()
        .annotate(active_services=Count("services", filter=active))
        .prefetch_related(
            "support_forms",
            "providers",
            "topics",
            "methods",
            "good_practices",
            _services_prefetch("services", limit=SERVICES_ON_TARGET_GROUP_PAGE),
        )
    )


def entry_routes() -> QuerySet[m.EntryRoute]:
    return m.EntryRoute.objects.select_related("source_document").prefetch_related(
        _legal_references_prefetch()
    )


def support_forms() -> QuerySet[m.SupportForm]:
    return m.SupportForm.objects.select_related("source_document").prefetch_related(
        "target_groups", _legal_references_prefetch(), "providers"
    )


def providers() -> QuerySet[m.InternalProvider]:
    return m.InternalProvider.objects.select_related("source_document").prefetch_related(
        "support_forms", "target_groups"
    )


def topics() -> QuerySet[m.Topic]:
    return m.Topic.objects.select_related("source_document").prefetch_related(
        "target_groups", _legal_references_prefetch(), "methods"
    )


def districts() -> QuerySet[m.District]:
    """With ``has_routine``: whether the district has a routine of its own."""
    own_routine = m.LocalRoutine.objects.filter(district=OuterRef("pk"))
    return m.District.objects.select_related("source_document", "sig_provided_by").annotate(
        has_routine=Exists(own_routine)
    )


def _routines() -> QuerySet[m.LocalRoutine]:
    return m.LocalRoutine.objects.select_related("source_document").prefetch_related("steps")


def district_detail() -> QuerySet[m.District]:
    return districts().prefetch_related(
        "good_practices",
        "sig_customers",
        _services_prefetch("services"),
        Prefetch("routines", queryset=_routines()),
    )


def city_default_routines() -> QuerySet[m.LocalRoutine]:
    """The routines for districts without their own: those with no district."""
    return _routines().filter(district__isnull=True).order_by("applies_when", "name")


def good_practices() -> QuerySet[m.GoodPractice]:
    return m.GoodPractice.objects.select_related("source_document").prefetch_related(
        "districts", "target_groups", "methods"
    )


def methods() -> QuerySet[m.Method]:
    return m.Method.objects.select_related("source_document").prefetch_related(
        "target_groups", "good_practices"
    )


def legal_references() -> QuerySet[m.LegalReference]:
    """In the model's order (rules in force first, on every database); never re-ordered here."""
    return m.LegalReference.objects.select_related(
        "source_document", "replaced_by"
    ).prefetch_related("replaces")


def organisations() -> QuerySet[m.Organisation]:
    return m.Organisation.objects.select_related("source_document").prefetch_related(
        Prefetch(
            "services",
            queryset=m.Service.objects.select_related("source_document").prefetch_related(
                "target_groups", "languages", "districts"
            ),
        )
    )


def directory_services(
    *,
    target_group: m.TargetGroup | None = None,
    children: bool = False,
    category: str = "",
    district: m.District | None = None,
    language: m.Language | None = None,
) -> QuerySet[m.Service]:
    """Active directory services matching every filter given.

    A service with no districts serves the whole city, so it matches any
    district filter.

    The many-to-many filters are ``EXISTS`` subqueries rather than joins: a join
    repeats a service once per matching row, and the ``DISTINCT`` that removes
    the repeats made PostgreSQL sort every wide service row twice per page (for
    the count and for the page).
    """
    services = ACTIVE_SERVICES.select_related("organisation")
    if target_group is not None:
        services = services.filter(
            Exists(
                m.Service.target_groups.through.objects.filter(
                    service=OuterRef("pk"), targetgroup=target_group
                )
            )
        )
    if children:
        services = services.filter(serves_children=True)
    if category:
        services = services.filter(organisation__category=category)
    if district is not None:
        served_districts = m.Service.districts.through.objects.filter(service=OuterRef("pk"))
        services = services.filter(
            Exists(served_districts.filter(district=district)) | ~Exists(served_districts)
        )
    if language is not None:
        services = services.filter(
            Exists(
                m.Service.languages.through.objects.filter(
                    service=OuterRef("pk"), language=language
                )
            )
        )
    # The cards show target groups and languages; districts are only filtered on.
    # The latest check is part of a card's cache key (guidance.cards).
    latest_check = m.ServiceCheck.objects.filter(service=OuterRef("pk")).order_by("-pk")
    services = services.annotate(latest_check=Subquery(latest_check.values("pk")[:1]))
    return services.prefetch_related(
        Prefetch("target_groups", queryset=m.TargetGroup.objects.only("key", "name", "order")),
        "languages",
    ).order_by("organisation__name", "name")


# The footer of every guidance page names the content owner, which changes perhaps once
# a year: kept this long per worker, and forgotten at once where it is saved
# (guidance.signals); another worker shows the change within the same time.
CONTENT_OWNER_KEPT_SECONDS = 60
CONTENT_OWNER_KEY = "guidance:content-owner"


def content_owner() -> m.ContentOwner | None:
    """The one content owner, or None (the footer then names the publisher)."""
    kept = cache.get(CONTENT_OWNER_KEY)
    if kept is None:
        kept = (m.ContentOwner.objects.filter(pk=1).first(),)
        cache.set(CONTENT_OWNER_KEY, kept, CONTENT_OWNER_KEPT_SECONDS)
    return kept[0]


# The start page's three lists (target groups, entry routes, topics) are guidance, the
# same for everyone who asks: rendered once a minute per worker (``{% cache %}`` in
# guidance/start.html), read only when rendered. The worker where guidance is saved
# forgets them at once (guidance.signals); another shows the change within the minute.
START_LISTS_KEPT_SECONDS = 60
START_LISTS_FRAGMENT = "start-lists"
START_LISTS_MODELS = (m.TargetGroup, m.EntryRoute, m.Topic)


def start_page_lists() -> dict[str, QuerySet]:
    """The lists, unread, with only the columns the start page shows."""
    return {
        "target_groups": m.TargetGroup.objects.only("key", "name", "summary"),
        "entry_routes": m.EntryRoute.objects.only("key", "name", "summary", "consent_required"),
        "topics": m.Topic.objects.only("key", "title"),
    }


def forget_start_page_lists() -> None:
    cache.delete_many(
        [make_template_fragment_key(START_LISTS_FRAGMENT, [code]) for code, _ in settings.LANGUAGES]
    )


def guidance_version() -> str:
    """When the guidance last changed, recorded with every submitted contact.

    One query: the latest change of each kind of guidance, as a ``UNION ALL`` of
    one ``MAX`` per table (eleven separate aggregates were a fifth of a submit).
    """
    latest_per_kind = [
        model.objects.annotate(whole_table=Value(1))
        .values("whole_table")
        .annotate(latest=Max("updated_at"))
        .values_list("latest", flat=True)
        .order_by()
        for model in (
            m.TargetGroup,
            m.EntryRoute,
            m.SupportForm,
            m.InternalProvider,
            m.District,
            m.Method,
            m.Topic,
            m.GoodPractice,
            m.LegalReference,
            m.Organisation,
            m.Service,
        )
    ]
    changes = latest_per_kind[0].union(*latest_per_kind[1:], all=True).order_by()
    latest = max((value for value in changes if value is not None), default=None)
    return latest.isoformat(timespec="seconds") if latest else "tom"


# The city's kontaktcenter, as a district's reception is named when nothing
# closer is known; its number on any district is the fallback for the others.
CITY_CONTACT_CENTRE = "Stockholms stads kontaktcenter"


def district_phone(*, district: m.District) -> tuple[str, str, bool] | None:
    """Whom a relative rings to reach the district again: (reception, phone, via_city).

    The district's own reception number first; without one, the city's
    kontaktcenter number as stored on a district (``via_city`` is then True);
    None when neither is stored.
    """
    if district.reception_phone:
        via_city = district.reception_name == CITY_CONTACT_CENTRE
        return district.reception_name, district.reception_phone, via_city
    centre = (
        m.District.objects.filter(reception_name=CITY_CONTACT_CENTRE)
        .exclude(reception_phone="")
        .values_list("reception_phone", flat=True)
        .first()
    )
    return (CITY_CONTACT_CENTRE, centre, True) if centre else None
