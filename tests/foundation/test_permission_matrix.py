"""
Every URL of the project × every role: the status a GET answers, declared once.

The list of URLs comes from the URL configuration (django.urls.get_resolver):
a URL added later without a row in MATRIX fails test_every_url_has_a_row, so
whoever adds a page must say who may open it. The expected statuses follow
the policy modules (<app>/policy.py); a row that disagrees with a view is a
bug in one of them.

Statuses: 200 the page; 302 a redirect (the login page for anonymous users,
the landing page, or a page that sends the user on); 403 the policy refuses
the role; 404 the object is not the user's (or does not exist for them);
405 a POST-only action the role may use (GET is not allowed).

The objects the URLs need are made once (one case worked through visits,
an answer, its notification, a recurso and the SSPD remission); the
brigadista of the matrix is the one the case's visits are assigned to, so
the case and its actas are theirs.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from compliance.services import closure_save
from field_visits import services as visit_services
from intake import services as intake_services
from intake.choices import CaseKind, CaseStatus, NotifyBy
from intake.services.agreements import agreement_create
from pqr_portal.context_processors import NAV_ITEMS, nav_items_for
from pqr_portal.roles import Role
from responses import services as response_services
from responses.models import ResponseTemplate
from tests.factories import CustomerFactory, make_case, make_user

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "front_office", "back_office", "brigadista", "coordinador", "auxiliar",
         "gerente")
ROLE_OF = {"front_office": Role.FRONT_OFFICE, "back_office": Role.BACK_OFFICE,
           "brigadista": Role.BRIGADISTA, "coordinador": Role.COORDINADOR,
           "auxiliar": Role.AUXILIAR, "gerente": Role.GERENTE}


def row(anonymous, front_office, back_office, brigadista, coordinador, auxiliar, gerente):
    return dict(zip(ROLES, (anonymous, front_office, back_office, brigadista, coordinador,
                            auxiliar, gerente), strict=True))


def staff(allowed: set[str], ok: int = 200, refused: int = 403):
    """A login-required page: anonymous to the login, `allowed` roles get `ok`."""
    return row(302, *[ok if r in allowed else refused for r in ROLES[1:]])


def public(status: int = 200):
    """A page anyone may open, logged in or not."""
    return row(*[status] * len(ROLES))


FO, BO, BR, CO, AU, GE = ROLES[1:]
READ_ALL = {FO, BO, CO, AU, GE}
WORKERS = {FO, BO, CO, AU}
HANDLERS = {BO, CO}
EVERY_ROLE = set(ROLES[1:])

# URL name -> expected GET status per role. Object URLs use the objects of `world`.
MATRIX: dict[str, dict[str, int]] = {
    # --- project pages
    # The citizens' home for anonymous visitors; each role is sent to its landing page.
    "home": row(200, 302, 302, 302, 302, 302, 302),
    "public-home": public(200),  # /pqr/, where the letters send citizens
    "healthz": public(200),
    "favicon": public(302),  # to the static icon
    "login": row(200, 302, 302, 302, 302, 302, 302),  # a logged-in user is sent on
    "logout": row(302, 405, 405, 405, 405, 405, 405),  # POST only
    "password_change": staff(EVERY_ROLE),
    "password_change_done": staff(EVERY_ROLE),
    "password_reset": public(200),
    # The second factor: enrolment opens for every staff user; verification sends a user
    # without a device to enrol first.
    "otp-setup": staff(EVERY_ROLE),
    "otp-verify": staff(EVERY_ROLE, ok=302),
    "password_reset_done": public(200),
    "password_reset_confirm": public(200),  # says the link is not valid
    "password_reset_complete": public(200),
    "work:front-office": staff({FO}),
    "work:back-office": staff({BO}),
    "work:brigadista": staff({BR}),
    "work:coordinador": staff({CO}),
    "work:auxiliar": staff({AU}),
    "work:gerente": staff({GE}),
    # --- the citizen's pages (no login)
    "public:file": public(200),
    "public:filed": public(404),  # only for the browser session that filed it
    "public:receipt": public(404),
    "public:track": public(200),
    "public:privacy": public(200),
    "responses_public:verify-form": public(200),
    "responses_public:notification-open": public(200),
    "responses_public:notification-pdf": public(200),
    "responses_public:recurso": public(200),
    "responses_public:avisos": public(200),
    # Only an aviso being published today is served; the matrix case has none.
    "responses_public:aviso-pdf": public(404),
    "responses_public:verify": public(200),
    "reports_public:survey": public(404),  # the world's token is not a survey's signed link
    "habeas_public:request": public(200),  # radicado + tracking code in the form
    # --- habeas data (habeas/policy.py): actions on a request case of the world (a
    # correction and a suppression request filed by the case's holder: URL_OBJECTS).
    "habeas:access-report": staff(HANDLERS, ok=405),  # POST only
    "habeas:correct": staff(HANDLERS),
    "habeas:suppression": staff({CO}),
    # --- intake (intake/policy.py)
    "intake:case-list": staff(READ_ALL),
    "intake:case-bulk-assign": staff({CO, BO, AU}, ok=405),
    "intake:case-detail": staff(READ_ALL | {BR}),  # the brigadista's own visit case
    "intake:case-transition": staff(WORKERS | {BR}, ok=405),
    "intake:case-assign": staff({CO, BO, AU}, ok=405),
    "intake:case-annul": staff({CO}, ok=405),
    "intake:case-contact-accept": staff(WORKERS, ok=405),
    "intake:attachment-upload": staff(WORKERS | {BR}, ok=405),
    "intake:attachment-download": staff(READ_ALL | {BR}),
    "intake:case-receipt": staff(READ_ALL),
    "intake:registered": staff(WORKERS),
    "intake:register": staff(WORKERS),
    "intake:duplicate-check": staff(WORKERS),
    "intake:quick-answer": staff({FO, CO}),
    "intake:customer-list": staff(READ_ALL),
    "intake:teams": staff({CO}),
    "intake:customer-detail": staff(READ_ALL),
    "intake:agreement-new": staff({FO, CO}),
    "intake:agreement-detail": staff({FO, CO}),
    "intake:agreement-pdf": staff({FO, CO}),
    "intake:agreement-status": staff({FO, CO}, ok=405),
    # --- compliance (compliance/policy.py)
    "compliance:calendar": staff(READ_ALL),
    "compliance:closure-edit": staff({CO}),
    "compliance:closure-delete": staff({CO}, ok=405),
    "compliance:calculator": staff(WORKERS),
    "compliance:alerts": staff(EVERY_ROLE),
    "compliance:term-suspend": staff(HANDLERS),
    "compliance:term-resume": staff(HANDLERS),
    # The quality system. The matrix non-conformity's responsible is the back office user
    # (a gestor treats only their own); its action belongs to the brigadista.
    "compliance:nc-list": staff(READ_ALL),
    "compliance:nc-new": staff({CO, BO, FO}),
    "compliance:nc-detail": staff(READ_ALL),
    "compliance:nc-analysis": staff({CO, BO}),
    "compliance:nc-status": staff({CO, BO, FO}, ok=405),
    "compliance:nc-links": staff({CO, BO, FO}, ok=405),  # POST only; treaters of the NC
    "compliance:nc-verify": staff({CO}),
    "compliance:action-new": staff({CO, BO}),
    "compliance:training-new": staff({CO}),
    "compliance:action-work": staff({CO, BR}),
    "compliance:action-evidence": staff(EVERY_ROLE),
    "compliance:my-actions": staff(EVERY_ROLE),
    "compliance:training-list": staff(READ_ALL),
    "compliance:training-record": staff({CO}),
    "compliance:training-evidence": staff(READ_ALL),
    "compliance:checklist-list": staff({CO, BR}),
    "compliance:checklist-new": staff({CO}),
    "compliance:checklist-edit": staff({CO}),
    "compliance:inspection-new": staff({CO, BR}),
    "compliance:inspection-list": staff(EVERY_ROLE),
    "compliance:inspection-detail": staff(EVERY_ROLE),  # the brigadista made it
    "compliance:inspection-photo": staff(EVERY_ROLE),
    "compliance:plan-list": staff(READ_ALL),
    "compliance:plan-new": staff({CO}),
    "compliance:plan-detail": staff(READ_ALL),
    "compliance:plan-edit": staff({CO}),
    "compliance:plan-submit": staff({CO}, ok=405),
    "compliance:plan-decide": staff({GE}),
    "compliance:plan-new-version": staff({CO}, ok=405),
    "compliance:support-list": staff(READ_ALL),
    "compliance:support-new": staff({CO}),
    "compliance:support-detail": staff(READ_ALL),
    # --- field visits (field_visits/policy.py)
    "field_visits:programming": staff(HANDLERS),
    "field_visits:indicators": staff({CO, GE}),
    "field_visits:order-create": staff(HANDLERS),
    "field_visits:order-detail": staff(READ_ALL | {BR}),
    "field_visits:order-schedule": staff(HANDLERS),
    "field_visits:order-cancel": staff(HANDLERS, ok=405),
    "field_visits:visit-move": staff(HANDLERS, ok=405),
    "field_visits:my-visits": staff({BR}),
    "field_visits:visit-detail": staff({BR}),
    # The visit still needs its safety check: the acta form sends back to the visit.
    "field_visits:acta-form": staff({BR}, ok=302),
    "field_visits:visit-fail": staff({BR}),
    "field_visits:acta-detail": staff(READ_ALL | {BR}),
    "field_visits:acta-pdf": staff(READ_ALL | {BR}),
    "field_visits:acta-correct": staff({BR, CO}),
    "field_visits:acta-photo": staff(READ_ALL | {BR}),
    # --- responses (responses/policy.py)
    "responses:review-queue": staff(HANDLERS),
    "responses:case": staff(READ_ALL),
    "responses:new": staff(HANDLERS),
    "responses:recurso-new": staff(WORKERS),
    "responses:tutela": staff(HANDLERS),
    "responses:sap": staff(HANDLERS),
    "responses:edit": staff(HANDLERS),
    # The acts that take a case off the clock (responses.policy.can_record_acts).
    "responses:act-requerimiento": staff(HANDLERS),
    "responses:act-completion": staff(HANDLERS),
    "responses:act-completion-extension": staff(HANDLERS),
    "responses:act-desistimiento-tacito": staff(HANDLERS),
    "responses:act-desistimiento-expreso": staff(HANDLERS),
    "responses:act-traslado": staff(HANDLERS),
    "responses:submit": staff(HANDLERS, ok=405),
    "responses:review": staff({CO}),
    "responses:versions": staff(READ_ALL),
    "responses:issue": staff(HANDLERS, ok=405),
    "responses:letter-pdf": staff(READ_ALL),
    "responses:appearance": staff(HANDLERS | {FO}),
    "responses:citation-dispatch": staff(HANDLERS | {FO}),
    "responses:aviso-delivery": staff(HANDLERS | {FO}),
    "responses:notify": staff(HANDLERS | {FO}, ok=405),
    "responses:term-extend": staff(HANDLERS),
    "responses:term-pruebas": staff(HANDLERS),
    "responses:communication-dispatch": staff(HANDLERS | {FO}, ok=405),
    "responses:remission": staff(READ_ALL),
    "responses:remission-pdf": staff(READ_ALL),
    # --- archive (archive/policy.py): the auxiliar and the coordinator keep it; every role
    # that reads every case may find where a file is and print a closed case's expediente.
    "archive:list": staff(READ_ALL),
    "archive:pending": staff(READ_ALL),
    "archive:loans": staff(READ_ALL),
    "archive:detail": staff(READ_ALL),
    "archive:case-archive": staff({CO, AU}),
    "archive:expediente-pdf": staff(READ_ALL),
    "archive:relocate": staff({CO, AU}),
    "archive:loan-new": staff({CO, AU}),
    "archive:loan-return": staff({CO, AU}, ok=405),  # POST only
    "archive:trd-list": staff(READ_ALL),
    "archive:trd-new": staff({CO, AU}),
    "archive:trd-edit": staff({CO, AU}),
    # --- reports (reports/policy.py)
    "reports:dashboard": staff({CO, GE}),
    "reports:indicators": staff({CO, GE}),
    "reports:targets": staff({CO}),
    "reports:sui": staff({CO, GE}),
    # A row per case (cuenta, factura): the coordinator alone; no file generated in the world.
    "reports:sui-download": staff({CO}, ok=404),
    "reports:management": staff({CO, GE}),
    "reports:management-pdf": staff({CO, GE}, ok=404),  # no report generated in the world
    "reports:management-approve": row(302, 403, 403, 403, 405, 403, 403),  # POST only
    "reports:management-send": row(302, 403, 403, 403, 405, 403, 403),  # POST only
    "reports:export": staff({CO, GE}, ok=404),  # no list named: nothing to export
    "reports:export-job": staff({CO, GE}, ok=404),  # no export asked in the world
    "reports:export-download": staff({CO, GE}, ok=404),
    "reports:billing": staff({CO, GE}),
    "reports:billing-detail": staff({CO, GE}, ok=404),  # no cuenta generated in the world
    "reports:billing-pdf": staff({CO, GE}, ok=404),
    "reports:billing-xlsx": staff({CO, GE}, ok=404),
    "reports:prices": staff({CO, GE}),
    "reports:novelties": staff({CO, GE}),
    # --- the record (caserecord/policy.py): the log of reads of personal data
    "caserecord:access-log": staff({CO}),
    "caserecord:access-log-export": staff({CO}),
    # --- Django's admin: its own login and the is_staff flag plus the model
    # permissions of pqr_portal.roles.ROLE_PERMISSIONS, not the policies. No role
    # user here is staff, so every admin page sends to the admin login, which sends
    # the anonymous to the staff login (axes counts failures there) and refuses a
    # logged-in user who may not enter (pqr_portal/admin_site.py).
    "admin:login": row(302, 403, 403, 403, 403, 403, 403),
}
# Every other admin URL (one set per registered model) answers alike.
ADMIN_NAMESPACE = "admin"
ADMIN_OTHERS = public(302)


# --- the URL configuration ---------------------------------------------------------

def url_patterns():
    """Yield (full name, pattern) for every named URL of the project."""

    def walk(patterns, ns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{ns}{p.name}", p

    yield from walk(get_resolver().url_patterns, "")


def expected_for(name: str) -> dict[str, int] | None:
    if name in MATRIX:
        return MATRIX[name]
    if name.startswith(f"{ADMIN_NAMESPACE}:"):
        return ADMIN_OTHERS
    return None


def test_every_url_has_a_row():
    names = {name for name, _ in url_patterns()}
    missing = sorted(n for n in names if expected_for(n) is None)
    assert not missing, f"URLs without a row in MATRIX (declare who may open them): {missing}"
    stale = sorted(set(MATRIX) - names)
    assert not stale, f"rows for URLs that no longer exist: {stale}"


# --- the objects the URLs need -----------------------------------------------------

def _pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def _build_world() -> dict:
    from tests.field_visits.helpers import submit_acta

    users = {r: make_user(role, username=f"m-{r}") for r, role in ROLE_OF.items()}
    back, coord, brig = users[BO], users[CO], users[BR]
    customer = CustomerFactory()
    case = make_case(customer=customer, notify_by=NotifyBy.EMAIL,
                     notify_email="usuario@example.com", electronic_consent=True)
    attachment = intake_services.attachment_add_bytes(
        case=case, name="soporte.pdf", content=_pdf(), mime="application/pdf", actor=back,
        kind="evidencia")
    agreement = agreement_create(
        customer=customer, case=case, account_number="123", debt_amount=Decimal("1000"),
        down_payment=Decimal("100"), installments=3, monthly_interest_rate=Decimal("1"),
        first_due_date=timezone.localdate() + timedelta(days=10), actor=users[FO])
    closure = closure_save(closure=None, day=date(timezone.localdate().year + 1, 3, 2),
                           name="Cierre de prueba", formally_adopted=False, actor=coord)
    intake_services.case_transition(case=case, to_status=CaseStatus.EN_TRAMITE, actor=back)

    # Two revision orders for the matrix brigadista: one visited (its acta), one pending.
    def order():
        return visit_services.order_create(case=case, actor=back, reason="alto_consumo",
                                           address="Calle 10 # 20-30", zone="Centro")

    def visit_for(o):
        visit, _ = visit_services.visit_schedule(
            order=o, brigadista=brig, planned_date=timezone.localdate(),
            window_start=time(8), window_end=time(10), actor=back)
        return visit

    visited = visit_for(order())
    visit_services.visit_safety_check(visit=visited, actor=brig,
                                      items=list(visit_services.SAFETY_ITEMS))
    acta = submit_acta(visited, brig)
    pending_order = order()
    visit = visit_for(pending_order)

    # The answer, issued and notified electronically; a recurso with appeal; its remission.
    template = ResponseTemplate.objects.get(
        name="Reclamo por alto consumo: no accede (consumo verificado)")
    response = response_services.response_create(case=case, actor=back, template=template)
    response_services.response_submit(response=response, actor=back)
    response_services.response_approve(response=response, actor=coord)
    letter = response_services.response_issue(response=response, actor=back)
    notification = letter.notification
    response_services.notification_open(token=notification.token)
    recurso = response_services.recurso_file(
        decision_case=case, actor=back, kind=CaseKind.RECURSO_REPOSICION_APELACION,
        description="Pido revisar el medidor.")
    remission = response_services.remission_open(recurso=recurso, at=timezone.now())
    remission = response_services.remission_build_expediente(remission=remission, actor=back)
    case.refresh_from_db()
    quality = _quality_world(users, case)
    communication = response_services.communication_issue(
        case=case, purpose="citacion", rows=[], actor=back, channel="postal")

    archive = _archive_world(users)
    habeas = _habeas_world(case)

    kwargs = {
        **archive, **habeas,
        "communication_id": communication.pk,
        "case_id": case.pk, "attachment_id": attachment.pk, "customer_id": customer.pk,
        "agreement_id": agreement.pk, "closure_id": closure.pk, "term_id": case.response_term_id,
        "order_id": pending_order.pk, "visit_id": visit.pk, "acta_id": acta.pk,
        "photo_id": acta.photos.first().pk, "response_id": response.pk, "letter_id": letter.pk,
        "notification_id": notification.pk, "action": "citacion",
        "remission_id": remission.pk, "radicado": case.radicado, "token": notification.token,
        "code": letter.verification_code, "file_id": 1, "report_id": 1, "job_id": 1,
        "statement_id": 1, **quality,
        # password reset and the admin
        "uidb64": "MQ", "object_id": "1", "content_type_id": "1",
        "id": "1", "pk": "1", "app_label": "intake",
    }
    return {"users": users, "kwargs": kwargs}


def _archive_world(users) -> dict:
    """A closed case pending archive, another archived and lent, a TRD series."""
    from archive import services as archive_services
    from archive.models import RetentionSeries

    coord, aux = users[CO], users[AU]

    def closed():
        case = make_case()
        return intake_services.case_transition(case=case, to_status=CaseStatus.CERRADO,
                                               actor=coord, act="quick_answer")

    series = RetentionSeries.objects.get(code="200.45.01")
    pending = closed()
    archived = archive_services.case_archive(case=closed(), actor=aux, series=series, box="1",
                                             folder="1", folio_from=1, folio_to=5)
    loan = archive_services.loan_open(archived_file=archived, actor=aux, borrower="Jurídica",
                                      purpose="Consulta",
                                      due_on=timezone.localdate() + timedelta(days=3))
    return {"closed_case_id": pending.pk, "archived_id": archived.pk, "loan_id": loan.pk,
            "series_id": series.pk}


def _habeas_world(case) -> dict:
    """The holder of the world's case asks to correct and to suppress their data."""
    from habeas.services import habeas_file_public

    def file(right):
        return habeas_file_public(radicado=case.radicado, tracking_code=case.tracking_code,
                                  right=right, description="Mi teléfono cambió.").pk

    return {"habeas_correction_id": file("correccion"), "habeas_suppression_id": file("supresion")}


