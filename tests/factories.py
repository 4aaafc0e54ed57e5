"""
Shared factories and helpers for every app's tests.

Factories may arrange state directly; production code may not (it goes
through the services). Cases are made through intake.services.case_register
so that they carry their radicado, response term and filing event.
"""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from intake.choices import CaseKind, Channel, IdType, NotifyBy
from intake.models import Causal, Customer, Municipality
from pqr_portal.roles import GROUP_NAMES, Role


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="es_CO")
    last_name = factory.Faker("last_name", locale="es_CO")
    email = factory.LazyAttribute(lambda o: f"{o.username}@pqr.test")
    password = factory.django.Password("clave-segura-123")


def make_user(role: Role | None, username: str | None = None, **kwargs):
    """Return a user holding `role` (None: a user with no role)."""
    kw = dict(kwargs)
    if username:
        kw["username"] = username
    user = UserFactory(**kw)
    if role is not None:
        user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    return user


_CC_SEQ = iter(range(10_000_000, 99_999_999, 7919))


class CustomerFactory(DjangoModelFactory):
    class Meta:
        model = Customer

    id_type = IdType.CC
    id_number = factory.LazyFunction(lambda: str(next(_CC_SEQ)))
    first_name = factory.Faker("first_name", locale="es_CO")
    last_name = factory.Faker("last_name", locale="es_CO")
    phone = "3001234567"
    email = factory.LazyAttribute(lambda o: f"c{o.id_number}@example.com")
    address = "Calle 10 # 20-30"
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(dane_code="08001"))
    accounts = factory.Sequence(lambda n: f"{1000000 + n}")


def make_case(*, customer=None, actor=None, kind=CaseKind.RECLAMO, channel=Channel.WEB,
              causal_code: str | None = "127", **kwargs):
    """Register a case through the real service and return it."""
    from intake.services import case_register

    customer = customer or CustomerFactory()
    params = dict(
        kind=kind, channel=channel, customer=customer, actor=actor,
        description=kwargs.pop("description", "La factura llegó muy alta."),
        causal=Causal.objects.get(code=causal_code) if causal_code else None,
        account_number=customer.account_list[0] if customer.account_list else "",
        notify_by=NotifyBy.POSTAL, notify_address=customer.address,
        municipality=customer.municipality, data_consent=True,
    )
    params.update(kwargs)
    return case_register(**params)
