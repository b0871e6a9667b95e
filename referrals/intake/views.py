"""The guided path's pages. Thin: the steps, rules and writes live elsewhere.

``journey`` says which steps exist and which may open, ``checkpoints`` what
blocks, ``services`` what is written. Drafts and contacts are reached only
through ``selectors``, which answer 404 for another caseworker's as for a
missing one.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from anhorigstod.roles import CaseworkerRequiredMixin
from referrals import handout, pages, resubmit
from referrals.follow_up import selectors as follow_up_selectors
from referrals.intake import checkpoints, journey, navigation, services
from referrals.intake import selectors as intake_selectors
from referrals.intake.forms.label import LabelForm, start_form
from referrals.pages import Via

STALE_DRAFT = _(
    "Utkastet har ändrats i en annan flik eller ett annat fönster. Svaren nedan "
    "är inte sparade än: kontrollera dem och spara igen."
)


def _step_url(draft, step) -> str:
    return reverse("referrals:draft_step", args=[draft.pk, step.slug])


def _first_open_url(draft, states) -> str:
    for state in states:
        if state.state != navigation.State.DONE:
            return _step_url(draft, state.step)
    return reverse("referrals:draft_check", args=[draft.pk])


class MyContactsView(CaseworkerRequiredMixin, TemplateView):
    """The worklist: drafts and contacts, the last worked on first, searchable by
    label and reference (``?q=``)."""

    template_name = "referrals/my_contacts.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        query = self.request.GET.get("q", "").strip()[:100]
        return {
            **super().get_context_data(**kwargs),
            "query": query,
            "drafts": intake_selectors.worklist_drafts(user=user, query=query),
            "contacts": intake_selectors.my_contacts(user=user, query=query)[
                : intake_selectors.CONTACTS_SHOWN
            ],
            "start_token": uuid.uuid4(),
            "start_form": start_form(self.request),
            "draft_retention_days": settings.DRAFT_RETENTION_DAYS,
            # A search shows its results only (templates/referrals/my_contacts.html).
            "notifications": None if query else follow_up_selectors.unread_notifications(user=user),
            "external_open": None if query else intake_selectors.external_open(user=user),
        }


# Where the "Ny kontakt" form may send a caseworker back to with its errors.
START_FORM_PAGES = {"start": "guidance:start", "contacts": "referrals:my_contacts"}


class StartDraftView(CaseworkerRequiredMixin, View):
    def post(self, request):
        try:
            token = uuid.UUID(request.POST.get("start_token", ""))
        except ValueError:
            token = uuid.uuid4()
        form = LabelForm(request.POST)
        if not form.is_valid():
            resubmit.stash(request, "start")
            page = START_FORM_PAGES.get(request.POST.get("from", ""), "referrals:my_contacts")
            return HttpResponseRedirect(reverse(page) + "#ny-kontakt")
        draft = services.start_draft(
            owner=request.user, start_token=token, label=form.cleaned_data["label"]
        )
        if draft.owner_id != request.user.pk:
            raise Http404
        return redirect(_step_url(draft, journey.STEPS[0]))


class DraftMixin(CaseworkerRequiredMixin):
    """Loads the caseworker's own open draft; a submitted one leads to its contact."""

    request: HttpRequest

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not self.has_permission():
            return self.handle_no_permission()
        self.draft = intake_selectors.own_draft(user=request.user, pk=kwargs["pk"])
        if self.draft.contact_id:
            return redirect(self.draft.contact)
        return super().dispatch(request, *args, **kwargs)

    # Worked out when first needed: submitting works them out again under the
    # draft's lock, and reads these only to send the user back to an open step.
    @cached_property
    def answers(self) -> journey.Answers:
        return journey.Answers(self.draft.answers)

    @cached_property
    def states(self) -> list[navigation.StepState]:
        return navigation.progress(self.answers, self.request.user)


class ResumeDraftView(DraftMixin, View):
    def get(self, request, pk):
        return HttpResponseRedirect(_first_open_url(self.draft, self.states))


