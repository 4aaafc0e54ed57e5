"""Keep each role group's permissions equal to pqr_portal.roles.ROLE_PERMISSIONS."""

from pqr_portal.roles import GROUP_NAMES, ROLE_PERMISSIONS


def sync_role_permissions(sender=None, using="default", **kwargs):
    """Create the role groups and give each exactly its declared permissions. Idempotent."""
    from django.contrib.auth.models import Group, Permission

    all_perms = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.using(using).select_related("content_type")
    }
    for role, name in GROUP_NAMES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted = {
            (model_label.split(".")[0], f"{action}_{model_label.split('.')[1]}")
            for model_label, actions in ROLE_PERMISSIONS.get(role, {}).items()
            for action in actions
        }
        # A permission of a model not migrated yet is simply absent; the
        # post_migrate of its own app runs this again.
        group.permissions.set([all_perms[key] for key in wanted if key in all_perms])
