"""Roles: groups and their permissions, landing pages, login required everywhere staff."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from pqr_portal.roles import GROUP_NAMES, LANDING_URL, ROLE_PERMISSIONS, Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_every_role_group_exists_with_exactly_its_permissions():
    for role, name in GROUP_NAMES.items():
        group = Group.objects.get(name=name)
        have = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        want = {
            f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
            for label, actions in ROLE_PERMISSIONS[role].items() for action in actions
        }
        assert have == want, role


def test_gerente_only_reads():
    perms = Group.objects.get(name=GROUP_NAMES[Role.GERENTE]).permissions.values_list("codename", flat=True)
    assert perms and all(code.startswith("view_") for code in perms)


def test_citizen_group_has_no_permissions():
    assert not Group.objects.get(name=GROUP_NAMES[Role.CIUDADANO]).permissions.exists()


@pytest.mark.parametrize("role", list(LANDING_URL))
def test_each_role_logs_in_and_lands_on_its_page(client, role):
    make_user(role, username=f"u-{role.value}")
    response = client.post(reverse("login"), {"username": f"u-{role.value}", "password": "clave-segura-123"})
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(LANDING_URL[role])


def test_wrong_password_keeps_the_username_and_says_why(client):
    make_user(Role.COORDINADOR, username="coordi")
    response = client.post(reverse("login"), {"username": "coordi", "password": "mala"})
    assert response.status_code == 200
    assert 'value="coordi"' in response.content.decode()
    assert "correcto" in response.content.decode()  # Django's Spanish message


@pytest.mark.parametrize("role,other", [(Role.BRIGADISTA, Role.COORDINADOR), (Role.GERENTE, Role.FRONT_OFFICE)])
def test_a_role_cannot_open_another_roles_work_page(client, role, other):
    client.force_login(make_user(role))
    assert client.get(reverse(LANDING_URL[other])).status_code == 403


def test_user_without_role_is_told_so(client):
    client.force_login(make_user(None, username="nadie"))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "Sin rol asignado" in response.content.decode()


def _staff_urls():
    """Every named URL of the project that takes no arguments and is not public."""
    from django.urls import get_resolver

    public_prefixes = ("/pqr/", "/healthz", "/favicon.ico", "/cuenta/login", "/cuenta/password_reset", "/cuenta/reset",
                       "/cuenta/logout", "/static/", "/media/")
    resolver = get_resolver()
    urls = set()
    def walk(patterns, ns=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif p.name:
                try:
                    urls.add(reverse(f"{ns}{p.name}"))
                except Exception:  # noqa: BLE001 - needs arguments: covered by app tests
                    pass
    walk(resolver.url_patterns)
    # "/" is the citizens' home (staff are sent on from it, tested in test_permission_matrix).
    return sorted(u for u in urls if u != "/" and not u.startswith(public_prefixes)
                  and not u.startswith(reverse("admin:index")))


def test_anonymous_is_sent_to_login_from_every_staff_url(client):
    urls = _staff_urls()
    assert "/trabajo/coordinacion/" in urls and len(urls) >= 7
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
