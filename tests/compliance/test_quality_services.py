"""The quality system without HTTP: non-conformities, actions, retraining, repetition, QHSE."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from caserecord.models import Event, OutgoingEmail
from caserecord.services import record_history
from compliance import services
from compliance.models import (
    ChecklistTemplate,
    CorrectiveAction,
    InspectionAnswer,
    NonConformity,
    Term,
    Training,
)
from compliance.sweep import terms_sweep
from compliance.terms import BOGOTA
from pqr_portal.roles import Role
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 10, 14, 9, tzinfo=BOGOTA)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture(autouse=True)
def _frozen(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=False):
        yield


def pdf(name="evidencia.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def open_nc(actor, **kw):
    params = dict(actor=actor, kind=NonConformity.Kind.PROCEDIMIENTO,
                  origin=NonConformity.Origin.AUDITORIA, description="Radicó sin constancia.")
    params.update(kw)
    return services.nonconformity_open(**params)


def treat_to_verification(nc, coord, owner):
    services.nonconformity_analyse(nonconformity=nc, actor=coord, method="cinco_porques",
                                   whys=["No entregó la constancia", "No sabía"],
                                   root_cause="Falta de inducción", responsible=coord,
                                   due_date=date(2026, 10, 30))
    action = services.action_add(nonconformity=nc, actor=coord, description="Inducción",
                                 owner=owner, due_date=date(2026, 10, 20))
    return action


def test_an_expired_term_gives_one_nonconformity_that_the_coordinator_treats(coordinador,
                                                                          back_office):
    filed = datetime(2026, 9, 1, 10, tzinfo=BOGOTA)
    with time_machine.travel(filed, tick=False):
        case = make_case(filed_at=filed)
    terms_sweep(now=NOW)
    terms_sweep(now=NOW + timedelta(hours=1))
    nc = NonConformity.objects.get(term=case.response_term_id)
    assert NonConformity.objects.filter(term=case.response_term_id).count() == 1
    # The columns added for the treatment got their database defaults in the sweep's INSERT.
    assert (nc.origin, nc.severity, nc.root_cause) == ("respuesta_tardia", "mayor", "")
    assert Term.objects.get(pk=case.response_term_id).expired_at is not None
    treat_to_verification(nc, coordinador, back_office)
    assert NonConformity.objects.get(pk=nc.pk).status == "en_tratamiento"


def test_closure_is_refused_while_actions_or_retraining_are_open(coordinador, back_office):
    nc = open_nc(coordinador, person=back_office)
    action = treat_to_verification(nc, coordinador, back_office)
    training = services.training_schedule(
        actor=coordinador, person=back_office, topic="Radicación y constancias",
        planned_on=date(2026, 10, 16), duration_hours=Decimal("2"), trainer="Coordinación",
        nonconformity=nc)
    with pytest.raises(ValidationError, match="acciones correctivas sin terminar"):
        services.nonconformity_set_status(nonconformity=nc, status="en_verificacion",
                                          actor=coordinador)
    # The owner works the action: done needs what was done.
    with pytest.raises(ValidationError):
        services.action_set_status(action=action, status="hecha", actor=back_office)
    services.action_set_status(action=action, status="hecha", actor=back_office,
                               note="Inducción dada", evidence=pdf())
    action.refresh_from_db()
    assert action.evidence.name.endswith(".pdf") and action.done_at is not None
    services.nonconformity_set_status(nonconformity=nc, status="en_verificacion",
                                      actor=coordinador)
    services.nonconformity_verify(nonconformity=nc, actor=coordinador,
                                  verified_on=date(2026, 10, 14), result="eficaz")
    with pytest.raises(ValidationError) as refused:
        services.nonconformity_set_status(nonconformity=nc, status="cerrada", actor=coordinador)
    assert refused.value.messages == ["Hay reentrenamientos pendientes."]
    with pytest.raises(ValidationError, match="asistencia"):
        services.training_set_status(training=training, status="realizada", actor=coordinador,
                                     held_on=date(2026, 10, 14))
    services.training_set_status(training=training, status="realizada", actor=coordinador,
                                 held_on=date(2026, 10, 14), evidence=pdf("asistencia.pdf"))
    services.nonconformity_set_status(nonconformity=nc, status="cerrada", actor=coordinador)
    nc.refresh_from_db()
    assert nc.status == "cerrada" and nc.closed_by == coordinador
    # Every change is in the audit trail, with who and when.
    trail = list(record_history(nc))
    assert [e.kind for e in trail] == [
        "nonconformity.opened", "nonconformity.analysed", "nonconformity.status_changed",
        "action.added", "training.scheduled", "action.status_changed",
        "nonconformity.status_changed", "nonconformity.verified", "training.status_changed",
        "nonconformity.status_changed"]
    assert all(e.actor_id in (coordinador.pk, back_office.pk) for e in trail)
    assert all(e.created_at == NOW for e in trail)
    assert trail[-1].summary == "No conformidad: Cerrada"


def test_only_the_coordinator_closes_and_only_owners_work_actions(coordinador, back_office,
                                                                 front_office, gerente):
    nc = open_nc(back_office, responsible=back_office)
    action = treat_to_verification(nc, back_office, front_office)
    with pytest.raises(PermissionDenied):
        services.action_set_status(action=action, status="en_curso", actor=back_office)
    services.action_set_status(action=action, status="hecha", actor=front_office, note="Listo")
    services.nonconformity_set_status(nonconformity=nc, status="en_verificacion",
                                      actor=back_office)
    for someone in (back_office, gerente):
        with pytest.raises(PermissionDenied):
            services.nonconformity_verify(nonconformity=nc, actor=someone,
                                          verified_on=date(2026, 10, 14), result="eficaz")
    with pytest.raises(PermissionDenied):
        services.nonconformity_set_status(nonconformity=nc, status="cerrada", actor=back_office)
    with pytest.raises(PermissionDenied):
        open_nc(gerente)
    # A gestor who is not the responsible person cannot treat it.
    with pytest.raises(PermissionDenied):
        services.action_add(nonconformity=nc, actor=front_office, description="x",
                            owner=front_office, due_date=date(2026, 10, 20))


def test_ineffective_treatment_goes_back_with_a_reason(coordinador, back_office):
    nc = open_nc(coordinador)
    action = treat_to_verification(nc, coordinador, back_office)
    services.action_set_status(action=action, status="hecha", actor=back_office, note="Hecho")
    services.nonconformity_set_status(nonconformity=nc, status="en_verificacion",
                                      actor=coordinador)
    with pytest.raises(ValidationError):
        services.nonconformity_verify(nonconformity=nc, actor=coordinador,
                                      verified_on=date(2026, 10, 14), result="no_eficaz")
    services.nonconformity_verify(nonconformity=nc, actor=coordinador,
                                  verified_on=date(2026, 10, 14), result="no_eficaz",
                                  note="Volvió a pasar")
    nc.refresh_from_db()
    assert nc.status == "en_tratamiento"
    assert services.closure_blockers(nc) == ["Falta verificar la eficacia de las acciones."]


def test_same_person_failing_n_times_raises_one_repetitive_nc_per_period(settings, coordinador,
                                                                         back_office):
    settings.PQR_NC_REPETITION_THRESHOLD = 3
    for _ in range(2):
        open_nc(coordinador, person=back_office)
    assert not NonConformity.objects.filter(kind="repetitiva").exists()
    for _ in range(3):
        open_nc(coordinador, person=back_office)
    repetitive = NonConformity.objects.get(kind="repetitiva")
    assert repetitive.severity == "critica" and repetitive.person == back_office
    assert repetitive.repetition_key == f"persona:{back_office.pk}"
    assert repetitive.period_start == date(2026, 10, 1)
    assert services.repetitions_check(day=date(2026, 10, 14)) == []
    # The next month is a new period: counting starts again.
    with time_machine.travel(datetime(2026, 11, 3, 9, tzinfo=BOGOTA), tick=False):
        for _ in range(3):
            open_nc(coordinador, person=back_office)
    assert NonConformity.objects.filter(kind="repetitiva").count() == 2


def test_same_causal_counts_late_answers_of_the_sweep(settings, coordinador):
    settings.PQR_NC_REPETITION_THRESHOLD = 2
    filed = datetime(2026, 9, 1, 10, tzinfo=BOGOTA)
    with time_machine.travel(filed, tick=False):
        make_case(filed_at=filed)
        make_case(filed_at=filed, causal_code="110")
        make_case(filed_at=filed)
    terms_sweep(now=NOW)
    raised = services.repetitions_check(day=NOW.date())
    assert [nc.repetition_key.split(":")[0] for nc in raised] == ["causal"]
    assert "127" in raised[0].description


def _template():
    return ChecklistTemplate.objects.get(code="chequeo-preoperacional", active=True)


def _answers(template, failing=(), photo=None):
    answers = {}
    for item in template.items.all():
        fail = item.key in failing
        answers[item.pk] = {"result": "no_cumple" if fail else "cumple",
                            "note": "Sin guantes dieléctricos" if fail else "",
                            "photo": photo if fail else None}
    return answers


def test_a_failed_critical_item_opens_a_critical_nc_once(coordinador, brigadista):
    template = _template()
    photo = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    inspection = services.inspection_record(actor=brigadista, template=template,
                                            answers=_answers(template, {"epp", "waste"}, photo),
                                            team="Brigada 2")
    # Only the critical item opens a non-conformity; the other is a finding.
    nc = NonConformity.objects.get()
    assert (nc.kind, nc.origin, nc.severity) == ("qhse", "inspeccion_qhse", "critica")
    assert "Sin guantes dieléctricos" in nc.description
    assert nc.inspection_answer.inspection == inspection
    assert InspectionAnswer.objects.filter(inspection=inspection, result="no_cumple").count() == 2
    assert Event.objects.filter(kind="inspection.recorded", record_id=inspection.pk).exists()


def test_an_inspection_needs_every_item_and_a_note_for_failures(brigadista):
    template = _template()
    answers = _answers(template, {"epp"})
    answers[next(iter(answers))]["note"] = ""
    answers.pop(list(answers)[-1])
    with pytest.raises(ValidationError) as errors:
        services.inspection_record(actor=brigadista, template=template, answers=answers,
                                   team="Brigada 1")
    assert len(errors.value.error_dict) == 2
    assert not NonConformity.objects.exists()


def test_same_qhse_item_failing_n_times_is_repetitive(settings, brigadista):
    settings.PQR_NC_REPETITION_THRESHOLD = 2
    template = _template()
    for team in ("Brigada 1", "Brigada 2"):
        services.inspection_record(actor=brigadista, template=template,
                                   answers=_answers(template, {"waste"}), team=team)
    nc = NonConformity.objects.get(kind="repetitiva")
    assert nc.repetition_key == "item:chequeo-preoperacional:waste"


def test_editing_a_checklist_makes_a_new_version(coordinador, brigadista):
    old = _template()
    new = services.checklist_save(actor=coordinador, template=old, name=old.name, area=old.area,
                                  subject=old.subject,
                                  items=[{"key": i.key, "text": i.text, "critical": i.critical}
                                         for i in old.items.all()] + [
                                      {"text": "Botiquín completo", "critical": True}])
    old.refresh_from_db()
    assert (old.active, new.active, new.version, new.code) == (False, True, 2, old.code)
    assert new.items.count() == old.items.count() + 1
    with pytest.raises(ValidationError):
        services.inspection_record(actor=brigadista, template=old, answers={}, team="x")
    with pytest.raises(PermissionDenied):
        services.checklist_save(actor=brigadista, name="x", area="sst", subject="equipo",
                                items=[{"text": "y"}])


def test_safety_check_failure_opens_one_nc_for_the_visit(brigadista):
    first = services.safety_check_failed(visit_id=None, person=brigadista,
                                         failed_items=["Sin detector de tensión"])
    assert first.severity == "critica" and first.person == brigadista


def test_overdue_actions_remind_their_owner_once_a_day(coordinador, back_office):
    nc = open_nc(coordinador)
    services.action_add(nonconformity=nc, actor=coordinador, description="Corregir formato",
                        owner=back_office, due_date=date(2026, 10, 15))
    assert services.reminders_send(today=date(2026, 10, 15)) == 0
    assert services.reminders_send(today=date(2026, 10, 16)) == 1
    assert services.reminders_send(today=date(2026, 10, 16)) == 0
    mail = OutgoingEmail.objects.get(purpose="quality.reminder")
    assert mail.to == [back_office.email] and "Corregir formato" in mail.body


def test_training_without_nc_is_its_own_record(coordinador, brigadista):
    training = services.training_schedule(
        actor=coordinador, person=brigadista, topic="Trabajo seguro en alturas",
        planned_on=date(2026, 10, 20), duration_hours=Decimal("4"), trainer="ARL")
    assert [e.kind for e in record_history(training)] == ["training.scheduled"]
    assert Training.objects.get().status == "pendiente"
    assert not CorrectiveAction.objects.exists()
    with pytest.raises(PermissionDenied):
        services.training_schedule(actor=make_user(Role.GERENTE, username="g2"), person=brigadista,
                                   topic="x", planned_on=date(2026, 10, 20),
                                   duration_hours=Decimal("1"), trainer="y")
