"""The roles and what each may do: the one place permissions are decided.

Duties are separated: the administrator keeps the guidance and the directory
and reads the audit trail; the user administrator manages accounts, roles,
workplaces and two-factor resets, and can never give their own account a role
or a workplace (``anhorigstod.accounts``); neither reads case notes.

Roles are Django groups. Each maps to a set of model permissions, written as
``app_label.codename``; ``sync_roles`` makes the database agree with this
module after every migration. Views ask for a permission, never a role name,
through ``RoleRequiredMixin`` or ``role_required``.
"""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.models import Group, Permission

CASEWORKER = "Handläggare"
CONSULTANT = "Anhörigkonsulent"
ADMINISTRATOR = "Administratör"
USER_ADMINISTRATOR = "Användaradministratör"
# A manager the district's routine names (head of individual and family care, a
# deputy unit manager): registers incidents and follows outreach, reads no case notes.
MANAGER = "Chef"

# The permission every guidance page asks for.
BROWSE_GUIDANCE = "guidance.browse_guidance"
# The permission the guided path and the caseworker's own contacts ask for.
WALK_GUIDED_PATH = "referrals.walk_guided_path"
# The consultant's inbox, referral pages and follow-up.
RECEIVE_REFERRALS = "referrals.receive_referrals"
# Aggregated, suppressed statistics for the committee.
VIEW_STATISTICS = "referrals.view_statistics"
# Outreach after a serious incident: follow the plans of one's own district, and
# register an incident (``referrals.access`` decides which districts).
FOLLOW_OUTREACH = "referrals.follow_outreach"
REGISTER_INCIDENT = "referrals.register_incident"
OUTREACH = {FOLLOW_OUTREACH, REGISTER_INCIDENT}

_GUIDANCE_MODELS = (
    "sourcedocument",
    "legalreference",
    "targetgroup",
    "entryroute",
    "supportform",
    "district",
    "internalprovider",
    "method",
    "topic",
    "goodpractice",
    "language",
    "organisation",
    "service",
    "localroutine",
    "routinestep",
    "contentowner",
)
# Written by the verification action and the link checker, read in the admin.
_GUIDANCE_RECORDS = ("servicecheck", "linkcheck")
# Written by the fixture loader and by deleting in the admin; the administrator
# resolves a conflict (change) and undoes a deletion (delete the tombstone).
_FIXTURE_SYNC_RECORDS = ("fixtureconflict", "fixturetombstone")

ROLE_PERMISSIONS: dict[str, set[str]] = {
    CASEWORKER: {BROWSE_GUIDANCE, WALK_GUIDED_PATH} | OUTREACH,
    CONSULTANT: {BROWSE_GUIDANCE, RECEIVE_REFERRALS, VIEW_STATISTICS} | OUTREACH,
    MANAGER: {BROWSE_GUIDANCE, VIEW_STATISTICS} | OUTREACH,
    ADMINISTRATOR: {BROWSE_GUIDANCE}
    | {
        f"guidance.{action}_{model}"
        for model in _GUIDANCE_MODELS
        for action in ("view", "add", "change", "delete")
    }
    | {f"guidance.view_{model}" for model in _GUIDANCE_RECORDS}
    | {
        f"guidance.{action}_{model}"
        for model in _FIXTURE_SYNC_RECORDS
        for action in ("view", "change", "delete")
    }
    | {VIEW_STATISTICS, "audit.view_auditevent"}
    # Who may register serious incidents per district; never the incidents themselves.
    | {f"referrals.{action}_incidentregistrar" for action in ("view", "add", "change", "delete")},
    USER_ADMINISTRATOR: {BROWSE_GUIDANCE}
    | {f"auth.{action}_user" for action in ("view", "add", "change")}
    | {"auth.view_group"}
    | {f"referrals.{action}_staffprofile" for action in ("view", "add", "change", "delete")}
    | {f"anhorigstod.{action}_groupsecuritypolicy" for action in ("view", "add", "change")},
}


def sync_roles() -> None:
    """Create the role groups and give each exactly the permissions listed above.

    After a partial migrate (to a named migration) some models have no
    permissions yet; those are given at the next full migrate.
    """
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        by_label = {
            f"{permission.content_type.app_label}.{permission.codename}": permission
            for permission in Permission.objects.select_related("content_type")
        }
        group.permissions.set([by_label[label] for label in sorted(wanted) if label in by_label])


class RoleRequiredMixin(PermissionRequiredMixin):
    """Login is enforced by LoginRequiredMiddleware; this adds the role check (403)."""

    raise_exception = True


class CaseworkerRequiredMixin(RoleRequiredMixin):
    """The guided path and the caseworker's own contacts."""

    permission_required = WALK_GUIDED_PATH


class ConsultantRequiredMixin(RoleRequiredMixin):
    """The inbox, referral pages and follow-up."""

    permission_required = RECEIVE_REFERRALS


class OutreachRequiredMixin(RoleRequiredMixin):
    """The incident pages: which incidents is decided in ``referrals.access``."""

    permission_required = FOLLOW_OUTREACH
