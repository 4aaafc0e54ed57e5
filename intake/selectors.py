"""
Scoped reads of cases: who may see which case is decided here, once.

case_get_for() answers 404 for missing and hidden cases alike, so radicados
cannot be probed.
"""

import re

from django.conf import settings
from django.core.exceptions import FieldError
from django.db.models import CharField, F, QuerySet
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from intake import policy
from intake.choices import OPEN_STATUSES
from intake.models import Case
from intake.textsearch import (
    CASE_TEXT_SQL,
    CaseTextMatch,
    customer_name_sql,
    fold,
)
from pqr_portal.roles import Role


def case_queryset_for(user) -> QuerySet[Case]:
    """Return the cases `user` may see, with the relations list pages need."""
    cases = Case.objects.select_related("customer", "assignee", "causal", "response_term")
    if policy.can_view_all_cases(user):
        return cases
    if policy.can_view_own_visit_cases(user):
        # A brigadista sees only the cases where one of their visits is still to be done
        # (a semi-join: DISTINCT over every column of the joined rows took 10 ms to plan).
        try:
            return cases.filter(
                pk__in=Case.objects.filter(**policy.live_visit_filter(user)).values("pk"))
        except FieldError:
            return cases.none()
    return cases.none()


def case_get_for(user, *, case_id: int) -> Case:
    """Return one case visible to `user`, or raise Http404."""
    return get_object_or_404(case_queryset_for(user), pk=case_id)


# Apps above intake may register a cheaper count of every open case (reports: its
# attention snapshot, rebuilt every two minutes): callables returning an int, or None
# when they have nothing fresh. Counting 400,000 open cases live took 0.6 s.
OPEN_CASE_COUNTERS: list = []


def open_case_count(user, open_cases) -> int:
    """How many open cases `user` sees: a registered counter for those who see them all."""
    if policy.can_view_all_cases(user):
        for counter in OPEN_CASE_COUNTERS:
            n = counter()
            if n is not None:
                return n
    return open_cases.count()


# The order of compliance's term_open_due_at_idx, so the lists walk it (a case has one
# response term: the term breaks ties as the case would).
BY_DUE = ("response_term__due_date", "response_term__due_at", "response_term_id")


def work_summary_for(user, role: Role) -> dict:
    """Return the counters and short lists a role's landing page shows."""
    cases = case_queryset_for(user)
    open_cases = cases.filter(status__in=OPEN_STATUSES)
    # Open cases whose response term still runs, most urgent first: walked from the
    # terms' open-due index (4 ms at a million cases; by due_at over every case, 1.8 s).
    running = open_cases.filter(response_term__met_at__isnull=True,
                                response_term__cancelled_at__isnull=True)
    ctx = {
        "open_count": open_case_count(user, open_cases),
        "mine": running.filter(assignee=user).order_by(*BY_DUE)[:10],
        "unassigned": open_cases.filter(assignee__isnull=True).order_by("filed_at")[:10]
        if role in (Role.COORDINADOR, Role.BACK_OFFICE, Role.FRONT_OFFICE) else [],
        "due_soon": running.filter(
            response_term__band__in=["por_vencer", "vence_hoy", "vencido"]
        ).order_by(*BY_DUE)[:10],
    }
    return ctx


# --- finding a case ---------------------------------------------------------------

RADICADO_RE = re.compile(r"[A-Z]{0,3}-?\d{4}-\d{3,}")
# Digits this short are read as the number of a radicado too ("000006").
RADICADO_NUMBER_MAX_DIGITS = 7
# More ways to find a case, registered by the apps above intake at ready() (the
# answers app: outgoing radicados). Each is called with the query and returns a
# list of values("case_id")-like querysets (empty when the query is not of its kind).
CASE_SEARCH_SOURCES: list = []


