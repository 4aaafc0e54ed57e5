"""Seed the catalogues again inside transactional tests (idempotent)."""

import importlib

from django.apps import apps


def seed_catalogues():
    """
    Seed groups, causales, municipalities and term rules again.

    A transactional test that ran before may have flushed them (a flush keeps
    only what post_migrate recreates: the groups). Serialized rollback is not
    used because it skips post_migrate on teardown, leaving the next test with
    no groups at all, and because Playwright's sync API runs the test body with
    a database connection object of its own, where the serialized copy is absent.
    """
    from intake.roles_sync import sync_role_permissions

    for module in ("intake.migrations.0002_seed_catalogues_and_roles",
                   "compliance.migrations.0003_seed_term_rules"):
        importlib.import_module(module).seed(apps, None)
    sync_role_permissions()
