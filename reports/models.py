"""
What reports keeps: the monthly roll-up of cases (a cache of intake's rows,
rebuilt by reports.rollup), the indicator targets the coordinator edits, the
SUI files generated for the SSPD and the monthly management reports.

Cases and users are referred to by id or FK only; reports writes nothing
outside these tables.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseMonthCount(models.Model):
    """
    Cases filed in a settled month, by municipality, kind and one breakdown.

    `dimension` is "day" (value: day of the month), "channel" or "causal"
    (value: the code or the causal id); the sum over one dimension is the
    month's total. Annulled cases are left out. Rows of kind "*" (municipality
    -1) hold the office-wide sums, with "kind" and "municipality" dimensions;
    with an `assignee_id` (0 unassigned; -1 everyone) they are one person's
    (a team's numbers are their sum). The detailed rows (a municipality and a
    kind) are kept for everyone (-1) and per person (0 unassigned), so a team
    narrowed to a municipality or a kind is a sum of stored rows too. A cache: reports.rollup rebuilds whole
    months from intake's cases and nothing else writes here.
    """

    month = models.DateField()
    municipality_id = models.IntegerField(default=0)  # 0: no municipality
    kind = models.CharField(max_length=40)
    assignee_id = models.IntegerField(default=-1)  # -1: everyone; 0: unassigned
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=40)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "dimension", "municipality_id", "kind",
                                            "assignee_id", "value"],
                                    name="case_month_count_unique"),
        ]
        # Each reading of the dashboard walks the rows of its level only (office,
        # municipality, kind, person), as CaseDayCount's key does.
        indexes = [models.Index(fields=["month", "municipality_id", "kind", "assignee_id"],
                                name="case_month_count_level_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.dimension}={self.value}: {self.n}"


class RolledUpMonth(models.Model):
    """A month whose counts are in CaseMonthCount, and when they were computed."""

    month = models.DateField(unique=True)
    computed_at = models.DateTimeField(default=timezone.now)
    cases = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.month:%Y-%m}"


class CaseDayCount(models.Model):
    """
    The rows of CaseMonthCount for one day (same levels and dimensions; the
    "day" rows are the day's totals): what a period reads for the days of a
    month it covers only in part, and for the current month up to yesterday.
    A cache, rebuilt with its month by reports.rollup.
    """

    day = models.DateField()
    municipality_id = models.IntegerField(default=0)
    kind = models.CharField(max_length=40)
    assignee_id = models.IntegerField(default=-1)
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=40)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # Day first, then the levels (office, municipality, kind, person): each
            # reading of the dashboard walks the rows of its level only.
            models.UniqueConstraint(fields=["day", "municipality_id", "kind", "assignee_id",
                                            "dimension", "value"],
                                    name="case_day_count_unique"),
        ]
        # A kind without a municipality: the key above would walk every municipality's
        # rows of each day (and PostgreSQL would start parallel workers for it).
        indexes = [models.Index(fields=["day", "kind", "assignee_id"],
                                name="case_day_count_kind_idx")]

    def __str__(self):
        return f"{self.day} {self.dimension}={self.value}: {self.n}"


class RolledUpDay(models.Model):
    """A day whose counts are in CaseDayCount, and when they were computed."""

    day = models.DateField(unique=True)
    computed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.day}"


class IndicatorTarget(models.Model):
    """
    The target of one indicator. Editable settings until the service plan of
    the quality cycle states them; a code without a row uses its default.
    """

    code = models.CharField(_("indicador"), max_length=40, unique=True)
    target = models.DecimalField(_("meta"), max_digits=8, decimal_places=2)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meta de indicador")
        verbose_name_plural = _("metas de indicadores")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code}: {self.target}"


class SuiFile(models.Model):
    """One generated SUI Formato A file, kept with who, when, rows and hash."""

    month = models.DateField(_("mes reportado"))
    file = models.FileField(_("archivo"), upload_to="sui/%Y/")
    rows = models.PositiveIntegerField(_("filas"))
    invalid_rows = models.PositiveIntegerField(_("filas con problemas"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    generated_at = models.DateTimeField(_("generado el"), default=timezone.now)

    class Meta:
        verbose_name = _("archivo SUI")
        verbose_name_plural = _("archivos SUI")
        ordering = ["-generated_at", "-pk"]

    def __str__(self):
        return f"SUI {self.month:%Y-%m} ({self.rows})"


class ManagementReport(models.Model):
    """The monthly informe de gestión for the client utility: generated, approved, sent."""

    class Status(models.TextChoices):
        GENERADO = "generado", _("Generado")
        APROBADO = "aprobado", _("Aprobado")
        ENVIADO = "enviado", _("Enviado")

    month = models.DateField(_("mes"), unique=True)
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices,
                              default=Status.GENERADO, editable=False)
    pdf = models.FileField(_("PDF"), upload_to="informes/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    generated_at = models.DateTimeField(_("generado el"), default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(_("aprobado el"), null=True, blank=True)
    sent_at = models.DateTimeField(_("enviado el"), null=True, blank=True)

    class Meta:
        verbose_name = _("informe de gestión")
        verbose_name_plural = _("informes de gestión")
        ordering = ["-month"]

    def __str__(self):
        return f"{self.month:%Y-%m} · {self.get_status_display()}"


class AttentionCount(models.Model):
    """
    The "needs attention now" numbers per municipality and kind (a snapshot):
    `metric` is "band:<band>", "sap", "sap_pending", "suspended",
    "suspended_near" or "assignee:<user id, 0 unassigned>", each also per
    assignee of the cases (`assignee_id`, 0 unassigned) so a team's numbers
    are a sum. Rebuilt whole by reports.attention.attention_refresh (beat,
    every two minutes).
    """

    municipality_id = models.IntegerField(default=0)
    kind = models.CharField(max_length=40)
    assignee_id = models.IntegerField(default=0)  # 0: unassigned
    metric = models.CharField(max_length=40)
    n = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.metric}: {self.n}"


class SnapshotTime(models.Model):
    """When a snapshot of reports was last rebuilt."""

    name = models.CharField(max_length=40, unique=True)
    computed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} {self.computed_at:%Y-%m-%d %H:%M}"


class SatisfactionSurvey(models.Model):
    """
    The satisfaction survey of one closed case: invited by e-mail with a signed,
    expiring, single-use link (reports.surveys); answered once. No status
    field: invited (answered_at empty) and answered are the two facts, and
    expiry is a date, not a move.
    """

    SCORES = [(n, str(n)) for n in range(1, 6)]

    case = models.OneToOneField("intake.Case", on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(_("correo"))
    created_at = models.DateTimeField(_("invitada el"), default=timezone.now)
    expires_at = models.DateTimeField(_("vence el"))
    answered_at = models.DateTimeField(_("respondida el"), null=True, blank=True)
    clarity = models.PositiveSmallIntegerField(_("claridad"), choices=SCORES, null=True)
    timeliness = models.PositiveSmallIntegerField(_("oportunidad"), choices=SCORES, null=True)
    kindness = models.PositiveSmallIntegerField(_("amabilidad"), choices=SCORES, null=True)
    overall = models.PositiveSmallIntegerField(_("calificación general"), choices=SCORES,
                                               null=True)
    comment = models.TextField(_("comentario"), blank=True)

    class Meta:
        verbose_name = _("encuesta de satisfacción")
        verbose_name_plural = _("encuestas de satisfacción")
        indexes = [models.Index(fields=["answered_at"], name="survey_answered_idx")]

    def __str__(self):
        return f"{self.case_id} · {self.created_at:%Y-%m-%d}"


class ExportJob(models.Model):
    """
    A long export written in the background (reports.exports): who asked for
    which list with which filters, its progress and the file when ready. No
    status field: waiting, running, ready and failed are read from the dates
    and `error` (`state`), which only the task writes, once each.
    """

    code = models.CharField(_("lista"), max_length=30)
    fmt = models.CharField(_("formato"), max_length=4)
    params = models.JSONField(_("filtros"), default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(_("pedida el"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exportaciones/%Y/%m/", blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("exportación")
        verbose_name_plural = _("exportaciones")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.code}.{self.fmt} · {self.state}"

    @property
    def state(self) -> str:
        if self.error:
            return "fallida"
        if self.finished_at:
            return "lista"
        return "en_curso" if self.started_at else "en_espera"


class UnitPrice(models.Model):
    """
    The contract's unit price of one billable activity from a date on. Versioned:
    a new price is a new row; the price of a period is the latest row in force on
    its first day (reports.billing.prices_on).
    """

    activity = models.CharField(_("actividad"), max_length=40)
    price = models.DecimalField(_("precio unitario"), max_digits=14, decimal_places=2)
    valid_from = models.DateField(_("vigente desde"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    set_at = models.DateTimeField(_("registrado el"), default=timezone.now)

    class Meta:
        verbose_name = _("precio unitario")
        verbose_name_plural = _("precios unitarios")
        ordering = ["activity", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["activity", "valid_from"],
                                               name="unit_price_once_per_day")]

    def __str__(self):
        return f"{self.activity} {self.valid_from}: {self.price}"


class BillingStatement(models.Model):
    """
    The cuenta de cobro of a period to the client utility: the executed activities
    at the unit prices in force (lines kept as computed), and its reconciliation
    with the client. Moves: reports.transitions.BILLING_STATEMENT.
    """

    class Status(models.TextChoices):
        ENVIADA = "enviada", _("Enviada")
        OBSERVADA = "observada", _("Observada")
        ACORDADA = "acordada", _("Acordada")

    number = models.CharField(_("número"), max_length=30, unique=True)
    period_start = models.DateField(_("desde"))
    period_end = models.DateField(_("hasta"))
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices,
                              default=Status.ENVIADA, editable=False)
    lines = models.JSONField(_("líneas"), default=list)
    total = models.DecimalField(_("total"), max_digits=16, decimal_places=2)
    pdf = models.FileField(_("PDF"), upload_to="cuentas/%Y/")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("generada el"), default=timezone.now)

    class Meta:
        verbose_name = _("cuenta de cobro")
        verbose_name_plural = _("cuentas de cobro")
        ordering = ["-period_start", "-pk"]

    def __str__(self):
        return self.number


class StaffNovelty(models.Model):
    """A payroll novelty of one person (absence, overtime, training) entered by the coordinator."""

    class Kind(models.TextChoices):
        AUSENCIA = "ausencia", _("Ausencia")
        HORAS_EXTRA = "horas_extra", _("Horas extra")
        CAPACITACION = "capacitacion", _("Capacitación asistida")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("persona"))
    kind = models.CharField(_("novedad"), max_length=20, choices=Kind.choices)
    day = models.DateField(_("fecha"))
    hours = models.DecimalField(_("horas"), max_digits=6, decimal_places=2)
    note = models.CharField(_("detalle"), max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("novedad de nómina")
        verbose_name_plural = _("novedades de nómina")
        ordering = ["day", "person_id", "pk"]
        indexes = [models.Index(fields=["day"], name="novelty_day_idx")]

    def __str__(self):
        return f"{self.person_id} {self.kind} {self.day}"
