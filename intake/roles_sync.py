"""Keep each role group's permissions equal to pqr_portal.roles.ROLE_PERMISSIONS."""

from pqr_portal.roles import GROUP_NAMES, ROLE_PERMISSIONS


def sync_role_permissions(sender=None, using="default", **kwargs):
    """Create the role groups and give each exactly its declared permissions. Idempotent."""
    from django.contrib.auth.models import Group, Permission

    for role, name in GROUP_NAMES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted = []
        for model_label, actions in ROLE_PERMISSIONS.get(role, {}).items():
            app_label, model = model_label.split(".")
            for action in actions:
                wanted.append((app_label, f"{action}_{model}"))
        perms = [
            p for p in Permission.objects.using(using).select_related("content_type")
            if (p.content_type.app_label, p.codename) in set(wanted)
        ] if wanted else []
        group.permissions.set(perms)
