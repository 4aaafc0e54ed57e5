"""
{{ obj|display:"field" }}: what obj.get_field_display() shows, one translation a row.

Django's get_FOO_display() builds the dict of every choice of the field on each call,
translating every label: about 700 translations for the 30 rows of a landing page, a
quarter of its time. Here the label of (model, field, value, language) is looked up once.
"""

from functools import lru_cache

from django import template
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=2048)
def _label(model, field_name: str, value, language: str | None) -> str:
    for key, label in model._meta.get_field(field_name).flatchoices:
        if key == value:
            return str(label)
    return value


@register.filter
def display(obj, field_name: str):
    """The human label of `obj`'s choice field `field_name` in the active language."""
    if obj is None:
        return ""
    field = obj._meta.get_field(field_name)
    return _label(type(obj), field_name, getattr(obj, field.attname), get_language())
