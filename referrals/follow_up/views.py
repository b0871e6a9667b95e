"""Pages for following referrals up: the consultant's inbox and referral page,
and the caseworker's side of the loop (external outcomes, consent withdrawal).

The referral page itself is rendered by ``referrals.pages``, which records every
render in the audit trail."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from anhorigstod.fragments import cached_form
from anhorigstod.input_checks import bad_request
from anhorigstod.pagination import WindowCountedPaginator
from anhorigstod.roles import (
    RECEIVE_REFERRALS,
    WALK_GUIDED_PATH,
    CaseworkerRequiredMixin,
    ConsultantRequiredMixin,
    RoleRequiredMixin,
)
from referrals import access, pages, resubmit
from referrals.follow_up import lifecycle, selectors, services
from referrals.follow_up.forms import (
    ExternalOutcomeForm,
    InboxFilterForm,
    NotificationsReadForm,
    SessionForm,
    WithdrawConsentForm,
    WithdrawReferralForm,
)
from referrals.models import Referral
from referrals.pages import Via

CONCURRENT_CHANGE = _(
    "Någon annan har ändrat hänvisningen medan du hade sidan öppen. Sidan visar nu det "
    "senaste läget; gör om ändringen om den fortfarande behövs."
)


INBOX_PAGE_SIZE = 25


class InboxView(ConsultantRequiredMixin, TemplateView):
    template_name = "referrals/inbox.html"

    def get_context_data(self, **kwargs):
        form = InboxFilterForm(self.request.GET)
        matches = selectors.inbox_matches(user=self.request.user, filters=form.filters())
        # A unit receives thousands of referrals over the years: one page at a time.
        paginator = WindowCountedPaginator(selectors.inbox_listing(matches), INBOX_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=form,
            filter_form_html=cached_form(form, template_name="referrals/_inbox_filter.html"),
            referrals=page,
            rows=selectors.inbox_rows(page),
            page_obj=page,
            page_query=query.urlencode(),
            waiting=selectors.waiting_count(user=self.request.user),
            notifications=selectors.unread_notifications(user=self.request.user),
            profile=access.profile_of(self.request.user),
            **kwargs,
        )


class FollowUpView(ConsultantRequiredMixin, TemplateView):
    template_name = "referrals/follow_up.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overdue"] = selectors.inbox(user=self.request.user, filters={"overdue": True})
        return context


# --- Post/Redirect/Get on the referral page ------------------------------------
# A form posted with errors (or refused as a concurrent change) is kept in the
# session for one request pair and shown again, bound, on the page's GET.


def _again(request, referral: Referral, key: str, *, stale: bool = False):
    resubmit.stash(request, "referral", referral.reference, extra={"form": key, "stale": stale})
    return redirect("referrals:referral_detail", reference=referral.reference)


def _bound_form(referral: Referral, key: str, data):
    if key == "session":
        return SessionForm(data)
    if key == "withdraw":
        return WithdrawConsentForm(data, contact=referral.contact)
    transition = lifecycle.TRANSITIONS.get(key)
    return transition.form(data) if transition is not None else None


def _shown_again(request, referral: Referral) -> tuple[dict, Via]:
    """The form a POST stashed, bound again, and why the page is shown."""
    data, extra = resubmit.take(request, "referral", referral.reference)
    if data is None:
        return {}, Via.PAGE
    key, stale = str(extra.get("form", "")), bool(extra.get("stale"))
    if stale:  # shown again on the current version, so saving it again can succeed
        data = data.copy()
        data["version"] = str(referral.version)
    form = _bound_form(referral, key, data)
    if form is None:
        return {}, Via.PAGE
    form.is_valid()
    return {key: form}, Via.CONCURRENT_CHANGE if stale else Via.VALIDATION_ERROR


class ReferralDetailView(ConsultantRequiredMixin, View):
    def get(self, request, reference):
        referral = selectors.referral_detail(user=request.user, reference=reference)
        if referral.status == Referral.Status.SENT:
            # Opening it is the "received" the sender is waiting for; someone else
            # opening it at the same moment may have marked it, so read it again.
            services.receive_on_opening(referral=referral, user=request.user)
            referral = selectors.referral_detail(user=request.user, reference=reference)
        forms, via = _shown_again(request, referral)
        return pages.render_referral(request, referral, via=via, forms=forms)


class ReferralMoveView(ConsultantRequiredMixin, View):
    def post(self, request, reference, action):
        referral = selectors.referral_detail(user=request.user, reference=reference)
        transition = lifecycle.TRANSITIONS.get(action)
        if transition is None:
            raise Http404
        form = transition.form(request.POST)
        if not form.is_valid():
            return _again(request, referral, action)
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.move_referral(
                referral=referral,
                action=action,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                **fields,
            )
        except services.ConcurrentChange:
            messages.error(request, CONCURRENT_CHANGE)
            return _again(request, referral, action, stale=True)
        except services.NotAllowedNow as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Hänvisningen är uppdaterad."))
        return redirect("referrals:referral_detail", reference=reference)


class SessionCreateView(ConsultantRequiredMixin, View):
    def post(self, request, reference):
        referral = selectors.referral_detail(user=request.user, reference=reference)
        form = SessionForm(request.POST)
        if not form.is_valid():
            return _again(request, referral, "session")
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.log_session(
                referral=referral,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                **fields,
            )
        except services.ConcurrentChange:
            messages.error(request, CONCURRENT_CHANGE)
            return _again(request, referral, "session", stale=True)
        except services.NotAllowedNow as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Samtalet är registrerat."))
        return redirect("referrals:referral_detail", reference=reference)


class ReferralWithdrawConsentView(ConsultantRequiredMixin, View):
    def post(self, request, reference):
        referral = selectors.referral_detail(user=request.user, reference=reference)
        form = WithdrawConsentForm(request.POST, contact=referral.contact)
        if not form.is_valid():
            return _again(request, referral, "withdraw")
        _withdraw(request, form)
        return redirect("referrals:referral_detail", reference=reference)


def _withdraw(request, form) -> None:
    try:
        services.withdraw_consent(
            consent=form.cleaned_data["consent"],
            user=request.user,
            withdrawn_on=form.cleaned_data["withdrawn_on"],
            scope=form.cleaned_data["scope"],
        )
    except services.NotAllowedNow as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Återkallelsen är registrerad och mottagarna har meddelats."))


# --- The caseworker's side of the loop --------------------------------------


class ContactWithdrawConsentView(CaseworkerRequiredMixin, View):
    def post(self, request, reference):
        contact = access.access_contact(request.user, reference)
        form = WithdrawConsentForm(request.POST, contact=contact)
        if form.is_valid():
            _withdraw(request, form)
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect(contact)


class ExternalOutcomeView(CaseworkerRequiredMixin, View):
    def post(self, request, reference):
        referral = access.access_sent_referral(request.user, reference)
        if referral.is_internal:
            raise Http404
        form = ExternalOutcomeForm(request.POST)
        if form.is_valid():
            services.record_external_outcome(
                referral=referral, user=request.user, outcome=form.cleaned_data["outcome"]
            )
            messages.success(request, _("Utfallet är registrerat."))
        else:
            messages.error(request, _("Välj hur det gick för den anhöriga."))
        return redirect(referral.contact)


class NotificationsReadView(RoleRequiredMixin, View):
    """Caseworkers and consultants both get notifications; each marks their own read."""

    raise_exception = True

    def has_permission(self):
        user = self.request.user
        return user.has_perm(WALK_GUIDED_PATH) or user.has_perm(RECEIVE_REFERRALS)

    def post(self, request):
        form = NotificationsReadForm(request.POST)
        if not form.is_valid():
            return bad_request(request, _("Meddelandet som skulle markeras som läst finns inte."))
        services.mark_notifications_read(user=request.user, ids=form.cleaned_data["notification"])
        if request.user.has_perm(WALK_GUIDED_PATH):
            return redirect("referrals:my_contacts")
        return redirect("referrals:inbox")


class ReferralWithdrawView(CaseworkerRequiredMixin, View):
    """The sender takes back a referral not yet accepted: a page that asks why (GET),
    then the withdrawal (POST), its errors shown again by Post/Redirect/Get."""

    def get(self, request, reference):
        referral = access.access_sent_referral(request.user, reference)
        data, _extra = resubmit.take(request, "withdraw-referral", reference)
        if data is not None:
            form = WithdrawReferralForm(data)
            form.is_valid()
        else:
            form = WithdrawReferralForm(initial={"version": referral.version})
        return pages.render_withdraw_referral(request, referral, form=form)

    def post(self, request, reference):
        referral = access.access_sent_referral(request.user, reference)
        form = WithdrawReferralForm(request.POST)
        if not form.is_valid():
            resubmit.stash(request, "withdraw-referral", reference)
            return redirect("referrals:contact_referral_withdraw", reference=reference)
        try:
            services.move_referral(
                referral=referral,
                action=lifecycle.WITHDRAW.action,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                withdrawal_reason=form.cleaned_data["withdrawal_reason"],
            )
        except services.ConcurrentChange:
            messages.error(request, CONCURRENT_CHANGE)
            return redirect("referrals:contact_referral_withdraw", reference=reference)
        except services.NotAllowedNow as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request, _("Hänvisningen är återkallad och mottagaren har fått ett meddelande.")
            )
        return redirect(f"{referral.contact.get_absolute_url()}#{referral.reference}")
