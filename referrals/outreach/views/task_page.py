"""A task's rarer changes on a page of their own: that it does not apply to this
incident, and another owner. The incident page keeps one form per task, *done*, and
links here; with twenty tasks on a plan that page stays short to read and cheap to
build. A form posted here with errors, or refused because the task changed meanwhile,
comes back to this page (``TaskActionView``)."""

from django.shortcuts import redirect, render
from django.urls import path
from django.views import View

from anhorigstod.roles import OutreachRequiredMixin
from audit import trail
from audit.models import AuditEvent
from referrals import access
from referrals.outreach import pages
from referrals.outreach.forms import TaskNotApplicableForm, TaskReassignForm
from referrals.outreach.models import Incident, OutreachPlan, OutreachTask
from referrals.outreach.views.incidents import shown_again


def _forms(task: OutreachTask, owners: list[tuple[int, str]], shown: dict) -> dict:
    """Each action's form: the one posted with errors bound, the other from the task."""
    forms: dict[str, TaskNotApplicableForm | TaskReassignForm] = {}
    for action, form_class in (
        ("not-applicable", TaskNotApplicableForm),
        ("reassign", TaskReassignForm),
    ):
        prefix = f"task{task.pk}-{action}"
        kwargs: dict = {"owners": owners} if form_class is TaskReassignForm else {}
        if prefix in shown:
            form = form_class(shown[prefix], prefix=prefix, **kwargs)
            form.is_valid()
        else:
            initial = {
                "version": task.version,
                "owner": task.owner_id,
                "owner_unit": task.owner_unit,
            }
            form = form_class(prefix=prefix, initial=initial, **kwargs)
        forms[action.replace("-", "_")] = form
    return forms


class TaskChangeView(OutreachRequiredMixin, View):
    def get(self, request, reference, pk):
        user = request.user
        incident = access.access_incident(user, reference, select_related=("district",))
        task = access.access_task(user, incident, pk)
        back = incident.get_absolute_url() + f"#uppgift-{task.pk}"
        if incident.status != Incident.Status.OPEN or task.status != OutreachTask.Status.OPEN:
            # Only an open task of an open incident changes; the incident page says why.
            return redirect(back)
        plan = OutreachPlan.objects.select_related("district").get(pk=task.plan_id)
        owners = pages.owner_choices(plan.district_id)
        shown = shown_again(request, incident)
        # The task's note may name people: opening it is recorded like the incident page.
        trail.record(
            actor=user,
            action=AuditEvent.Action.INCIDENT_VIEWED,
            incident=incident,
            details={"task": task.pk},
        )
        forms = _forms(task, owners, shown)
        bound = next((form for form in forms.values() if form.is_bound), None)
        context = {"incident": incident, "plan": plan, "task": task, "back": back}
        context |= {"bound": bound, **forms}
        return render(request, "referrals/outreach/task_change.html", context)


urlpatterns = [
    path(
        "outreach/<str:reference>/tasks/<int:pk>/",
        TaskChangeView.as_view(),
        name="task_change",
    ),
]