def radicado_candidates(number: int, *, series: str, fmt: str) -> list[str]:
    """
    Return the radicados of `series` numbered `number`, one per year that reached it.

    The gap-free counters say which years got that far, so "000006" becomes
    ["2025-000006", "2026-000006"] without scanning a single case.
    """
    from caserecord.models import DocumentCounter

    years = DocumentCounter.objects.filter(series=series, last_number__gte=number)
    return [fmt.format(year=y, number=number, series=series)
            for y in years.values_list("year", flat=True)]


def case_search(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """
    Narrow `cases` to those `query` finds, by what staff have at hand.

    - a whole radicado, incoming or outgoing ("2026-000006", "S-2026-000012");
    - digits: the number of a radicado ("000006"), an account (NIU) or a
      document number, each by its own index;
    - words: the customer's name, accent- and case-insensitive ("perez" finds
      "Pérez", trigram index on PostgreSQL), or words of the subject and
      description (Spanish full-text search).

    Every branch is a UNION of indexed lookups of case ids; `cases` keeps its
    scope (who may see what) and its ordering.
    """
    from intake.services.cases import INCOMING_SERIES

    query = " ".join((query or "").split())
    if not query:
        return cases
    ids = []
    upper = query.upper()
    if RADICADO_RE.fullmatch(upper):
        ids.append(Case.objects.filter(radicado=upper).values("pk"))
    compact = query.replace(".", "").replace(" ", "").replace("-", "")
    # isascii(): "²".isdigit() is true and int() refuses it.
    if compact.isascii() and compact.isdigit():
        ids.append(Case.objects.filter(account_number=compact).values("pk"))
        ids.append(Case.objects.filter(customer__id_number=compact).values("pk"))
        if len(compact) <= RADICADO_NUMBER_MAX_DIGITS and int(compact):
            numbered = radicado_candidates(int(compact), series=INCOMING_SERIES,
                                           fmt=settings.PQR_RADICADO_FORMAT)
            if numbered:
                ids.append(Case.objects.filter(radicado__in=numbered).values("pk"))
    for source in CASE_SEARCH_SOURCES:
        ids.extend(source(query))
    if not (compact.isascii() and compact.isdigit()) and not RADICADO_RE.fullmatch(upper):
        return _text_search(cases, query, ids)
    if not ids:
        return cases.none()
    return cases.filter(pk__in=ids[0].union(*ids[1:]) if len(ids) > 1 else ids[0])


# Up to this many cases found by words, the page filters by their ids; beyond, by
# the conditions themselves while walking the cases newest first (case_filed_idx):
# a UNION of 70,000 ids sorted by date took 8 s at a million cases, the walk 0.15 s.
TEXT_FEW = 2_000


def _text_search(cases, query, other_ids):
    from django.db import connection
    from django.db.models import Q

    from intake.models import Customer

    names = Customer.objects.annotate(
        folded_name=RawSQL(customer_name_sql(connection.vendor), [], output_field=CharField()))
    for word in fold(query).split():
        names = names.filter(folded_name__contains=word)
    by_name = Case.objects.filter(customer_id__in=names.values("pk")).values("pk")
    by_text = _case_text_matches(query)
    branches = [b.order_by() for b in (by_name, by_text, *other_ids)]
    # UNION ALL with a LIMIT streams: it stops as soon as it has TEXT_FEW + 1 rows.
    found = [next(iter(row.values()))
             for row in branches[0].union(*branches[1:], all=True).order_by()[: TEXT_FEW + 1]]
    if len(found) <= TEXT_FEW:
        return cases.filter(pk__in=set(found))
    cond = _customer_condition(names) | _case_text_condition(query, by_text)
    for extra in other_ids:
        cond |= Q(pk__in=extra)
    return cases.filter(cond)


# Up to this many customers found by name, their ids go into the page's query as a list.
NAMES_FEW = 3_000


def _customer_condition(names: QuerySet):
    """
    The cases of the customers `names` finds, for a search that matches many cases.

    A list of ids lets PostgreSQL count through the cases' customer index (OR'ed with the
    full-text index: a BitmapOr) instead of scanning the cases until the cap: "maria
    perez" (1,020 customers, 5,000 cases) counted in 50 ms by the scan. A common name
    (14,000 customers) keeps the subquery: its cases are dense, the scan stops early.
    """
    from django.db.models import Q

    customer_ids = list(names.values_list("pk", flat=True)[: NAMES_FEW + 1])
    if len(customer_ids) <= NAMES_FEW:
        return Q(customer_id__in=customer_ids)
    return Q(customer_id__in=names.values("pk"))


def _case_text_condition(query: str, by_text: QuerySet):
    """
    The words' condition on the listed cases themselves, for words that match many.

    When the words themselves match many cases, on PostgreSQL the condition is written
    on the outer query's own rows: the planner then walks the cases newest first and
    checks each (400 rows for a word in one case of eight: 3 ms), or counts through the
    full-text index; `id IN (matches)` made it build the set of every match first
    (125,000 ids: 90 ms per query, twice a page). When they match few (the many came
    from the names), the set of their ids is small and checking the words on every
    walked case would be the slow part: they go in as a list of ids, which the planner
    can look up by index and estimate (a subquery it guessed at half the table).
    """
    from django.db import connection
    from django.db.models import Q

    if connection.vendor != "postgresql":
        return Q(pk__in=by_text)
    ids = [row["pk"] for row in by_text.order_by()[: TEXT_FEW + 1]]
    if len(ids) > TEXT_FEW:
        return Q(CaseTextMatch(query))
    return Q(pk__in=ids)


def _case_text_matches(query: str) -> QuerySet:
    """Cases whose subject or description hold every word of `query`."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return Case.objects.filter(CaseTextMatch(query)).values("pk")
    text = Case.objects.annotate(
        folded_text=RawSQL(f"lower({CASE_TEXT_SQL})", [], output_field=CharField()))
    for word in fold(query).split():
        text = text.filter(folded_text__contains=word)
    return text.values("pk")


# --- staff desk reads ----------------------------------------------------------

def customer_search(query: str):
    """
    Return customers matching an account number, a document number or a name.

    Digits search the document and the accounts; words search the names (every
    word must match somewhere), so "perez maria" finds "María Pérez" typed plainly.
    """
    from django.db.models import Q

    from intake.models import Customer

    query = (query or "").strip()
    customers = Customer.objects.select_related("municipality")
    if not query:
        return customers.none()
    compact = query.replace(".", "").replace(" ", "").replace("-", "")
    if compact.isascii() and compact.isdigit():
        return customers.filter(
            Q(id_number__startswith=compact) | Q(accounts__contains=compact)
        )
    cond = Q()
    for word in query.split():
        cond &= (Q(first_name__icontains=word) | Q(last_name__icontains=word)
                 | Q(business_name__icontains=word) | Q(id_number__iexact=word))
    return customers.filter(cond)


def possible_duplicates(*, account_number: str, causal_id, exclude_pk=None):
    """Return open cases with the same account and causal: a likely duplicate."""
    if not account_number or not causal_id:
        return Case.objects.none()
    cases = (Case.objects.filter(account_number=account_number.strip(), causal_id=causal_id,
                                 status__in=OPEN_STATUSES)
             .select_related("customer", "causal").order_by("-filed_at"))
    if exclude_pk:
        cases = cases.exclude(pk=exclude_pk)
    return cases


def case_events(case):
    return case.events.select_related("actor").order_by("created_at", "pk")


def case_terms(case):
    return case.terms.prefetch_related("adjustments").order_by("created_at", "pk")


def case_attachments(case):
    return case.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk")


def attachment_get_for(user, *, case_id: int, attachment_id: int):
    """Return an attachment of a case `user` may see, or raise Http404."""
    case = case_get_for(user, case_id=case_id)
    return get_object_or_404(case.attachments.all(), pk=attachment_id)


# --- aggregates for the reports app (set-based SQL, never a loop over cases) ------

def _filed_in(ranges) -> tuple[str, list]:
    """SQL condition (and params) for cases filed in any of the [lo, hi) instants `ranges`."""
    if not ranges:
        return "FALSE", []
    return ("(" + " OR ".join(["(filed_at >= %s AND filed_at < %s)"] * len(ranges)) + ")",
            [bound for pair in ranges for bound in pair])


def filed_case_counts(*, lo=None, hi=None, ranges=None, municipality_id: int | None = None,
                      kind: str | None = None, assignee_ids=None,
                      detailed: bool = False) -> list[tuple]:
    """
    Count the cases filed in [lo, hi) (instants; or in any of `ranges`, a list
    of such pairs), annulled ones left out, in one pass: rows (dimension,
    municipality_id or 0, kind, value, n) where dimension is "day" (value the
    Bogotá date, ISO), "channel" or "causal" (value the causal id, "" when
    none). The sum over one dimension is the total. detailed (the roll-up):
    per person and day as well, every row ending with (assignee id or 0, date).
    """
    from django.db import connection

    filed, params = _filed_in([(lo, hi)] if ranges is None else ranges)
    where = [filed, "status <> 'anulado'"]
    if municipality_id:
        where.append("municipality_id = %s")
        params.append(municipality_id)
    if kind:
        where.append("kind = %s")
        params.append(kind)
    if assignee_ids is not None:  # a team: the cases assigned to its members
        where.append("assignee_id = ANY(%s)")
        params.append(list(assignee_ids))
    more = ", a, day" if detailed else ""
    table = Case._meta.db_table
    sql = f"""
        SELECT CASE WHEN GROUPING(channel) = 0 THEN 'channel'
                    WHEN GROUPING(causal_id) = 0 THEN 'causal' ELSE 'day' END,
               COALESCE(municipality_id, 0), kind,
               CASE WHEN GROUPING(channel) = 0 THEN channel
                    WHEN GROUPING(causal_id) = 0 THEN COALESCE(causal_id::text, '')
                    ELSE day::text END,
               COUNT(*){more}
        FROM (SELECT municipality_id, kind, channel, causal_id, COALESCE(assignee_id, 0) AS a,
                     (filed_at AT TIME ZONE 'America/Bogota')::date AS day
              FROM {table} WHERE {' AND '.join(where)}) c
        GROUP BY GROUPING SETS ((municipality_id, kind, channel{more}),
                                (municipality_id, kind, causal_id{more}),
                                (municipality_id, kind, day{more.replace(", day", "")}))
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def team_member_ids(team_id: int) -> list[int]:
    """The people of a work team (intake.Team)."""
    from intake.models import Team

    return list(Team.objects.filter(pk=team_id).values_list("members", flat=True)
                .exclude(members=None))


def teams():
    from intake.models import Team

    return Team.objects.order_by("name")


def open_cases_grouped(*, case_ids=None, by_assignee: bool = False) -> list[tuple]:
    """
    Open cases per (municipality id or 0, kind[, assignee id or 0]) as tuples
    ending in their count; `case_ids` (a values subquery) narrows them.
    """
    from django.db.models import Count
    from django.db.models.functions import Coalesce

    cases = Case.objects.filter(status__in=OPEN_STATUSES)
    if case_ids is not None:
        cases = cases.filter(pk__in=case_ids)
    keys = ["m", "kind", "a"] if by_assignee else ["m", "kind"]
    return list(cases.annotate(m=Coalesce("municipality_id", 0), a=Coalesce("assignee_id", 0))
                .values_list(*keys).annotate(n=Count("pk")).order_by())


def open_terms_grouped(terms, *keys, **counts) -> list[tuple]:
    """
    Cases with a term of `terms` (a compliance Term queryset) per (municipality
    id or 0, kind, *keys): tuples ending in the number of distinct cases, then
    one value per aggregate of `counts`.
    """
    from django.db.models import Count
    from django.db.models.functions import Coalesce

    return list(terms.annotate(m=Coalesce("case__municipality_id", 0), k=F("case__kind"))
                .values_list("m", "k", *keys)
                .annotate(n=Count("case_id", distinct=True), **counts).order_by())


def municipalities():
    from intake.models import Municipality

    return Municipality.objects.order_by("name")


def causals_by_id() -> dict:
    from intake.models import Causal

    return {c.pk: c for c in Causal.objects.all()}


def first_contact_counts(*, lo=None, hi=None, ranges=None, by_day: bool = False):
    """
    Verbal (counter, phone) cases filed in [lo, hi) (or in any of `ranges`) and
    those answered at first contact: {"verbal": n, "solved": n}; by_day: rows
    (Bogotá date, verbal, solved) instead.
    """
    from django.db.models import Count, Q
    from django.db.models.functions import TruncDate

    from intake.choices import VERBAL_CHANNELS

    filed = Q(pk__in=[])
    for a, b in [(lo, hi)] if ranges is None else ranges:
        filed |= Q(filed_at__gte=a, filed_at__lt=b)
    cases = Case.objects.filter(filed, channel__in=VERBAL_CHANNELS).exclude(status="anulado")
    counts = {"verbal": Count("pk"), "solved": Count("pk", filter=~Q(first_contact_answer=""))}
    if by_day:
        return list(cases.annotate(day=TruncDate("filed_at")).values_list("day")
                    .annotate(**counts).values_list("day", "verbal", "solved").order_by())
    return cases.aggregate(**counts)


SUI_CASE_FIELDS = ("pk", "radicado", "kind", "filed_at", "status", "status_changed_at",
                   "account_number", "bill_number", "first_contact_answer",
                   "municipality__department_code", "municipality__dane_code",
                   "municipality__populated_centre_code", "causal__group", "causal__code")


def sui_candidate_cases(*, lo, hi, kinds):
    """
    The cases a SUI file for [lo, hi) may report, in radicado order, streamed:
    of `kinds`, not annulled, filed before `hi`, and either filed in the month
    or not finished before it started. Rows are dicts of SUI_CASE_FIELDS.
    """
    from django.db.models import Q

    from intake.choices import FINAL_STATUSES

    cases = (Case.objects.filter(kind__in=kinds, filed_at__lt=hi).exclude(status="anulado")
             .filter(Q(filed_at__gte=lo) | ~Q(status__in=FINAL_STATUSES)
                     | Q(status_changed_at__gte=lo))
             .order_by("filed_at", "pk").values(*SUI_CASE_FIELDS))
    return cases.iterator(chunk_size=2000)


def closed_cases_since(*, since):
    """
    Cases closed (status cerrado) since `since` with an e-mail to write to, as
    dicts (pk, radicado, notify_email, customer__email); a queryset, so the
    caller may exclude the ones it already handled.
    """
    from django.db.models import Q

    from intake.choices import CaseStatus

    return (Case.objects.filter(status=CaseStatus.CERRADO, status_changed_at__gte=since)
            .filter(~Q(notify_email="") | ~Q(customer__email=""))
            .order_by("status_changed_at", "pk")
            .values("pk", "radicado", "notify_email", "customer__email"))


def finished_cases(*, lo, hi):
    """
    Cases handled to the end in [lo, hi) (closed, transferred or withdrawn; not
    annulled), by the instant of that status: a queryset in filing order.
    """
    from intake.choices import CaseStatus

    return (Case.objects.filter(status__in=(CaseStatus.CERRADO, CaseStatus.TRASLADADO,
                                            CaseStatus.DESISTIDO),
                                status_changed_at__gte=lo, status_changed_at__lt=hi)
            .order_by("filed_at", "pk"))
