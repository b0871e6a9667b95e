"""The incident and its plans: register, list, the incident page, task actions,
closing and reopening.

Forms posted with errors, or refused because the task changed meanwhile, are kept
for one request pair (``referrals.resubmit``) and shown again, bound, where they were
posted from: the incident page next to the task they belong to, or the task's own
page for its rarer changes (``task_page``)."""

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from anhorigstod.fragments import ROWS_KEPT_SECONDS
from anhorigstod.pagination import WindowCountedPaginator
from anhorigstod.roles import REGISTER_INCIDENT, OutreachRequiredMixin
from audit import trail
from audit.models import AuditEvent
from referrals import access, resubmit
from referrals.outreach import pages, relatives, services, tasks
from referrals.outreach.forms import (
    ON_TASK_PAGE,
    TASK_FORMS,
    CloseForm,
    IncidentForm,
    TaskAddForm,
    TaskReassignForm,
)
from referrals.outreach.models import NOTE_LENGTH, Incident, OutreachPlan, OutreachTask

CLOSED_PAGE_SIZE = 25
# ?pagaende=alla lists every open incident, not only the newest.
ALL_OPEN, ALL = "pagaende", "alla"
CONCURRENT_CHANGE = _(
    "Uppgiften har ändrats av någon annan medan du hade sidan öppen. Sidan visar nu det "
    "senaste läget; gör om ändringen om den fortfarande behövs."
)


class IncidentListView(OutreachRequiredMixin, TemplateView):
    template_name = "referrals/outreach/incident_list.html"

    def get_context_data(self, **kwargs):
        user, now = self.request.user, timezone.now()
        tasks, tasks_total = pages.listed_open_tasks(user=user)
        incidents, open_total = pages.listed_open_incidents(
            user=user, now=now, every=self.request.GET.get(ALL_OPEN) == ALL
        )
        trail.record(actor=user, action=AuditEvent.Action.INCIDENTS_LISTED)
        return super().get_context_data(
            incidents=incidents,
            incident_rows=pages.incident_rows_version(incidents),
            open_total=open_total,
            all_open_query=f"{ALL_OPEN}={ALL}",
            tasks=tasks,
            rows_kept_seconds=ROWS_KEPT_SECONDS,
            tasks_total=tasks_total,
            now=now,
            may_register=user.has_perm(REGISTER_INCIDENT),
            **kwargs,
        )


class ClosedIncidentListView(OutreachRequiredMixin, TemplateView):
    """The closed incidents, the last closed first, a page at a time: a page of their
    own, so the list a consultant opens every day holds only what is still going on."""

    template_name = "referrals/outreach/incident_closed_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        closed = WindowCountedPaginator(pages.closed_incidents(user=user), CLOSED_PAGE_SIZE)
        page = closed.get_page(self.request.GET.get("page"))
        trail.record(actor=user, action=AuditEvent.Action.INCIDENTS_LISTED)
        return super().get_context_data(closed=page, page_obj=page, **kwargs)


class IncidentRegisterView(OutreachRequiredMixin, View):
    permission_required = REGISTER_INCIDENT
    template_name = "referrals/outreach/incident_register.html"

    def _form(self, data=None):
        user = self.request.user
        profile = access.profile_of(user)
        initial = {}
        if profile is not None and profile.district is not None:
            initial = {"district": profile.district, "affected_districts": [profile.district]}
        return IncidentForm(data, user=user, may_register=access.may_register, initial=initial)

    def _page(self, form):
        registrable = access.registrable_districts(self.request.user)
        return render(
            self.request, self.template_name, {"form": form, "registrable": list(registrable)}
        )

    def get(self, request):
        return self._page(self._form())

    def post(self, request):
        form = self._form(request.POST)
        if not form.is_valid():
            return self._page(form)
        data = form.cleaned_data
        incident = services.register_incident(
            user=request.user,
            start_token=data["start_token"],
            kind=data["kind"],
            occurred_at=data["occurred_at"],
            district=data["district"],
            affected_districts=data["affected_districts"],
            known_facts=data["known_facts"],
        )
        messages.success(request, _("Händelsen är registrerad och planerna är gjorda."))
        return redirect(incident)


# --- The incident page --------------------------------------------------------


