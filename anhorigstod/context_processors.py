from django.conf import settings

from anhorigstod import roles as role_rules
from anhorigstod.security import idle_seconds_left


def roles(request):
    """Which parts of the navigation the signed-in user may see."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_idle_seconds": idle_seconds_left(request.session),
        "session_warning_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
        "can_browse_guidance": user.has_perm(role_rules.BROWSE_GUIDANCE),
        "can_walk_guided_path": user.has_perm(role_rules.WALK_GUIDED_PATH),
        "can_receive_referrals": user.has_perm(role_rules.RECEIVE_REFERRALS),
        "can_view_statistics": user.has_perm(role_rules.VIEW_STATISTICS),
    }
