"""
Demo data: one user per role (password printed), catalogues, a few cases. Idempotent.

Each part is added when it is missing, also on a database seeded before the part
existed: the cases and the work on them (only on an empty case table), the archive
(its demo box), the holder's requests of Ley 1581 (one of each kind per demo holder).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from intake.choices import HABEAS_DATA_KINDS, CaseKind, Channel, NotifyBy
from intake.models import Case, Causal, Municipality
from pqr_portal.management.guard import NotInProductionCommand
from pqr_portal.roles import GROUP_NAMES, Role
from pqr_portal.roles_sync import sync_role_permissions

DEMO_PASSWORD = "Demo-PQR-2026"

DEMO_USERS = [
    # username, first, last, role
    ("coordinador", "Claudia", "Restrepo", Role.COORDINADOR),
    ("frontoffice", "Andrés", "Pérez", Role.FRONT_OFFICE),
    ("backoffice", "Beatriz", "Gómez", Role.BACK_OFFICE),
    ("backoffice2", "Mauricio", "Ospina", Role.BACK_OFFICE),
    ("brigadista", "Jhon", "Martínez", Role.BRIGADISTA),
    ("auxiliar", "Diana", "Rojas", Role.AUXILIAR),
    ("gerente", "Germán", "Vargas", Role.GERENTE),
]

DEMO_CUSTOMERS = [
    ("CC", "1045678901", "María Fernanda", "Torres Díaz", "Cra 45 # 72-10", "08001", "1001234"),
    ("CC", "72345678", "Luis Alberto", "Mendoza", "Calle 30 # 12-45", "08758", "1005678"),
    ("NIT", "9001234568", "", "", "Vía 40 # 85-20 Bodega 3", "08001", "2009876"),
]


DEMO_ARCHIVE_BOX = "2026-001"

# (demo customer, right, kind of case, what the holder wrote): Ley 1581 requests.
DEMO_HABEAS = [
    (0, "acceso", CaseKind.DATOS_CONSULTA,
     "Quiero saber qué datos personales míos tiene la empresa y para qué los usa."),
    (1, "correccion", CaseKind.DATOS_RECTIFICACION,
     "Mi celular cambió: el correcto es 3109876543. La dirección es Calle 30 # 12-45, "
     "apartamento 201."),
    (1, "supresion", CaseKind.DATOS_SUPRESION,
     "Pido suprimir mis datos de las solicitudes ya terminadas que no deban conservarse."),
]


class Command(NotInProductionCommand):
    help = "Crea los usuarios de demostración (uno por rol), catálogos y algunos casos."

    def handle(self, *args, **options):
        sync_role_permissions()
        User = get_user_model()
        for username, first, last, role in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username, defaults={
                "first_name": first, "last_name": last, "email": f"{username}@pqr.demo",
                "is_staff": role == Role.COORDINADOR})
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=GROUP_NAMES[role])])
        added = []
        if not Case.objects.exists():
            self._demo_cases()
            added.append("casos")
        if self._demo_archive():
            added.append("archivo")
        if self._demo_habeas():
            added.append("datos personales")
        if added:
            call_command("check_terms", verbosity=0)
            self.stdout.write(f"Datos de demostración agregados: {', '.join(added)}.")
        self.stdout.write(self.style.SUCCESS("Usuarios de demostración (contraseña para todos: "
                                             f"{DEMO_PASSWORD}):"))
        for username, _first, _last, role in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {GROUP_NAMES[role]}")

    def _demo_customers(self) -> list:
        """The demo customers, created when missing (an existing record is left as it is)."""
        from intake.models import Customer
        from intake.services import customer_upsert

        customers = []
        for id_type, number, first, last, address, dane, account in DEMO_CUSTOMERS:
            customers.append(Customer.objects.filter(id_type=id_type, id_number=number).first()
                             or customer_upsert(
                id_type=id_type, id_number=number, first_name=first, last_name=last,
                business_name="" if first else "Distribuidora del Caribe S.A.S.",
                address=address, municipality=Municipality.objects.get(dane_code=dane),
                accounts=account, email=f"usuario{number[-3:]}@example.com", phone="3001234567"))
        return customers

    @transaction.atomic
    def _demo_cases(self):
        from intake.services import case_assign, case_register

        User = get_user_model()
        front = User.objects.get(username="frontoffice")
        back = User.objects.get(username="backoffice")
        now = timezone.now()
        customers = self._demo_customers()
        alto = Causal.objects.get(code="127")
        plans = [
            (customers[0], CaseKind.RECLAMO, Channel.WEB, alto, 20,
             "La factura de este mes llegó por el triple de lo normal sin cambios en mi consumo."),
            (customers[1], CaseKind.QUEJA, Channel.PRESENCIAL, Causal.objects.get(code="315"), 12,
             "El funcionario de la oficina no me quiso recibir los documentos."),
            (customers[2], CaseKind.PETICION, Channel.CORREO, Causal.objects.get(code="117"), 3,
             "Solicitamos revisar la clase de uso asignada a la bodega."),
            (customers[0], CaseKind.PETICION_DOCUMENTOS, Channel.ESCRITO, None, 1,
             "Solicito copia del contrato de condiciones uniformes."),
        ]
        registered = []
        for customer, kind, channel, causal, days_ago, text in plans:
            case = case_register(
                kind=kind, channel=channel, customer=customer, description=text, actor=front,
                filed_at=now - timedelta(days=days_ago), causal=causal,
                account_number=customer.account_list[0], notify_by=NotifyBy.POSTAL,
                notify_address=customer.address, municipality=customer.municipality,
                data_consent=True,
            )
            if days_ago > 5:
                case_assign(case=case, assignee=back, actor=User.objects.get(username="coordinador"))
            registered.append(case)
        self._demo_work(registered, back)

    def _demo_work(self, cases, back):
        """A visit for today (brigadista) and an answer waiting for review (coordinador)."""
        from datetime import time

        from field_visits.services import order_create, visit_schedule
        from responses.services import response_create, response_submit, templates_for

        User = get_user_model()
        high_bill, complaint = cases[0], cases[1]
        order = order_create(
            case=high_bill, actor=back, reason="Revisión por alto consumo",
            address=high_bill.customer.address, account_number=high_bill.account_number,
            meter_serial="MED-458812", zone="Norte",
            instructions="Verificar sellos, lectura y prueba de funcionamiento del medidor.")
        visit_schedule(order=order, brigadista=User.objects.get(username="brigadista"),
                       planned_date=timezone.localdate(), window_start=time(8, 0),
                       window_end=time(12, 0), actor=back)
        template = templates_for(complaint).first()
        response = response_create(case=complaint, actor=back, template=template)
        response_submit(response=response, actor=back)


    @transaction.atomic
    def _demo_archive(self) -> bool:
        """
        Cases closed at the counter: three in the archive (one lent), two pending (auxiliar).
        Added once: the demo box marks it.
        """
        from archive.models import ArchivedFile, RetentionSeries
        from archive.services import case_archive, loan_open
        from intake.services.desk import quick_answer_register

        if ArchivedFile.objects.filter(box=DEMO_ARCHIVE_BOX).exists():
            return False
        User = get_user_model()
        auxiliar = User.objects.get(username="auxiliar")
        front = User.objects.get(username="frontoffice")
        customers = self._demo_customers()
        questions = [
            ("tarifas", "¿Cuál es la tarifa del kilovatio para estrato 3?",
             "Se informó la tarifa vigente publicada en la página de la empresa."),
            ("facturas", "¿Cuándo vence la factura de este mes?",
             "Se informó la fecha de pago oportuno y los puntos de pago."),
            ("suministro", "¿Hasta qué hora es el corte programado del sector?",
             "Se informó el horario del mantenimiento programado."),
            ("facturas", "¿Cómo obtengo un duplicado de la factura?",
             "Se entregó el duplicado en la ventanilla."),
            ("tarifas", "¿Qué es la contribución de solidaridad?",
             "Se explicó el cobro para usuarios comerciales."),
        ]
        closed = [quick_answer_register(customer=customers[n % len(customers)], channel="presencial",
                                        topic=topic, question=question, answer=answer, actor=front,
                                        account_number=customers[n % len(customers)].account_list[0])
                  for n, (topic, question, answer) in enumerate(questions)]
        series = RetentionSeries.objects.get(code="200.45.01")
        archived = [case_archive(case=case, actor=auxiliar, series=series, box=DEMO_ARCHIVE_BOX,
                                 folder=str(n + 1), folio_from=1, folio_to=3 + n)
                    for n, case in enumerate(closed[:3])]
        loan_open(archived_file=archived[0], actor=auxiliar, borrower="Oficina jurídica",
                  borrower_unit="Secretaría general", purpose="Soporte de una acción de tutela",
                  due_on=timezone.localdate() + timedelta(days=5))
        return True

    @transaction.atomic
    def _demo_habeas(self) -> bool:
        """
        The holder's requests (Ley 1581), filed on the citizens' page with the radicado and
        tracking code of an earlier case, each waiting for its step: an access request for
        the identity check and the report (back office), a correction of contact data (back
        office), a suppression for the coordinator's review. One of each kind per holder.
        """
        from habeas.services import habeas_file_public
        from intake.services import case_assign

        User = get_user_model()
        back = User.objects.get(username="backoffice")
        coordinator = User.objects.get(username="coordinador")
        customers = self._demo_customers()
        added = False
        for n, right, kind, text in DEMO_HABEAS:
            customer = customers[n]
            if Case.objects.filter(customer=customer, kind=kind).exists():
                continue
            source = (Case.objects.filter(customer=customer).exclude(kind__in=HABEAS_DATA_KINDS)
                      .order_by("filed_at", "pk").first())
            if source is None:
                continue
            case = habeas_file_public(radicado=source.radicado,
                                      tracking_code=source.tracking_code, right=right,
                                      description=text)
            case_assign(case=case, assignee=back, actor=coordinator)
            added = True
        return added