class DraftStepView(DraftMixin, View):
    template_name = "referrals/step.html"

    def dispatch(self, request, *args, **kwargs):
        self.step = journey.STEP_BY_SLUG.get(kwargs["step"])
        if self.step is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def _state(self):
        return next((state for state in self.states if state.step == self.step), None)

    def _refuse_if_not_open(self):
        state = self._state()
        if state is None:
            messages.info(
                self.request,
                _("Steget behövs inte i den här situationen. Du har skickats till nästa steg."),
            )
            return HttpResponseRedirect(_first_open_url(self.draft, self.states))
        if state.can_open:
            return None
        messages.warning(
            self.request, _("Gör klart de tidigare stegen först. Du har skickats till nästa steg.")
        )
        return HttpResponseRedirect(_first_open_url(self.draft, self.states))

    def render_step(self, form, status=200, summary_errors=()):
        context = {
            "summary_errors": summary_errors,
            "label_form": self._label_form(),
            "draft": self.draft,
            "step": self.step,
            "form": form,
            "states": self.states,
            "complete": navigation.is_complete(self.states),
            "state": self._state(),
            "previous_step": navigation.previous_step(self.step, self.answers),
            "answers": self.answers,
            "do_now": journey.do_now_for(self.answers),
            **self.step.extra_context(self.answers, form),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk, step):
        refused = self._refuse_if_not_open()
        if refused:
            return refused
        # What a POST with errors (or refused as stale) stashed: shown once, bound.
        data, extra = resubmit.take(request, self.draft.pk, step)
        if data is None:
            return self.render_step(
                self.step.form(self.answers, initial=self.draft.answers.get(step))
            )
        form = self.step.form(self.answers, data=data)
        form.is_valid()
        return self.render_step(form, summary_errors=[STALE_DRAFT] if extra.get("stale") else [])

    def _label_form(self) -> LabelForm:
        data, _extra = resubmit.take(self.request, self.draft.pk, "label")
        return (
            LabelForm(data) if data is not None else LabelForm(initial={"label": self.draft.label})
        )

    def _again(self, *, stale: bool = False):
        """Post/Redirect/Get: keep what was typed and show it on the step's GET."""
        resubmit.stash(self.request, self.draft.pk, self.step.slug, extra={"stale": stale})
        return HttpResponseRedirect(_step_url(self.draft, self.step))

    def post(self, request, pk, step):
        refused = self._refuse_if_not_open()
        if refused:
            return refused
        form = self.step.form(self.answers, data=request.POST)
        if not form.is_valid():
            return self._again()
        try:
            revision = int(request.POST.get("revision", ""))
        except ValueError:
            revision = -1
        try:
            self.draft, self.answers = services.save_step(
                draft=self.draft,
                step=self.step,
                raw=self.step.raw_answers(form, request.POST),
                revision=revision,
            )
        except services.StaleDraft:
            return self._again(stale=True)
        self.states = navigation.progress(self.answers, request.user)
        if self._state().state == navigation.State.BLOCKED:
            # The step's GET shows the checkpoint with the answers just saved.
            return HttpResponseRedirect(_step_url(self.draft, self.step))
        return HttpResponseRedirect(_first_open_url(self.draft, self.states))


class DraftLabelView(DraftMixin, View):
    """Change the draft's worklist label from any of its pages, and go back there."""

    def post(self, request, pk):
        back = request.POST.get("step", "")
        url = (
            _step_url(self.draft, journey.STEP_BY_SLUG[back])
            if back in journey.STEP_BY_SLUG
            else reverse("referrals:draft_check", args=[self.draft.pk])
        )
        form = LabelForm(request.POST)
        if not form.is_valid():
            resubmit.stash(request, self.draft.pk, "label")
            return HttpResponseRedirect(url + "#etikett")
        services.set_draft_label(draft=self.draft, label=form.cleaned_data["label"])
        messages.success(request, _("Etiketten är sparad."))
        return HttpResponseRedirect(url)


class CheckAnswersView(DraftMixin, View):
    template_name = "referrals/check.html"

    def get(self, request, pk):
        if not navigation.is_complete(self.states):
            return HttpResponseRedirect(_first_open_url(self.draft, self.states))
        context = {
            "draft": self.draft,
            "states": self.states,
            "complete": True,
            "do_now": journey.do_now_for(self.answers),
            "summary": services.view_check_page(
                draft=self.draft, user=request.user, answers=self.answers
            ),
        }
        return render(request, self.template_name, context)

    def post(self, request, pk):
        try:
            contact = services.submit_draft(draft=self.draft, user=request.user)
        except checkpoints.CheckpointBlocked as blocked:
            messages.error(request, blocked.message)
            return HttpResponseRedirect(_first_open_url(self.draft, self.states))
        except services.IncompleteDraft:
            messages.error(request, _("Alla steg är inte klara."))
            return HttpResponseRedirect(_first_open_url(self.draft, self.states))
        messages.success(
            request,
            _("Kontakten är registrerad med referensnummer %(reference)s.")
            % {"reference": contact.reference},
        )
        return redirect(contact)


class DeleteDraftView(DraftMixin, View):
    """Deleting asks first: the GET is a confirmation page (no JavaScript needed)."""

    template_name = "referrals/draft_delete.html"

    def get(self, request, pk):
        return render(request, self.template_name, {"draft": self.draft})

    def post(self, request, pk):
        services.delete_draft(draft=self.draft, actor=request.user)
        messages.success(request, _("Utkastet är raderat."))
        return redirect("referrals:my_contacts")


class ContactDetailView(CaseworkerRequiredMixin, View):
    def get(self, request, reference):
        contact = intake_selectors.own_contact(user=request.user, reference=reference)
        via = Via.PRINT if request.GET.get("print") == "1" else Via.PAGE
        return pages.render_contact(request, contact, via=via)


class HandoutView(CaseworkerRequiredMixin, View):
    def get(self, request, reference):
        contact = intake_selectors.own_contact(user=request.user, reference=reference)
        language = handout.handout_language(request.GET.get("language"), contact)
        return pages.render_handout(request, contact, language)
