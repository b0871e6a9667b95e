from anhorigstod import roles as role_rules


def roles(request):
    """Which parts of the navigation the signed-in user may see."""
    user = getattr(request, "user", None)
    return {
        "can_browse_guidance": bool(user and user.has_perm(role_rules.BROWSE_GUIDANCE)),
        "can_walk_guided_path": bool(user and user.has_perm(role_rules.WALK_GUIDED_PATH)),
    }