def _quality_world(users, case) -> dict:
    """A non-conformity in treatment with a done action and training, an inspection, a plan."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from compliance import services as q
    from compliance.models import ChecklistTemplate

    coord, back, brig = users[CO], users[BO], users[BR]
    nc = q.nonconformity_open(actor=coord, kind="procedimiento", origin="auditoria",
                              description="Hallazgo de auditoría", case_id=case.pk,
                              responsible=back)
    q.nonconformity_analyse(nonconformity=nc, actor=back, method="texto_libre",
                            root_cause="Falta de inducción", responsible=back,
                            due_date=timezone.localdate() + timedelta(days=10))
    action = q.action_add(nonconformity=nc, actor=back, description="Inducción", owner=brig,
                          due_date=timezone.localdate() + timedelta(days=5))
    q.action_set_status(action=action, status="hecha", actor=brig, note="Hecha",
                        evidence=SimpleUploadedFile("e.pdf", _pdf()))
    training = q.training_schedule(actor=coord, person=back, topic="Radicación",
                                   planned_on=timezone.localdate(), duration_hours=Decimal("2"),
                                   trainer="Coordinación", nonconformity=nc)
    q.training_set_status(training=training, status="realizada", actor=coord,
                          held_on=timezone.localdate(), evidence=SimpleUploadedFile("a.pdf", _pdf()))
    template = ChecklistTemplate.objects.get(code="chequeo-preoperacional", active=True)
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
    answers = {i.pk: {"result": "cumple", "note": "",
                      "photo": SimpleUploadedFile("f.png", png) if n == 0 else None}
               for n, i in enumerate(template.items.all())}
    inspection = q.inspection_record(actor=brig, template=template, answers=answers, team="B1")
    plan = q.plan_create(actor=coord, period_kind="mes",
                         period_start=timezone.localdate().replace(day=1))
    request = q.support_request_open(actor=coord, kind="compra", description="Guantes",
                                     owner=coord, due_date=timezone.localdate(), nonconformity=nc)
    return {"nc_id": nc.pk, "action_id": action.pk, "training_id": training.pk,
            "checklist_id": template.pk, "inspection_id": inspection.pk,
            "answer_id": inspection.answers.exclude(photo="").first().pk, "plan_id": plan.pk,
            "request_id": request.pk}


# URLs whose object is not the world's main one: URL name -> {URL kwarg: key of the world}.
URL_OBJECTS = {
    "habeas:correct": {"case_id": "habeas_correction_id"},
    "habeas:suppression": {"case_id": "habeas_suppression_id"},
}


def _url(name: str, pattern: URLPattern, kwargs: dict) -> str:
    wanted = set(pattern.pattern.regex.groupindex)
    own = URL_OBJECTS.get(name, {})
    return reverse(name, kwargs={k: kwargs[own.get(k, k)] for k in wanted})


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return _build_world()


def test_every_url_answers_each_role_as_declared(client, world):
    """GET every URL of the resolver as each role; list every disagreement at once."""
    wrong = []
    urls = [(name, _url(name, pattern, world["kwargs"]))
            for name, pattern in sorted(url_patterns(), key=lambda p: p[0])]
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        for name, url in urls:
            status = client.get(url).status_code
            declared = expected_for(name)[role]
            if status != declared:
                wrong.append(f"{name} as {role}: {status}, declared {declared}")
    assert not wrong, "\n".join(wrong)


def test_anonymous_is_sent_to_the_login_page(client, world):
    """The 302 of anonymous users on staff pages goes to the login form."""
    login = reverse("login")
    for name, pattern in url_patterns():
        if expected_for(name)["anonymous"] != 302 or name.startswith("admin:"):
            continue
        if name == "favicon":  # a public redirect to the static icon
            continue
        response = client.get(_url(name, pattern, world["kwargs"]))
        assert response["Location"].startswith(f"{login}?next="), name


# --- navigation and views ask the same policy ----------------------------------------

def test_each_nav_entry_names_the_policy_that_guards_its_view():
    for name, _label, allowed in NAV_ITEMS:
        view = resolve(reverse(name)).func
        guard = getattr(view, "policy", None)
        if guard is not None:
            assert guard is allowed, f"{name}: menu asks {allowed.__name__}, view {guard.__name__}"


@pytest.mark.parametrize("role", sorted(ROLE_OF))
def test_every_menu_link_shown_to_a_role_opens_for_it(client, role):
    user = make_user(ROLE_OF[role], username=f"nav-{role}")
    client.force_login(user)
    shown = nav_items_for(user)
    assert shown, role
    for name, _label in shown:
        response = client.get(reverse(name), follow=True)
        assert response.status_code == 200, f"{role}: menu shows {name}, page answers " \
                                             f"{response.status_code}"
    # And what the menu hides, the page refuses (or the role has no such page).
    for name, _label, _allowed in NAV_ITEMS:
        if (name, _label) not in shown:
            assert client.get(reverse(name)).status_code in (403, 404), f"{role}: {name}"


def test_the_menu_on_the_page_is_the_policy(client):
    """The rendered menu lists exactly the entries nav_items_for gives the role."""
    user = make_user(Role.GERENTE, username="nav-page")
    client.force_login(user)
    html = client.get(reverse("intake:case-list")).content.decode()
    for name, _label, _allowed in NAV_ITEMS:
        link = f'href="{reverse(name)}"'
        if (name, _label) in nav_items_for(user):
            assert link in html, name
