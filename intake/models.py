"""
Cases (PQR), customers, attachments and payment agreements. The case
timeline, the outbox and the number counters live in caserecord.

Only intake.services writes these rows (factories in tests may arrange them).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.choices import CaseKind, CaseStatus, Channel, IdType, NotifyBy


class Team(models.Model):
    """
    A work team of the office: people the coordinator groups (gestores,
    brigadistas). A team's cases are those assigned to its members; the
    dashboard and the case list filter by it.
    """

    name = models.CharField(_("nombre"), max_length=80, unique=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="teams", blank=True,
                                     verbose_name=_("integrantes"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("equipo")
        verbose_name_plural = _("equipos")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A DANE municipality the utility serves (catalogue, editable)."""

    dane_code = models.CharField(_("código DANE"), max_length=5, unique=True)
    name = models.CharField(_("municipio"), max_length=80)
    department_code = models.CharField(_("código DANE del departamento"), max_length=2)
    department_name = models.CharField(_("departamento"), max_length=80)
    populated_centre_code = models.CharField(_("código del centro poblado"), max_length=8,
                                             default="000")

    class Meta:
        verbose_name = _("municipio")
        verbose_name_plural = _("municipios")
        ordering = ["department_name", "name"]

    def __str__(self):
        return f"{self.name} ({self.department_name})"


class Causal(models.Model):
    """A SUI causal: group F (facturación) or P (prestación) and its detail code."""

    class Group(models.TextChoices):
        FACTURACION = "F", _("Facturación")
        PRESTACION = "P", _("Prestación del servicio")

    code = models.CharField(_("código SUI"), max_length=5, unique=True)
    group = models.CharField(_("grupo"), max_length=1, choices=Group.choices)
    name = models.CharField(_("causal"), max_length=150)
    public_label = models.CharField(_("texto para el ciudadano"), max_length=150, blank=True)
    active = models.BooleanField(_("activa"), default=True)

    class Meta:
        verbose_name = _("causal")
        verbose_name_plural = _("causales")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} · {self.name}"

    @property
    def is_billing(self) -> bool:
        return self.group == self.Group.FACTURACION


