"""
Issue 11, item 5: the audit trail is append-only in the database, not only in Python.

A trigger (caserecord migration 0002) refuses UPDATE and DELETE on
caserecord_event for everyone, and TRUNCATE for everyone but the table owner.
The application connects as a role that owns no table (pqr_app, created by
deploy/postgres/initdb/pqr-roles.psql), so it cannot truncate the table nor
disable or drop the trigger. These tests connect as such a role with raw SQL.
"""

from __future__ import annotations

import glob
import importlib
import secrets
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction
from psycopg import errors, sql

from caserecord.services import event_record

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ROLES_SCRIPT = ROOT / "deploy" / "postgres" / "initdb" / "pqr-roles.psql"
TRIGGER = importlib.import_module("caserecord.migrations.0002_event_append_only_trigger")

INSERT = ("INSERT INTO caserecord_event (record_type, kind, note, data, public, created_at) "
          "VALUES ('', 'case.note', 'prueba', '{}', false, now()) RETURNING id")


def _params(**overrides) -> dict:
    s = connection.settings_dict
    params = {"host": s["HOST"] or None, "port": s["PORT"] or None, "dbname": s["NAME"],
              "user": s["USER"], "password": s["PASSWORD"] or None}
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


@contextmanager
def superuser(**overrides):
    with psycopg.connect(**_params(**overrides), autocommit=True) as conn:
        yield conn


def refused(conn, statement, args=(), *, error=errors.InsufficientPrivilege, before=None):
    """Run `statement` in a transaction of its own (rolled back); it must fail with `error`."""
    try:
        with conn.cursor() as cur:
            if before:
                cur.execute(before)
            with pytest.raises(error) as caught:
                cur.execute(statement, args)
    finally:
        conn.rollback()
    return str(caught.value)


def test_raw_update_and_delete_of_event_rows_fail_even_for_the_owner():
    event = event_record(kind="case.note", note="original")
    for statement in ("UPDATE caserecord_event SET note = 'cambiada' WHERE id = %s",
                      "DELETE FROM caserecord_event WHERE id = %s"):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [event.pk])
    event.refresh_from_db()
    assert event.note == "original"


def test_the_application_role_cannot_change_the_record_or_the_trigger():
    """A role shaped like pqr_app (rows only, owns nothing) on the test database itself."""
    role = f"pqr_test_app_{secrets.token_hex(4)}"
    db = connection.settings_dict["NAME"]
    with superuser() as admin:
        ident = sql.Identifier(role)
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD 'x' NOSUPERUSER NOCREATEDB "
                              "NOCREATEROLE NOBYPASSRLS").format(ident))
        try:
            admin.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(db), ident))
            admin.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(ident))
            admin.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
                                  "public TO {}").format(ident))
            admin.execute(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public "
                                  "TO {}").format(ident))
            with psycopg.connect(**_params(user=role, password="x")) as app:
                _assert_app_role_limits(app)
        finally:
            admin.execute(sql.SQL("DROP OWNED BY {}").format(ident))
            admin.execute(sql.SQL("DROP ROLE {}").format(ident))


def _assert_app_role_limits(app, *, ordinary_table="intake_customer"):
    with app.cursor() as cur:
        # It writes rows: a new event, and an ordinary UPDATE elsewhere.
        cur.execute(INSERT)
        assert cur.fetchone()[0] > 0
        cur.execute(sql.SQL("UPDATE {} SET id = id WHERE false").format(
            sql.Identifier(ordinary_table)))
        # It owns no table, sequence or function.
        cur.execute("SELECT count(*) FROM pg_class WHERE relowner = "
                    "(SELECT oid FROM pg_roles WHERE rolname = current_user)")
        assert cur.fetchone() == (0,)
    app.rollback()
    with app.cursor() as cur:
        cur.execute(INSERT)
        event_id = cur.fetchone()[0]
    for statement in ("UPDATE caserecord_event SET note = 'cambiada' WHERE id = %s",
                      "DELETE FROM caserecord_event WHERE id = %s"):
        message = refused(app, statement, [event_id], error=errors.RestrictViolation,
                          before=INSERT)
        assert "append-only" in message
    refused(app, "TRUNCATE caserecord_event")
    for statement in ("ALTER TABLE caserecord_event DISABLE TRIGGER caserecord_event_append_only",
                      "ALTER TABLE caserecord_event DISABLE TRIGGER ALL",
                      "DROP TRIGGER caserecord_event_append_only ON caserecord_event",
                      "SET session_replication_role = replica"):
        message = refused(app, statement)
        assert "must be owner" in message or "permission denied" in message, message


def _psql() -> str:
    found = shutil.which("psql") or next(iter(sorted(glob.glob(
        "/usr/lib/postgresql/*/bin/psql"), reverse=True)), None)
    assert found, "psql is needed (postgresql-client)"
    return found


def test_the_roles_script_gives_the_app_rows_only_on_what_migrations_create():
    """
    deploy/postgres/initdb/pqr-roles.psql on a fresh database: the owner creates
    the event table and its trigger (as `migrate` would); the app role gets rows
    through the default privileges and nothing else.
    """
    suffix = secrets.token_hex(4)
    owner, app, db = f"pqr_t_owner_{suffix}", f"pqr_t_app_{suffix}", f"pqr_t_roles_{suffix}"
    with superuser() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db)))
        try:
            p = _params(dbname=db)
            env = {"PGPASSWORD": p["password"]} if "password" in p else {}
            subprocess.run(
                [_psql(), "--no-psqlrc", "-q", "-h", str(p.get("host", "")),
                 "-p", str(p.get("port", 5432)), "-U", p["user"], "-d", db,
                 "-v", f"owner={owner}", "-v", f"app={app}", "-v", f"db={db}",
                 "-v", "owner_password=clave-dueno", "-v", "app_password=clave-app",
                 "-f", str(ROLES_SCRIPT)],
                check=True, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", **env})
            with psycopg.connect(**_params(dbname=db, user=owner, password="clave-dueno"),
                                 autocommit=True) as conn:
                conn.execute("CREATE TABLE caserecord_event (id bigint GENERATED BY DEFAULT AS "
                             "IDENTITY PRIMARY KEY, record_type varchar(60) NOT NULL, kind "
                             "varchar(60) NOT NULL, note text NOT NULL, data jsonb NOT NULL, "
                             "public boolean NOT NULL, created_at timestamptz NOT NULL)")
                conn.execute("CREATE TABLE intake_customer (id bigint GENERATED BY DEFAULT AS "
                             "IDENTITY PRIMARY KEY)")
                conn.execute(TRIGGER.FORWARD_SQL)
            with psycopg.connect(**_params(dbname=db, user=app, password="clave-app")) as conn:
                _assert_app_role_limits(conn)
                refused(conn, "CREATE TABLE public.intrusa (id int)")
                # The owner may truncate (a test flush does); the app may not (above).
                with psycopg.connect(**_params(dbname=db, user=owner, password="clave-dueno"),
                                     autocommit=True) as owner_conn:
                    owner_conn.execute("TRUNCATE caserecord_event")
                    with pytest.raises(errors.RestrictViolation):
                        owner_conn.execute("DELETE FROM caserecord_event")
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(db)))
            for role in (app, owner):
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
