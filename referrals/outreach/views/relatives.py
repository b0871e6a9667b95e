"""The incident page's section on relatives reached: start a contact from a plan,
record an outcome without a contact, change an outcome. Thin: who may do what is
``referrals.access``, the writes are ``reach_services`` and ``intake.services``."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View

from anhorigstod.roles import CaseworkerRequiredMixin, OutreachRequiredMixin
from referrals import access
from referrals.intake import journey
from referrals.intake import services as intake_services
from referrals.outreach import reach_services
from referrals.outreach.models import Incident
from referrals.outreach.reach_forms import OutcomeForm, ReachedForm, StartContactForm

SECTION = "#anhoriga"


def _back(incident: Incident):
    return redirect(incident.get_absolute_url() + SECTION)


def _again(request, incident: Incident, form, title: str) -> HttpResponse:
    """A form with errors on a page of its own, with everything typed kept."""
    context = {"incident": incident, "form": form, "title": title, "action": request.path}
    return render(request, "referrals/outreach/reach_form.html", context)


class StartContactView(CaseworkerRequiredMixin, View):
    def post(self, request, reference):
        incident = access.access_incident(request.user, reference)
        form = StartContactForm(request.POST, plans=incident.plans.all())
        if not form.is_valid():
            return _again(request, incident, form, _("Starta kontakt med en anhörig"))
        plan = form.cleaned_data["plan"]
        draft = intake_services.start_draft(
            owner=request.user,
            start_token=form.cleaned_data["start_token"],
            outreach_plan=plan,
            answers={
                "first-contact": reach_services.prefilled_situation(incident=incident, plan=plan)
            },
        )
        if draft.owner_id != request.user.pk:
            raise Http404
        return redirect(reverse("referrals:draft_step", args=[draft.pk, journey.STEPS[0].slug]))


class RelativeReachedView(OutreachRequiredMixin, View):
    def post(self, request, reference):
        incident = access.access_incident(request.user, reference)
        plans = access.access_reach_plans(request.user, incident)
        form = ReachedForm(request.POST, plans=plans, incident=incident)
        if not form.is_valid():
            return _again(request, incident, form, _("Registrera utfall"))
        reach_services.record_outcome(
            user=request.user,
            plan=form.cleaned_data["plan"],
            outcome=form.cleaned_data["outcome"],
            reached_at=form.cleaned_data["reached_at"],
            start_token=form.cleaned_data["start_token"],
        )
        messages.success(request, _("Utfallet är registrerat."))
        return _back(incident)


class RelativeReachedOutcomeView(OutreachRequiredMixin, View):
    def post(self, request, reference, pk):
        incident = access.access_incident(request.user, reference)
        reached = access.access_relative_reached(request.user, incident, pk)
        form = OutcomeForm(request.POST)
        if not form.is_valid():
            return _again(request, incident, form, _("Ändra utfall"))
        reach_services.change_outcome(
            user=request.user, reached=reached, outcome=form.cleaned_data["outcome"]
        )
        messages.success(request, _("Utfallet är ändrat."))
        return _back(incident)


urlpatterns = [
    path(
        "outreach/<str:reference>/contacts/start/",
        StartContactView.as_view(),
        name="incident_start_contact",
    ),
    path(
        "outreach/<str:reference>/reached/",
        RelativeReachedView.as_view(),
        name="relative_reached",
    ),
    path(
        "outreach/<str:reference>/reached/<int:pk>/",
        RelativeReachedOutcomeView.as_view(),
        name="relative_reached_outcome",
    ),
]
