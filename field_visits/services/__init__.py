"""
Every write of field visits goes through this package.

`orders` (revision orders, the suspension of the term for evidence and its
end), `programming` (programming and reprogramming, which keeps the previous
visit as history, the safety check and a failed one, the failed visit), `actas` (the acta and
its correction), `common` (telling the user by their channel). Each service
runs in one transaction, records its event on the case timeline through
caserecord.services.event_record (kinds declared in field_visits/events.py),
and changes the case only through intake.services.case_transition. The
response term is suspended and resumed through compliance.services. Callers
import from here.
"""

from field_visits.services.actas import ACTA_FIELDS, acta_correct, acta_submit
from field_visits.services.common import user_inform
from field_visits.services.orders import (
    ORDER_NUMBER_FORMAT,
    ORDER_SERIES,
    order_cancel,
    order_create,
)
from field_visits.services.programming import (
    SAFETY_ITEM_NAMES,
    SAFETY_ITEMS,
    capacity_warning,
    visit_fail,
    visit_safety_check,
    visit_safety_check_failed,
    visit_schedule,
)

__all__ = [
    "ACTA_FIELDS", "ORDER_NUMBER_FORMAT", "ORDER_SERIES", "SAFETY_ITEMS", "SAFETY_ITEM_NAMES", "acta_correct",
    "acta_submit", "capacity_warning", "order_cancel", "order_create", "user_inform",
    "visit_fail", "visit_safety_check", "visit_safety_check_failed", "visit_schedule",
]
