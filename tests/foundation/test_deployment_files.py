"""docker-compose.yml describes the production shape; .env.example lists every variable."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_services_with_their_commands():
    services = _compose()["services"]
    assert set(services) == {"proxy", "migrate", "web", "worker", "beat", "postgres", "redis"}
    assert services["migrate"]["command"] == "python manage.py migrate --noinput"
    assert "gunicorn pqr_portal.wsgi:application" in services["web"]["command"]
    assert "migrate" not in services["web"]["command"]  # the web role may not migrate
    assert services["worker"]["command"].startswith("celery -A pqr_portal worker")
    assert services["beat"]["command"].startswith("celery -A pqr_portal beat")


def test_web_waits_for_a_healthy_database_and_broker():
    services = _compose()["services"]
    assert services["web"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["web"]["depends_on"]["redis"]["condition"] == "service_healthy"
    for name in ("web", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_data_lives_in_volumes():
    compose = _compose()
    assert {"pgdata", "redisdata", "media"} <= set(compose["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in compose["services"]["postgres"]["volumes"]


def test_env_example_lists_every_variable_the_settings_read():
    settings_src = (ROOT / "pqr_portal" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_src))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no env reads found"
    assert read <= listed, f"missing in .env.example: {sorted(read - listed)}"