class Customer(models.Model):
    """A suscriptor or usuario: who files, identified by a validated document."""

    id_type = models.CharField(_("tipo de documento"), max_length=3, choices=IdType.choices)
    id_number = models.CharField(_("número de documento"), max_length=20)
    first_name = models.CharField(_("nombres"), max_length=80, blank=True)
    last_name = models.CharField(_("apellidos"), max_length=80, blank=True)
    business_name = models.CharField(_("razón social"), max_length=150, blank=True)
    phone = models.CharField(_("teléfono"), max_length=20, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    address = models.CharField(_("dirección"), max_length=200, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True,
                                     blank=True, verbose_name=_("municipio"))
    estrato = models.PositiveSmallIntegerField(_("estrato"), null=True, blank=True)
    accounts = models.CharField(
        _("cuentas (NIU)"), max_length=300, blank=True,
        help_text=_("Números de cuenta del usuario, separados por coma."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")
        ordering = ["last_name", "first_name", "business_name"]
        constraints = [
            models.UniqueConstraint(fields=["id_type", "id_number"], name="customer_unique_id"),
        ]
        indexes = [models.Index(fields=["id_number"], name="customer_id_number_idx")]

    def __str__(self):
        return f"{self.full_name} ({self.id_type} {self.id_number})"

    def get_absolute_url(self):
        return reverse("intake:customer-detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return self.business_name or f"{self.first_name} {self.last_name}".strip()

    @property
    def account_list(self) -> list[str]:
        return [a.strip() for a in self.accounts.split(",") if a.strip()]


# What a public-form filer types about themselves, kept on the case as Case.contact_<name>.
TYPED_CONTACT_FIELDS = ("first_name", "last_name", "business_name", "phone", "email", "address")


def new_tracking_code() -> str:
    # 60 bits of randomness in an alphabet without look-alike characters.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Case(models.Model):
    """A PQR from radicación to closure. Status changes only through intake.services."""

    radicado = models.CharField(_("radicado"), max_length=30, unique=True)
    kind = models.CharField(_("tipo de solicitud"), max_length=40, choices=CaseKind.choices)
    channel = models.CharField(_("canal"), max_length=20, choices=Channel.choices)
    status = models.CharField(_("estado"), max_length=30, choices=CaseStatus.choices,
                              default=CaseStatus.RADICADO, editable=False)
    status_changed_at = models.DateTimeField(_("último cambio de estado"), default=timezone.now,
                                             editable=False)
    filed_at = models.DateTimeField(_("radicado el"), default=timezone.now)
    # A document registered after it arrived keeps its date of receipt: the terms count
    # from it (empty: received when registered).
    received_at = models.DateTimeField(
        _("recibido el"), null=True, blank=True, editable=False,
        help_text=_("Cuando el documento llegó antes de radicarlo: los términos cuentan desde aquí."))
    received_reason = models.CharField(_("motivo de la radicación posterior"), max_length=300,
                                       blank=True, editable=False)
    causal = models.ForeignKey(Causal, on_delete=models.PROTECT, null=True, blank=True,
                               verbose_name=_("causal"))
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="cases",
                                 verbose_name=_("usuario"))
    account_number = models.CharField(_("cuenta (NIU)"), max_length=30, blank=True)
    bill_number = models.CharField(_("número de factura"), max_length=30, blank=True)
    bill_issued_on = models.DateField(_("fecha de la factura"), null=True, blank=True)
    subject = models.CharField(_("asunto"), max_length=200, blank=True)
    description = models.TextField(_("descripción"))
    is_verbal = models.BooleanField(_("solicitud verbal"), default=False)
    first_contact_answer = models.TextField(_("respuesta en primer contacto"), blank=True)
    # How and where this petition is answered (may differ from the customer's record).
    notify_by = models.CharField(_("medio de notificación"), max_length=10,
                                 choices=NotifyBy.choices, default=NotifyBy.POSTAL)
    notify_email = models.EmailField(_("correo para notificar"), blank=True)
    notify_address = models.CharField(_("dirección para notificar"), max_length=200, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True,
                                     blank=True, verbose_name=_("municipio"))
    # The contact data typed on the public form, kept as this filing's own data: the
    # receipt, the e-mails and the letters show these, never the customer record (anyone
    # may type someone else's document number). The record changes only when staff
    # accept the differences (intake.services.contact.contact_accept).
    contact_first_name = models.CharField(_("nombres escritos"), max_length=80, blank=True,
                                          default="", db_default="")
    contact_last_name = models.CharField(_("apellidos escritos"), max_length=80, blank=True,
                                         default="", db_default="")
    contact_business_name = models.CharField(_("razón social escrita"), max_length=150,
                                             blank=True, default="", db_default="")
    contact_phone = models.CharField(_("teléfono escrito"), max_length=20, blank=True,
                                     default="", db_default="")
    contact_email = models.EmailField(_("correo escrito"), blank=True, default="", db_default="")
    contact_address = models.CharField(_("dirección escrita"), max_length=200, blank=True,
                                       default="", db_default="")
    electronic_consent_at = models.DateTimeField(_("aceptó notificación electrónica el"),
                                                 null=True, blank=True)
    data_consent_at = models.DateTimeField(_("autorizó el tratamiento de datos el"),
                                           null=True, blank=True)
    data_consent_version = models.CharField(_("versión del aviso de privacidad"), max_length=20,
                                            blank=True)
    data_consent_channel = models.CharField(_("canal de la autorización"), max_length=20,
                                            blank=True)
    tracking_code = models.CharField(_("código de consulta"), max_length=16,
                                     default=new_tracking_code, editable=False)
    external_reference = models.CharField(
        _("radicado externo"), max_length=60, blank=True,
        help_text=_("Número del juzgado o de la SSPD cuando la solicitud viene de ellos."),
    )
    # Who the answer goes to when the request came from an authority (the court of a
    # tutela, the SSPD office of its request); the citizen gets a copy where due.
    authority_name = models.CharField(_("autoridad destinataria"), max_length=200, blank=True,
                                      help_text=_("Juzgado o dependencia de la SSPD."))
    authority_address = models.CharField(_("dirección de la autoridad"), max_length=200,
                                         blank=True)
    authority_email = models.EmailField(_("correo de la autoridad"), blank=True)
    hand_deadline_at = models.DateTimeField(
        _("plazo fijado en la orden"), null=True, blank=True,
        help_text=_("Tutela o solicitud SSPD: fecha y hora exactas ordenadas."),
    )
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="assigned_cases",
                                 verbose_name=_("responsable"))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="recursos", verbose_name=_("decisión recurrida"))
    duplicate_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="duplicates", verbose_name=_("duplicado de"))
    response_term = models.OneToOneField("compliance.Term", on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="+", editable=False)
    receipt_sent_at = models.DateTimeField(
        _("constancia enviada el"), null=True, blank=True, editable=False,
        help_text=_("Vacío mientras la constancia de radicación no se haya generado y enviado: "
                    "el barrido la reintenta."),
    )
    annulment_reason = models.TextField(_("motivo de anulación"), blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("caso PQR")
        verbose_name_plural = _("casos PQR")
        ordering = ["-filed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values),
                                   name="case_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=CaseKind.values), name="case_kind_valid"),
        ]
        indexes = [
            models.Index(fields=["status", "-filed_at"], name="case_status_filed_idx"),
            models.Index(fields=["assignee", "status"], name="case_assignee_status_idx"),
            models.Index(fields=["account_number"], name="case_account_idx"),
            models.Index(fields=["-filed_at", "-id"], name="case_filed_idx"),
        ]

    def __str__(self):
        return self.radicado

    def get_absolute_url(self):
        return reverse("intake:case-detail", args=[self.pk])

    @property
    def has_typed_contact(self) -> bool:
        """True for a public-form filing: its own contact data speaks for the filer."""
        return bool(self.contact_first_name or self.contact_last_name
                    or self.contact_business_name)

    def typed_contact(self) -> dict[str, str]:
        """The contact data typed on the public form (empty values on desk filings)."""
        return {k: getattr(self, f"contact_{k}") for k in TYPED_CONTACT_FIELDS}

    @property
    def filer_name(self) -> str:
        """Whom the receipt, e-mails and letters address: the typed name on web filings."""
        if self.has_typed_contact:
            return (self.contact_business_name
                    or f"{self.contact_first_name} {self.contact_last_name}".strip())
        return self.customer.full_name

    @property
    def postal_address(self) -> str:
        """Where letters go by post: never the customer record's for a web filing."""
        if self.has_typed_contact:
            return self.notify_address or self.contact_address
        return self.notify_address or self.customer.address

    @property
    def counts_from(self):
        """The instant the legal terms count from: the receipt, when it came before."""
        return self.received_at or self.filed_at

    @property
    def is_recurso(self) -> bool:
        from intake.choices import RECURSO_KINDS

        return self.kind in RECURSO_KINDS


class Attachment(models.Model):
    """A file of a case, validated by content and kept with its SHA-256."""

    class Kind(models.TextChoices):
        PETICION = "peticion", _("Documento de la petición")
        CARTA_ESCANEADA = "carta", _("Carta escaneada")
        EVIDENCIA = "evidencia", _("Evidencia")
        CONSTANCIA = "constancia", _("Constancia de radicación")
        ACTA = "acta", _("Acta de revisión")
        RESPUESTA = "respuesta", _("Respuesta")
        DESISTIMIENTO = "desistimiento", _("Escrito de desistimiento")
        OTRO = "otro", _("Otro")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.PETICION)
    file = models.FileField(_("archivo"), upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("nombre original"), max_length=200)
    content_type = models.CharField(_("tipo de contenido"), max_length=100)
    size = models.PositiveIntegerField(_("tamaño (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("descripción"), max_length=200, blank=True)
    public = models.BooleanField(_("visible para el ciudadano"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("anexo")
        verbose_name_plural = _("anexos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class PaymentAgreement(models.Model):
    """An acuerdo de pago agreed at the counter under the CCU and commercial policy."""

    class Status(models.TextChoices):
        BORRADOR = "borrador", _("Borrador")
        FIRMADO = "firmado", _("Firmado")
        CUMPLIDO = "cumplido", _("Cumplido")
        INCUMPLIDO = "incumplido", _("Incumplido")
        ANULADO = "anulado", _("Anulado")

    number = models.CharField(_("número"), max_length=30, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT,
                                 related_name="payment_agreements")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="payment_agreements")
    account_number = models.CharField(_("cuenta (NIU)"), max_length=30)
    debt_amount = models.DecimalField(_("deuda total"), max_digits=14, decimal_places=2)
    down_payment = models.DecimalField(_("cuota inicial"), max_digits=14, decimal_places=2)
    installments = models.PositiveSmallIntegerField(_("número de cuotas"))
    monthly_interest_rate = models.DecimalField(_("interés mensual (%)"), max_digits=5,
                                                decimal_places=2)
    first_due_date = models.DateField(_("vencimiento de la primera cuota"))
    default_effect = models.TextField(
        _("efecto del incumplimiento"), blank=True,
        default=_("El incumplimiento de dos cuotas deja sin efecto el acuerdo y hace exigible el "
                  "saldo, con suspensión del servicio según el contrato de condiciones uniformes."),
    )
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices,
                              default=Status.BORRADOR)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("acuerdo de pago")
        verbose_name_plural = _("acuerdos de pago")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(down_payment__lte=models.F("debt_amount")),
                                   name="agreement_down_payment_lte_debt"),
            models.CheckConstraint(condition=Q(installments__gte=1), name="agreement_installments"),
        ]

    def __str__(self):
        return self.number
