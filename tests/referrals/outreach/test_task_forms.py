"""The incident page's per-task forms: an empty one is written as plain fields (not
built and rendered through crispy per task), with the names, ids and values the form
class would give, so a posted plain form is what the form class reads. A card holds
one form; the rarer changes are on the task's own page."""

from html.parser import HTMLParser
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from anhorigstod import roles
from referrals.outreach import selectors
from referrals.outreach.forms import TASK_FORMS
from referrals.outreach.models import OutreachTask

pytestmark = pytest.mark.django_db
Status = OutreachTask.Status


class _Forms(HTMLParser):
    """Each form's action and its fields: name -> (id, value or selected option)."""

    def __init__(self):
        super().__init__()
        self.forms: dict[str, dict[str, tuple[str, str]]] = {}
        self._action = ""
        self._select = ""

    def handle_starttag(self, tag, attrs):
        attr = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._action = attr.get("action", "")
            self.forms[self._action] = {}
        elif tag in {"input", "textarea", "select"} and self._action:
            if attr.get("name") != "csrfmiddlewaretoken":
                self.forms[self._action][attr["name"]] = (attr.get("id", ""), attr.get("value", ""))
            self._select = attr["name"] if tag == "select" else ""
        elif tag == "option" and self._select and "selected" in attr:
            field_id, _value = self.forms[self._action][self._select]
            self.forms[self._action][self._select] = (field_id, attr.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._action = ""


def _forms(html: str) -> dict[str, dict[str, tuple[str, str]]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


@pytest.fixture
def consultant(district_staff):
    return district_staff(roles.CONSULTANT, "rinkeby-kista", "konsulent")


@pytest.fixture
def incident(consultant, make_incident):
    return make_incident(by=consultant, concerns=("rinkeby-kista",))


@pytest.fixture
def client_in(client, consultant):
    client.force_login(consultant)
    return client


def _action_url(task: OutreachTask, action: str) -> str:
    return reverse("referrals:task_action", args=[task.plan.incident.reference, task.pk, action])


@pytest.mark.parametrize("action", ["done", "reopen"])
def test_the_plain_fields_are_the_form_classes_fields(client_in, incident, consultant, action):
    task = OutreachTask.objects.filter(plan__incident=incident).first()
    if action == "reopen":
        task.status, task.done_at, task.done_by = Status.DONE, timezone.now(), consultant
    task.save()
    forms = _forms(client_in.get(incident.get_absolute_url()).content.decode())

    prefix = f"task{task.pk}-{action}"
    unbound = TASK_FORMS[action](prefix=prefix, initial={"version": task.version})
    fields = forms[_action_url(task, action)]
    assert set(fields) == {unbound[name].html_name for name in unbound.fields}
    for name in unbound.fields:
        field_id, _value = fields[unbound[name].html_name]
        if not unbound[name].is_hidden:  # hidden fields are written without an id
            assert field_id == unbound[name].auto_id
    assert fields[f"{prefix}-version"][1] == str(task.version)


def test_a_card_holds_one_form_and_links_to_the_task_page(client_in, incident):
    tasks = list(OutreachTask.objects.filter(plan__incident=incident))
    html = client_in.get(incident.get_absolute_url()).content.decode()
    forms = _forms(html)

    for task in tasks:
        assert _action_url(task, "done") in forms
        assert _action_url(task, "reassign") not in forms
        assert _action_url(task, "not-applicable") not in forms
        page = reverse("referrals:task_change", args=[incident.reference, task.pk])
        assert f'href="{page}"' in html


def test_the_task_page_holds_the_rarer_changes_filled_from_the_task(
    client_in, incident, consultant
):
    task = OutreachTask.objects.filter(plan__incident=incident).first()
    task.owner, task.owner_unit = consultant, "Socialtjänsten"
    task.save()
    page = reverse("referrals:task_change", args=[incident.reference, task.pk])
    forms = _forms(client_in.get(page).content.decode())

    reassign = forms[_action_url(task, "reassign")]
    assert reassign[f"task{task.pk}-reassign-owner"][1] == str(consultant.pk)
    assert reassign[f"task{task.pk}-reassign-owner_unit"][1] == "Socialtjänsten"
    assert reassign[f"task{task.pk}-reassign-version"][1] == str(task.version)
    not_applicable = forms[_action_url(task, "not-applicable")]
    assert not_applicable[f"task{task.pk}-not-applicable-version"][1] == str(task.version)
    assert f"task{task.pk}-not-applicable-reason" in not_applicable


def test_the_plain_done_form_posted_as_rendered_marks_the_task_done(client_in, incident):
    task = OutreachTask.objects.filter(plan__incident=incident).first()
    forms = _forms(client_in.get(incident.get_absolute_url()).content.decode())
    data = {name: value for name, (_id, value) in forms[_action_url(task, "done")].items()}

    client_in.post(_action_url(task, "done"), data)

    assert OutreachTask.objects.get(pk=task.pk).status == Status.DONE


def test_a_form_with_errors_is_shown_again_in_full_on_the_task_page(client_in, incident):
    task = OutreachTask.objects.filter(plan__incident=incident).first()
    page = reverse("referrals:task_change", args=[incident.reference, task.pk])
    response = client_in.post(
        _action_url(task, "not-applicable"), {f"task{task.pk}-not-applicable-version": "0"}
    )
    assert response["Location"] == page

    html = client_in.get(page).content.decode()

    assert f'aria-describedby="id_task{task.pk}-not-applicable-reason_error"' in html
    assert "Skriv varför uppgiften inte gäller." in html


def test_crispy_renders_no_more_fields_for_many_tasks(client_in, incident):
    """Only the page's own forms (add, close, relatives) go through crispy: its field
    template is rendered as often for one task as for many."""

    def crispy_fields() -> int:
        response = client_in.get(incident.get_absolute_url())
        return sum(1 for t in response.templates if t.name == "bootstrap5/field.html")

    crispy_fields()  # the close form's empty fields are kept rendered from here on
    few = crispy_fields()
    plan = incident.plans.first()
    OutreachTask.objects.bulk_create(
        OutreachTask(plan=plan, action=f"Extra {n}", owner_unit="SIG", due_at=timezone.now())
        for n in range(5)
    )
    assert crispy_fields() == few


def test_the_page_counts_each_districts_progress_once(client_in, incident):
    with mock.patch.object(
        selectors, "plan_progress", wraps=selectors.plan_progress
    ) as plan_progress:
        assert client_in.get(incident.get_absolute_url()).status_code == 200
    assert plan_progress.call_count == 1


def test_reassign_offers_the_districts_staff_with_the_owner_selected(
    client_in, incident, district_staff
):
    other = district_staff(roles.CONSULTANT, "rinkeby-kista", "kollega")
    other.first_name, other.last_name = "Kim", "Kollega"
    other.save()
    task = OutreachTask.objects.filter(plan__incident=incident).first()
    OutreachTask.objects.filter(pk=task.pk).update(owner=other)
    page = reverse("referrals:task_change", args=[incident.reference, task.pk])

    html = client_in.get(page).content.decode()

    assert f'<option value="{other.pk}" selected>Kim Kollega</option>' in html