def _task_forms(row: pages.TaskRow, shown: dict) -> dict:
    """The task's form on the incident page by name: done for an open task, reopen for
    another. A form posted with errors is shown again bound (rendered in full, with its
    messages); any other is ``True``: the template writes the empty form's few fields
    as plain HTML from the task, which costs a fraction of building and rendering a
    form per task through crispy. The rarer changes are on the task's own page."""
    task = row.task
    action = "done" if task.status == OutreachTask.Status.OPEN else "reopen"
    prefix = f"task{task.pk}-{action}"
    form: object = True
    if prefix in shown:
        form = TASK_FORMS[action](shown[prefix], prefix=prefix)
        form.is_valid()  # type: ignore[attr-defined]
    return {action: form}


def shown_again(request, incident: Incident) -> dict:
    """The form a POST stashed, by its prefix, with the current version when stale."""
    data, extra = resubmit.take(request, "outreach", incident.reference)
    prefix = str(extra.get("prefix", ""))
    if data is None or not prefix:
        return {}
    if extra.get("stale") and extra.get("version") is not None:
        data = data.copy()
        data[f"{prefix}-version"] = str(extra["version"])
    return {prefix: data}


def _add_form(section: pages.PlanSection, incident: Incident, shown: dict) -> TaskAddForm:
    prefix = f"plan{section.plan.pk}-add"
    if prefix in shown:
        form = TaskAddForm(shown[prefix], prefix=prefix, occurred_at=incident.occurred_at)
        form.is_valid()
        return form
    return TaskAddForm(prefix=prefix, occurred_at=incident.occurred_at)


def _close_form(shown: dict, incident: Incident) -> CloseForm:
    if "close" in shown:
        form = CloseForm(shown["close"], prefix="close")
        form.is_valid()
        return form
    change = CloseForm.CLOSE if incident.status == Incident.Status.OPEN else CloseForm.REOPEN
    return CloseForm(prefix="close", initial={"change": change})


class IncidentDetailView(OutreachRequiredMixin, View):
    def get(self, request, reference):
        user, now = request.user, timezone.now()
        incident = pages.incident_for_page(user=user, reference=reference)
        shown = shown_again(request, incident)
        reached = relatives.page_context(user=user, incident=incident, now=now)
        progress = reached["reach_progress"]
        sections = pages.plan_sections(
            user=user, incident=incident, now=now, plans=[row.plan for row in progress]
        )
        is_open = incident.status == Incident.Status.OPEN
        for section in sections:
            if is_open:
                section.add_form = _add_form(section, incident, shown)
                for row in section.rows:
                    row.forms = _task_forms(row, shown)
        # The contacts the page names are personal data shown: the event lists them.
        trail.record(
            actor=user,
            action=AuditEvent.Action.INCIDENT_VIEWED,
            incident=incident,
            details={"contacts": reached["listed_contacts"]},
        )
        context = {
            "incident": incident,
            "progress": progress,
            "total": reached["reach_total"],
            "sections": sections,
            "is_open": is_open,
            "may_close": pages.may_close(user, incident, progress),
            "close_form": _close_form(shown, incident),
            "now": now,
            "note_length": NOTE_LENGTH,
            **reached,
        }
        return render(request, "referrals/outreach/incident_detail.html", context)


def _back(request, incident: Incident, *, prefix: str, to: str, **extra):
    """Back to ``to``, the page the form was posted from, which shows it again, bound."""
    resubmit.stash(request, "outreach", incident.reference, extra={"prefix": prefix, **extra})
    return redirect(to)


class TaskActionView(OutreachRequiredMixin, View):
    def post(self, request, reference, pk, action):
        if action not in TASK_FORMS:
            raise Http404
        incident = access.access_incident(request.user, reference)
        task = access.access_task(request.user, incident, pk)
        task.plan = OutreachPlan.objects.select_related("district", "incident").get(pk=task.plan_id)
        prefix = f"task{task.pk}-{action}"
        on_incident_page = incident.get_absolute_url() + f"#uppgift-{task.pk}"
        # The rarer changes come back to the task's own page, where they were posted.
        posted_from = (
            reverse("referrals:task_change", args=[reference, task.pk])
            if action in ON_TASK_PAGE
            else on_incident_page
        )
        kwargs = {}
        if action == "reassign":
            kwargs["owners"] = pages.owner_choices(task.plan.district_id)
        form = TASK_FORMS[action](request.POST, prefix=prefix, **kwargs)
        if not form.is_valid():
            return _back(request, incident, prefix=prefix, to=posted_from)
        try:
            _apply(request.user, task, action, form)
        except tasks.ConcurrentChange:
            messages.error(request, CONCURRENT_CHANGE)
            task.refresh_from_db()
            return _back(
                request,
                incident,
                prefix=prefix,
                to=posted_from,
                stale=True,
                version=task.version,
            )
        except tasks.NotAllowedNow as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Uppgiften är uppdaterad."))
        return redirect(on_incident_page)


