"""
The registry of event kinds: every event written names a kind declared here
by the app that emits it (in its `events.py`, imported by its AppConfig).

A kind carries its Spanish label and an optional sentence template, both
lazily translated and rendered when the event is shown, never stored: the
stored row keeps the facts (`data`) and what a person typed (`note`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.functional import Promise
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class EventKind:
    code: str
    label: str | Promise
    app: str
    # Shown on the citizen's tracking page by default (a call may still say otherwise).
    public: bool = False
    # A sentence with %(key)s placeholders filled from the event's data, or a
    # function of the data that returns the sentence (for codes to translate).
    template: str | Promise | Callable[[dict], str] | None = None


_REGISTRY: dict[str, EventKind] = {}


class UnknownEventKind(LookupError):
    """An event was written with a kind no app declared."""


def register(app: str, *kinds: tuple) -> None:
    """Declare kinds: register("intake", ("case.filed", _("Radicación"), True, _("…")), …)."""
    for entry in kinds:
        code, label, *rest = entry
        public = rest[0] if rest else False
        template = rest[1] if len(rest) > 1 else None
        known = _REGISTRY.get(code)
        if known is not None and known.app != app:
            raise ValueError(f"event kind {code} declared by {known.app} and {app}")
        _REGISTRY[code] = EventKind(code=code, label=label, app=app, public=public,
                                    template=template)


def kind_get(code: str) -> EventKind:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise UnknownEventKind(code) from None


def kinds_all() -> list[EventKind]:
    return sorted(_REGISTRY.values(), key=lambda k: (k.app, k.code))


def kind_label(code: str) -> str:
    kind = _REGISTRY.get(code)
    return str(kind.label) if kind else code


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _display(value):
    """Dates stored as ISO text are shown the Colombian way (dd/mm/aaaa)."""
    if isinstance(value, datetime):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) \
            else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        if _ISO_DATE.match(value):
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        if _ISO_INSTANT.match(value):
            try:
                return _display(datetime.fromisoformat(value))
            except ValueError:
                return value
    if value is None:
        return "—"
    return value


class _Facts(dict):
    """The event's data for a template: missing keys show as a dash, dates as dd/mm/aaaa."""

    def __missing__(self, key):
        return "—"

    def __getitem__(self, key):
        return _display(super().__getitem__(key)) if key in self else "—"


def event_summary(event) -> str:
    """The sentence of one event in the active language."""
    kind = _REGISTRY.get(event.kind)
    if kind is None:
        return event.kind
    text = str(kind.label)
    if kind.template:
        facts = _Facts(event.data or {})
        try:
            text = str(kind.template(facts) if callable(kind.template) else kind.template % facts)
        except (TypeError, ValueError, KeyError):
            pass  # an old row without the facts a newer template wants: the label stands
    if event.note:
        text = _("%(text)s. %(note)s") % {"text": text.rstrip("."), "note": event.note}
    return text
