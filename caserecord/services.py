"""
Writes to the record: events of a case or of any other record of legal value.

Call inside the transaction of the change the event describes, so that the
fact and its trace commit (or roll back) together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from caserecord.kinds import kind_get
from caserecord.models import DataAccess, Event


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


# --- reads of personal data ---------------------------------------------------------

def data_access_record(*, kind: str, request=None, actor=None, case=None,
                       case_id: int | None = None, record=None, rows: int | None = None,
                       source: str = "", ip: str | None = None,
                       data: dict | None = None) -> DataAccess:
    """
    Append one read of personal data (DataAccess): who, when, what, how many rows.

    Views pass `request`: the actor is its user (None for the citizen on the
    public pages), the address its client's, the source the URL name of the
    view. Call it before returning the file, so no file leaves untraced (a
    streamed export calls it through data_access_stream when the stream ends).
    """
    if request is not None:
        from pqr_portal.ratelimit import client_ip

        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        ip = ip or client_ip(request) or None
        match = getattr(request, "resolver_match", None)
        source = source or (match.view_name if match else request.path[:80])
    record_type, record_id = _record_ref(record)
    return DataAccess.objects.create(
        kind=kind, actor=actor, source=source[:80],
        case_id=case.pk if case is not None else case_id,
        record_type=record_type, record_id=record_id, rows=rows, ip=ip, data=data or {})


def data_access_stream(rows: Iterable, **record) -> Iterator:
    """
    Yield `rows` and record the read (data_access_record(**record)) with the
    number of rows sent, when the stream ends or is cut short: a streamed
    export's size is known only once it is sent.
    """
    sent = 0
    try:
        for row in rows:
            sent += 1
            yield row
    finally:
        data_access_record(rows=sent, **record)