def _apply(user, task: OutreachTask, action: str, form) -> None:
    data = form.cleaned_data
    common = {"task": task, "user": user, "expected_version": data["version"]}
    if action == "done":
        tasks.mark_done(**common, note=data["note"])
    elif action == "not-applicable":
        tasks.not_applicable(**common, reason=data["reason"])
    elif action == "reopen":
        tasks.reopen_task(**common)
    else:
        assert isinstance(form, TaskReassignForm)
        owner = User.objects.get(pk=data["owner"]) if data["owner"] else None
        tasks.reassign(**common, owner=owner, owner_unit=data["owner_unit"])


class TaskAddView(OutreachRequiredMixin, View):
    def post(self, request, reference):
        user = request.user
        incident = access.access_incident(user, reference)
        plan_pk = request.POST.get("plan", "")
        plan = (
            OutreachPlan.objects.filter(
                incident=incident, district_id__in=access.outreach_districts(user)
            )
            .filter(pk=int(plan_pk) if plan_pk.isdigit() else None)
            .select_related("district", "incident")
            .first()
        )
        if plan is None:
            raise Http404
        prefix = f"plan{plan.pk}-add"
        form = TaskAddForm(request.POST, prefix=prefix, occurred_at=incident.occurred_at)
        if not form.is_valid():
            to = incident.get_absolute_url() + f"#plan-{plan.pk}"
            return _back(request, incident, prefix=prefix, to=to)
        try:
            tasks.add_task(
                plan=plan,
                user=user,
                action=form.cleaned_data["action"],
                owner_unit=form.cleaned_data["owner_unit"],
                due_at=form.cleaned_data["due_at"],
            )
        except tasks.NotAllowedNow as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Uppgiften är tillagd."))
        return redirect(incident.get_absolute_url() + f"#plan-{plan.pk}")


class IncidentCloseView(OutreachRequiredMixin, View):
    def post(self, request, reference):
        user = request.user
        incident = access.access_incident(user, reference)
        progress, _total = pages.progress(incident=incident, now=timezone.now())
        if not pages.may_close(user, incident, progress):
            raise Http404
        form = CloseForm(request.POST, prefix="close")
        if not form.is_valid():
            to = incident.get_absolute_url() + "#avsluta"
            return _back(request, incident, prefix="close", to=to)
        try:
            if form.cleaned_data["change"] == CloseForm.CLOSE:
                tasks.close_incident(
                    incident=incident, user=user, note=form.cleaned_data["closing_note"]
                )
                messages.success(request, _("Händelsen är avslutad."))
            else:
                tasks.reopen_incident(incident=incident, user=user)
                messages.success(request, _("Händelsen är öppen igen."))
        except tasks.NotAllowedNow as refused:
            messages.error(request, refused.message)
        return redirect(incident)


urlpatterns = [
    path("outreach/", IncidentListView.as_view(), name="incident_list"),
    path("outreach/register/", IncidentRegisterView.as_view(), name="incident_register"),
    path("outreach/closed/", ClosedIncidentListView.as_view(), name="incident_closed_list"),
    path("outreach/<str:reference>/", IncidentDetailView.as_view(), name="incident_detail"),
    path("outreach/<str:reference>/close/", IncidentCloseView.as_view(), name="incident_close"),
    path("outreach/<str:reference>/tasks/add/", TaskAddView.as_view(), name="task_add"),
    path(
        "outreach/<str:reference>/tasks/<int:pk>/<slug:action>/",
        TaskActionView.as_view(),
        name="task_action",
    ),
]
