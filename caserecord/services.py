"""
Writes to the record: events of a case or of any other record of legal value.

Call inside the transaction of the change the event describes, so that the
fact and its trace commit (or roll back) together.
"""

from __future__ import annotations

from collections.abc import Iterable

from caserecord.kinds import kind_get
from caserecord.models import Event


def _record_ref(record) -> tuple[str, int | None]:
    if record is None:
        return "", None
    return record._meta.label_lower, record.pk


def event_record(*, kind: str, case=None, case_id: int | None = None, record=None, actor=None,
                 data: dict | None = None, note: str = "", public: bool | None = None) -> Event:
    """
    Append one event. `case` (or `case_id`) for the case timeline; `record`
    for any other model instance (a non-conformity, a term rule, a closure).
    `public` defaults to what the kind declares.
    """
    declared = kind_get(kind)  # an undeclared kind is a programming error
    record_type, record_id = _record_ref(record)
    return Event.objects.create(
        case_id=case.pk if case is not None else case_id, record_type=record_type,
        record_id=record_id, kind=kind, actor=actor, note=note or "", data=data or {},
        public=declared.public if public is None else public,
    )


def events_record_bulk(events: Iterable[dict]) -> list[Event]:
    """Append many events in one INSERT (dicts with the arguments of event_record)."""
    rows = []
    for e in events:
        declared = kind_get(e["kind"])
        record_type, record_id = _record_ref(e.get("record"))
        case = e.get("case")
        rows.append(Event(
            case_id=case.pk if case is not None else e.get("case_id"), record_type=record_type,
            record_id=record_id, kind=e["kind"], actor=e.get("actor"), note=e.get("note", ""),
            data=e.get("data") or {},
            public=declared.public if e.get("public") is None else e["public"],
        ))
    return Event.objects.bulk_create(rows)


def record_history(record):
    """The events of a record that is not a case, oldest first."""
    record_type, record_id = _record_ref(record)
    return Event.objects.filter(record_type=record_type, record_id=record_id) \
        .select_related("actor")
