"""Where staff work (``StaffProfile``): every change is an audit event with
before and after, and nobody changes their own workplace, whatever the path
(the admin, the shell), since the workplace decides whose referrals one reads.
"""

from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from anhorigstod import accounts
from audit import trail
from audit.models import AuditEvent
from referrals.models import StaffProfile

Action = AuditEvent.Action


def _workplace(profile: StaffProfile | None) -> dict | None:
    if profile is None:
        return None
    return {"district": profile.district_id, "provider": profile.provider_id}


@receiver(pre_save, sender=StaffProfile, dispatch_uid="accounts_workplace_before")
def _workplace_before(sender, instance, **kwargs):
    actor = trail.current_user()
    before = (
        StaffProfile.objects.filter(pk=instance.pk).first() if instance.pk is not None else None
    )
    if accounts.is_self(actor, instance.user) and _workplace(before) != _workplace(instance):
        raise PermissionDenied(_("Du kan inte ändra din egen arbetsplats."))
    instance._workplace_before = _workplace(before)


@receiver(post_save, sender=StaffProfile, dispatch_uid="accounts_workplace_after")
def _workplace_after(sender, instance, created, **kwargs):
    before = getattr(instance, "_workplace_before", None)
    after = _workplace(instance)
    if before != after:
        trail.record(
            actor=trail.current_user(),
            action=Action.WORKPLACE_CHANGED,
            subject_user=instance.user,
            details={"username": instance.user.username, "before": before, "after": after},
        )


@receiver(pre_delete, sender=StaffProfile, dispatch_uid="accounts_workplace_guard")
def _workplace_guard(sender, instance, **kwargs):
    if accounts.is_self(trail.current_user(), instance.user):
        raise PermissionDenied(_("Du kan inte ändra din egen arbetsplats."))


@receiver(post_delete, sender=StaffProfile, dispatch_uid="accounts_workplace_deleted")
def _workplace_deleted(sender, instance, **kwargs):
    trail.record(
        actor=trail.current_user(),
        action=Action.WORKPLACE_CHANGED,
        subject_user=instance.user,
        details={"username": instance.user.username, "before": _workplace(instance), "after": None},
    )
