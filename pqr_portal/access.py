"""
Who the request's user is, in roles; and the glue between the policies and views/services.

Each app states who may do what once, in its `policy.py`, as plain functions
`can_<action>(user[, obj]) -> bool` built on roles_for(). Views ask them
through policy_required() (or an explicit check for object-level rules),
services through require(), navigation and templates call them directly.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from pqr_portal.roles import LANDING_URL, Role, roles_of_group_names


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


def holds_any(user, roles) -> bool:
    """True when `user` holds one of `roles` (a set from pqr_portal.roles)."""
    return bool(roles_for(user) & roles)


def has_work_page(user) -> bool:
    """True when one of the user's roles has a landing (work) page."""
    return any(r in LANDING_URL for r in roles_for(user))


def require(allowed: bool) -> None:
    """Raise PermissionDenied unless `allowed` (a policy answer): the services' guard."""
    if not allowed:
        raise PermissionDenied


def policy_required(rule):
    """
    Allow the view only to users for whom `rule(user)` is true (403 otherwise).

    `rule` is a policy function of the user alone; object-level rules are
    checked in the view once the object is loaded. The rule is kept on the
    view as `.policy` so tests can tell which policy guards which URL.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.policy = rule
        return wrapped

    return decorator


def role_required(*roles: Role):
    """Allow the view only to users holding one of `roles` (the role work pages)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator
