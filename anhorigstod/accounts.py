"""Accounts: signing in, two-factor devices, and changes to roles and workplaces.

Every change here is an audit event with what it was before and after, made
in one place whatever path caused it (a view, the admin, the shell):

- signing in and out, failed sign-ins and lockouts (Django's and django-axes'
  signals);
- what a session must do before it opens pages, decided once at sign-in: a
  one-time code when the account has an app, whatever the role's policy;
  setting one up when the role requires it; a new password when someone else
  set the current one;
- two-factor devices added, removed or reset, and recovery codes, each also a
  ``SecurityNotice`` the user is shown at every sign-in until they acknowledge
  it, in case it was not them;
- a user's active flag, staff and superuser status, password, roles and
  workplace. Nobody changes their own roles or flags (here) or their own
  workplace (``referrals.staff``): the guards are below the admin, so no form
  can skip them.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from anhorigstod.models import AccountState, SecurityNotice, requires_two_factor
from anhorigstod.security import PASSWORD_CHANGE_REQUIRED, SECOND_FACTOR
from audit import trail
from audit.models import AuditEvent

User = get_user_model()
Action = AuditEvent.Action

RECOVERY_CODE_COUNT = 10
_ACCOUNT_FIELDS = ("is_active", "is_staff", "is_superuser")


# --- Signing in -------------------------------------------------------------------------


def second_factor_step(user) -> str | None:
    """What the second factor asks of a new session: a code from the app the
    account has (always, whatever the policy), an app to set up, or nothing."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return "verify"
    if requires_two_factor(user):
        return "setup"
    return None


def password_change_required(user) -> bool:
    return AccountState.objects.filter(user=user, password_change_required=True).exists()


def unacknowledged_notices(user):
    return SecurityNotice.objects.filter(user=user, acknowledged_at__isnull=True)


def notice_text(notice: SecurityNotice) -> str:
    return _("%(what)s (%(when)s) Var det inte du? Kontakta användaradministratören genast.") % {
        "what": notice.get_kind_display(),
        "when": date_format(timezone.localtime(notice.at), "j F Y H:i"),
    }


@receiver(user_logged_in, dispatch_uid="accounts_signed_in")
def _signed_in(sender, request, user, **kwargs):
    session = request.session
    step = second_factor_step(user)
    if step:
        session[SECOND_FACTOR] = step
    else:
        session.pop(SECOND_FACTOR, None)
    if password_change_required(user):
        session[PASSWORD_CHANGE_REQUIRED] = True
    trail.record(actor=user, action=Action.SIGNED_IN, subject_user=user, request=request)
    for notice in unacknowledged_notices(user):
        messages.warning(request, notice_text(notice), fail_silently=True)


