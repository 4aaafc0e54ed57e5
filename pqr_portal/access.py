"""Who the request's user is, in roles; and the decorator every staff view uses."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from pqr_portal.roles import Role, roles_of_group_names


def roles_for(user) -> frozenset[Role]:
    """
    Return the roles of `user`; None (the citizen or a task) is the SYSTEM role.

    The result is cached on the user object: one query per request.
    """
    if user is None:
        return frozenset({Role.SYSTEM})
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_pqr_roles", None)
    if cached is None:
        cached = roles_of_group_names(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached = cached | {Role.COORDINADOR}
        user._pqr_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_for(user) & set(roles))


def role_required(*roles: Role):
    """Allow the view only to users holding one of `roles` (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator
