"""List pages make the same number of queries however much guidance there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anhorigstod import roles
from guidance import models as m
from guidance import selectors

pytestmark = pytest.mark.django_db


def _duplicate_all(model, times: int = 3) -> None:
    """Add copies of every row, with their many-to-many links, under new keys."""
    for original in list(model.objects.all()):
        links = {f.name: list(getattr(original, f.name).all()) for f in model._meta.many_to_many}
        for n in range(times):
            copy = model.objects.get(pk=original.pk)
            copy.pk = None
            copy.key = f"{original.key}-kopia-{n}"
            copy.save()
            for name, related in links.items():
                getattr(copy, name).set(related)


def _queries(client, url: str, params: dict | None = None) -> int:
    """The page's queries once what every page keeps (the menu, the content owner) is
    kept: the first view of a page in a test reads it."""
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


LIST_PAGES = [
    ("guidance:directory", m.Service, {}),
    ("guidance:directory", m.Service, {"children": "on", "district": "farsta", "language": "sv"}),
    ("guidance:target_group_list", m.TargetGroup, {}),
    ("guidance:support_form_list", m.SupportForm, {}),
    ("guidance:topic_list", m.Topic, {}),
    ("guidance:district_list", m.District, {}),
    ("guidance:good_practice_list", m.GoodPractice, {}),
    ("guidance:method_list", m.Method, {}),
    ("guidance:legal_reference_list", m.LegalReference, {}),
    ("guidance:search", m.Method, {"q": "anhöriga"}),
]


@pytest.mark.parametrize(("name", "model", "params"), LIST_PAGES)
def test_list_page_query_count_does_not_grow_with_the_data(client_as, name, model, params):
    client = client_as(roles.CASEWORKER)
    url = reverse(name)
    before = _queries(client, url, params)
    _duplicate_all(model)
    assert _queries(client, url, params) == before


@pytest.mark.parametrize(
    ("model", "name"),
    [
        (m.TargetGroup, "guidance:target_group_detail"),
        (m.District, "guidance:district_detail"),
        (m.Organisation, "guidance:organisation_detail"),
    ],
)
def test_detail_page_query_count_does_not_grow_with_related_items(client_as, model, name):
    client = client_as(roles.CASEWORKER)
    item = model.objects.first()
    url = reverse(name, args=[item.key])
    before = _queries(client, url)
    _duplicate_all(m.Service)
    _duplicate_all(m.GoodPractice)
    assert _queries(client, url) == before


def test_the_target_groups_first_services_read_only_what_their_links_show():
    group = next(g for g in selectors.target_group_detail() if g.first_services)
    service = group.first_services[0]
    fields = {field.attname for field in m.Service._meta.concrete_fields}
    assert set(service.__dict__) & fields == {"id", "key", "name", "organisation_id"}
    with CaptureQueriesContext(connection) as queries:
        shown = (str(service), service.get_absolute_url())
    assert len(queries) == 0
    assert shown == (
        f"{service.organisation.name}: {service.name}",
        reverse("guidance:organisation_detail", args=[service.organisation.key])
        + f"#{service.key}",
    )