@receiver(user_login_failed, dispatch_uid="accounts_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[:150]
    trail.record(
        actor=None,
        action=Action.SIGN_IN_FAILED,
        details={"username": username},
        request=request,
    )


@receiver(user_logged_out, dispatch_uid="accounts_signed_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        trail.record(actor=user, action=Action.SIGNED_OUT, subject_user=user, request=request)


def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    trail.record(
        actor=None,
        action=Action.LOCKED_OUT,
        details={"username": str(username or "")[:150]},
        request=request,
    )


def connect_axes() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="accounts_locked_out")


# --- Two-factor devices -----------------------------------------------------------------


def _notify(user, kind: SecurityNotice.Kind) -> None:
    SecurityNotice.objects.create(user=user, kind=kind)


def has_app(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def device_state(user) -> dict:
    """What the account's second factor is, for an event's before and after."""
    return {"app": has_app(user), "recovery_codes": recovery_codes_left(user)}


def may_change_devices(request) -> bool:
    """Adding or removing a device needs a session that gave a code, when the
    account has an app; otherwise a stolen password would be enough to add one."""
    return request.user.is_verified() or not has_app(request.user)


def pending_app(user) -> TOTPDevice:
    """The app being connected: an unconfirmed device, made once and shown until
    a code from it confirms it (``enrol_app``)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=False)


@transaction.atomic
def enrol_app(request, device: TOTPDevice) -> list[str]:
    """Confirm a new app (replacing any other), sign the session in with it, and
    give fresh recovery codes. Returns the codes, shown once."""
    user = request.user
    if not may_change_devices(request):
        raise PermissionDenied(_("Ange en engångskod från din app innan du kopplar en ny."))
    before = device_state(user)
    replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk)
    replaced_count = replaced.filter(confirmed=True).count()
    replaced.delete()
    device.confirmed = True
    device.save()
    otp_login(request, device)
    request.session.pop(SECOND_FACTOR, None)
    codes = create_recovery_codes(user, notify=False)
    trail.record(
        actor=user,
        action=Action.TWO_FACTOR_ADDED,
        subject_user=user,
        details={"replaced": replaced_count, "before": before, "after": device_state(user)},
    )
    _notify(user, SecurityNotice.Kind.DEVICE_ADDED)
    return codes


@transaction.atomic
def create_recovery_codes(user, *, notify: bool = True) -> list[str]:
    """Replace the user's recovery codes with new ones; each works once."""
    before = recovery_codes_left(user)
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Reservkoder", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    trail.record(
        actor=trail.current_user() or user,
        action=Action.RECOVERY_CODES_CREATED,
        subject_user=user,
        details={"before": {"recovery_codes": before}, "after": {"recovery_codes": len(codes)}},
    )
    if notify:
        _notify(user, SecurityNotice.Kind.RECOVERY_CODES_CREATED)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove_two_factor(user, *, actor, reset: bool) -> int:
    """Remove the user's app and recovery codes: by the user themselves from a
    verified session, or as a reset by a user administrator, who never sees the
    secret. Returns how many devices went."""
    before = device_state(user)
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        _total, per_model = model.objects.filter(user=user).delete()
        removed += per_model.get(model._meta.label, 0)
    trail.record(
        actor=actor,
        action=Action.TWO_FACTOR_RESET if reset else Action.TWO_FACTOR_REMOVED,
        subject_user=user,
        details={"devices_removed": removed, "before": before, "after": device_state(user)},
    )
    _notify(
        user,
        SecurityNotice.Kind.TWO_FACTOR_RESET if reset else SecurityNotice.Kind.DEVICE_REMOVED,
    )
    return removed


def verified_with(request, device) -> None:
    """A code matched: the session is signed in with the device."""
    otp_login(request, device)
    request.session.pop(SECOND_FACTOR, None)
    user = request.user
    if isinstance(device, StaticDevice):
        trail.record(
            actor=user,
            action=Action.RECOVERY_CODE_USED,
            subject_user=user,
            details={"left": recovery_codes_left(user)},
        )
        _notify(user, SecurityNotice.Kind.RECOVERY_CODE_USED)
    else:
        trail.record(actor=user, action=Action.TWO_FACTOR_VERIFIED, subject_user=user)


def verification_failed(request) -> None:
    trail.record(actor=request.user, action=Action.TWO_FACTOR_FAILED, subject_user=request.user)


def acknowledge_notices(user, notice_ids) -> int:
    return (
        unacknowledged_notices(user)
        .filter(pk__in=notice_ids)
        .update(acknowledged_at=timezone.now())
    )


# --- Users, roles and workplaces --------------------------------------------------------


def is_self(actor, user) -> bool:
    return actor is not None and user is not None and actor.pk == user.pk


@receiver(pre_save, sender=User, dispatch_uid="accounts_user_before")
def _user_before(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields and set(update_fields) <= {"last_login"}):
        return
    actor = trail.current_user()
    before = User.objects.filter(pk=instance.pk).values(*_ACCOUNT_FIELDS).first()
    if before and is_self(actor, instance):
        for field in _ACCOUNT_FIELDS:
            if before[field] != getattr(instance, field):
                raise PermissionDenied(_("Du kan inte ändra behörigheterna för ditt eget konto."))
    instance._account_before = before


@receiver(post_save, sender=User, dispatch_uid="accounts_user_after")
def _user_after(sender, instance, created, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    actor = trail.current_user()
    after = {field: getattr(instance, field) for field in _ACCOUNT_FIELDS}
    if created:
        trail.record(
            actor=actor,
            action=Action.USER_CREATED,
            subject_user=instance,
            details={"username": instance.username, "after": after},
        )
    else:
        before = getattr(instance, "_account_before", None) or {}
        changed = [field for field in _ACCOUNT_FIELDS if before.get(field) != after[field]]
        if before and changed:
            trail.record(
                actor=actor,
                action=Action.USER_CHANGED,
                subject_user=instance,
                details={
                    "username": instance.username,
                    "before": {field: before[field] for field in changed},
                    "after": {field: after[field] for field in changed},
                },
            )
    # ``set_password`` leaves the new raw password on the instance until saved.
    if getattr(instance, "_password", None) is not None:
        _password_changed(instance, actor=actor, created=created)


def _password_changed(user, *, actor, created: bool) -> None:
    by_self = is_self(actor, user)
    set_by_other = actor is not None and not by_self
    if not created:
        trail.record(
            actor=actor,
            action=Action.PASSWORD_CHANGED,
            subject_user=user,
            details={"by": "self" if by_self else ("other" if set_by_other else "system")},
        )
    if set_by_other:
        AccountState.objects.update_or_create(
            user=user, defaults={"password_change_required": True}
        )
        if not created:
            _notify(user, SecurityNotice.Kind.PASSWORD_SET_BY_OTHER)
    elif by_self:
        AccountState.objects.filter(user=user).update(password_change_required=False)
        request = trail.current_request()
        if request is not None and hasattr(request, "session"):
            request.session.pop(PASSWORD_CHANGE_REQUIRED, None)


def _role_names(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def _users_of(instance, action: str, reverse: bool, pk_set) -> list:
    """The users whose roles an m2m change touches, from either side of it."""
    if not reverse:
        return [instance]
    if action == "pre_clear":
        instance._cleared_users = list(instance.user_set.all())
        return instance._cleared_users
    if action == "post_clear":
        return getattr(instance, "_cleared_users", [])
    return list(User.objects.filter(pk__in=pk_set or ()))


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts_roles")
def _roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Nobody changes their own roles, whatever the path; every change is
    recorded with the roles before and after."""
    users = _users_of(instance, action, reverse, pk_set)
    actor = trail.current_user()
    if action.startswith("pre_"):
        if any(is_self(actor, user) for user in users):
            raise PermissionDenied(_("Du kan inte ändra rollerna för ditt eget konto."))
        for user in users:
            user._roles_before = _role_names(user)
        return
    for user in users:
        before = getattr(user, "_roles_before", None)
        after = _role_names(user)
        if before != after:
            trail.record(
                actor=actor,
                action=Action.ROLES_CHANGED,
                subject_user=user,
                details={"username": user.username, "before": before, "after": after},
            )
