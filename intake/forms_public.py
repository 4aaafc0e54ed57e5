"""
Forms of the citizen's pages: filing a PQR and tracking it. Validation only.

The filing form is one Django form shown in sections (each section renders
through templates/includes/form.html), so errors stay next to each field and
what the citizen typed stays on the page.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from caserecord.files import validate_upload
from intake import catalogue_cache
from intake.choices import CaseKind, IdType, NotifyBy
from intake.models import Causal, Municipality
from intake.services.public import bill_is_old
from intake.validators import validate_id

MAX_FILES = 5

# The kinds a citizen files from the web; recursos are filed from the answer.
PUBLIC_KINDS = [
    (CaseKind.PETICION, _("Petición: quiero pedir algo sobre mi servicio de energía")),
    (CaseKind.QUEJA, _("Queja: no estoy conforme con la atención o con un funcionario")),
    (CaseKind.RECLAMO, _("Reclamo: no estoy de acuerdo con mi factura o con un cobro")),
    (CaseKind.PETICION_DOCUMENTOS,
     _("Petición de documentos: necesito copias o información de mi cuenta")),
    (CaseKind.CONSULTA, _("Consulta: tengo una pregunta general")),
]

# Plain words for the SUI causales (Causal.public_label wins when the coordinator sets it).
PLAIN_CAUSAL = {
    "101": _("Me cobran un consumo estimado (aforo)"),
    "102": _("La lectura o medición de mi consumo está mal"),
    "103": _("Me cobran algo que debieron cobrar hace tiempo"),
    "105": _("Me cobran servicios que no recibí"),
    "106": _("Mis datos en la factura están mal"),
    "107": _("Me cobran varias veces o acumulado"),
    "108": _("La factura no me llega o llega tarde"),
    "109": _("Conexión, reconexión o reinstalación"),
    "110": _("Cambio o cobro del medidor"),
    "111": _("Intereses, refinanciación o acuerdo de pago"),
    "112": _("Subsidios y contribuciones"),
    "113": _("Otros cobros en la factura"),
    "115": _("Acuerdo de suspensión del servicio"),
    "117": _("Mi estrato está mal"),
    "118": _("La clase de uso (residencial, comercial…) está mal"),
    "119": _("La tarifa que me cobran"),
    "120": _("Me cobran por promedio"),
    "121": _("Me cobran el consumo de otro predio"),
    "122": _("Pagué y no aparece el pago"),
    "123": _("Rompimiento de solidaridad"),
    "124": _("Me cobran una revisión"),
    "127": _("Mi factura llegó muy alta (alto consumo)"),
    "129": _("Me cobran consumos recuperados"),
    "131": _("Normalización del servicio"),
    "133": _("Reconexión no autorizada"),
    "301": _("No me suspenden el servicio que pedí suspender"),
    "303": _("Cortes o interrupciones de energía"),
    "304": _("La energía llega con bajones o subidas (calidad, tensión)"),
    "306": _("Hay un riesgo de seguridad (cables, postes, transformador)"),
    "308": _("Terminación del contrato"),
    "309": _("Me suspendieron o cortaron sin aviso"),
    "312": _("No tengo contrato de condiciones uniformes"),
    "314": _("Daño ambiental"),
    "315": _("Queja por la atención recibida"),
    "316": _("Estado de redes, postes o infraestructura"),
    "401": _("Fallas en la conexión"),
    "402": _("No me han conectado el servicio"),
}


def causal_label(causal: Causal) -> str:
    return str(causal.public_label or PLAIN_CAUSAL.get(causal.code) or causal.name)


def _causal_choices():
    """Return the active causales grouped for the select, with plain labels."""
    billing, service = [], []
    for c in Causal.objects.filter(active=True).order_by("code"):
        (billing if c.group == Causal.Group.FACTURACION else service).append(
            (c.code, causal_label(c)))
    return [
        ("", _("Otro o no estoy seguro")),
        (_("Sobre la factura"), billing),
        (_("Sobre el servicio"), service),
    ]


# Help texts with markup are built once per value (the site speaks only es-CO).
@lru_cache(maxsize=8)
def _consent_help(privacy_url: str, version: str) -> str:
    return format_html('{} <a href="{}" target="_blank" rel="noopener">{}</a> ({} {}).',
                       _("Lea el"), privacy_url, _("aviso de privacidad"), _("versión"), version)


@lru_cache(maxsize=8)
def _attachments_help(max_bytes: int) -> str:
    return format_html(
        "{}",
        _("PDF, fotos (JPG, PNG) o documentos de Word y Excel; hasta %(n)d archivos de "
          "máximo %(mb)s MB cada uno.") % {"n": MAX_FILES, "mb": max_bytes // (1024 * 1024)},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each one checked by content and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Puede adjuntar hasta %(max)d archivos.") % {"max": MAX_FILES}, code="too_many")
        errors = []
        for f in files:
            try:
                validate_upload(f)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files


class RadioGroup(forms.RadioSelect):
    """Radio buttons whose wrapper is a named radio group for screen readers."""

    group_label = ""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        wrapper_id = (attrs or {}).get("id") or self.attrs.get("id")
        if not wrapper_id or not self.group_label:
            return html
        return mark_safe(html.replace(  # noqa: S308 - only escaped text is added
            f'<div id="{wrapper_id}">',
            format_html('<div id="{}" role="radiogroup" aria-label="{}">', wrapper_id,
                        self.group_label), 1))


class _Section:
    """A group of a form's fields, shaped like a form for includes/form.html."""

    def __init__(self, form, names, *, with_form_errors=False):
        self.form, self.names, self.with_form_errors = form, names, with_form_errors

    def non_field_errors(self):
        return self.form.non_field_errors() if self.with_form_errors else []

    def hidden_fields(self):
        return []

    def visible_fields(self):
        return [self.form[name] for name in self.names]


class CachedMunicipalityField(forms.ModelChoiceField):
    """A municipality choice validated against the in-process catalogue (no query per POST)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = catalogue_cache.municipality(value)
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found


class PublicCaseForm(forms.Form):
    """The citizen's PQR: what, who, how to answer, and the habeas-data consent."""

    HONEYPOT = "website"

    # --- what is asked ---------------------------------------------------------
    kind = forms.ChoiceField(label=_("¿Qué desea presentar?"), choices=PUBLIC_KINDS,
                             widget=RadioGroup,
                             error_messages={"required": _("Elija qué desea presentar.")})
    # A CharField with a lazily filled Select: the choices (37 translated
    # labels) are built only when the form is shown, never on a valid POST.
    causal = forms.CharField(
        label=_("¿Sobre qué es?"), required=False, widget=forms.Select,
        help_text=_("Si no encuentra su caso, elija «Otro o no estoy seguro»."),
    )
    account_number = forms.CharField(
        label=_("Número de cuenta (NIU)"), required=False, max_length=30,
        help_text=_("Está en la parte superior de su factura. Opcional."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    bill_number = forms.CharField(label=_("Número de la factura"), required=False,
                                  max_length=30, help_text=_("Opcional."))
    bill_issued_on = forms.DateField(
        label=_("Fecha de la factura"), required=False,
        help_text=_("Opcional. Los reclamos proceden contra facturas de los últimos cinco "
                    "meses (Ley 142 de 1994, art. 154)."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Escriba una fecha válida (día, mes y año).")},
    )
    description = forms.CharField(
        label=_("Cuéntenos qué pasó y qué solicita"), min_length=20, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Describa su solicitud."),
            "min_length": _("Cuéntenos un poco más (al menos %(limit_value)d caracteres)."),
            "max_length": _("La descripción admite hasta %(limit_value)d caracteres."),
        },
    )
    attachments = MultipleFileField(
        label=_("Documentos o fotos (opcional)"), required=False,
    )

    # --- who files -------------------------------------------------------------
    id_type = forms.ChoiceField(label=_("Tipo de documento"), choices=IdType.choices,
                                error_messages={"required": _("Elija el tipo de documento.")})
    id_number = forms.CharField(
        label=_("Número de documento"), max_length=20,
        help_text=_("Sin puntos. Para NIT, incluya el dígito de verificación."),
        error_messages={"required": _("Escriba el número de documento.")},
    )
    first_name = forms.CharField(label=_("Nombres"), required=False, max_length=80,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Apellidos"), required=False, max_length=80,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    # Required unless the document is a NIT (checked in clean()): marked as required.
    first_name.marked_required = last_name.marked_required = True
    business_name = forms.CharField(
        label=_("Razón social (solo empresas con NIT)"), required=False, max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    phone = forms.CharField(
        label=_("Teléfono celular o fijo"), max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"required": _("Escriba un teléfono de contacto.")},
    )
    email = forms.EmailField(
        label=_("Correo electrónico"), required=False, max_length=254,
        help_text=_("Le enviamos allí la constancia de radicación."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Escriba un correo válido, por ejemplo nombre@correo.com.")},
    )
    address = forms.CharField(
        label=_("Dirección"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    municipality = CachedMunicipalityField(
        label=_("Municipio"), queryset=Municipality.objects.all(),
        empty_label=_("Elija su municipio"),
        error_messages={"required": _("Elija su municipio."),
                        "invalid_choice": _("Elija un municipio de la lista.")},
    )

    # --- how to answer and consents ---------------------------------------------
    notify_by = forms.ChoiceField(
        label=_("¿Cómo quiere recibir la respuesta?"),
        choices=[(NotifyBy.EMAIL, _("Por correo electrónico")),
                 (NotifyBy.POSTAL, _("Por correo físico a mi dirección"))],
        widget=RadioGroup,
        error_messages={"required": _("Elija cómo quiere recibir la respuesta.")},
    )
    electronic_consent = forms.BooleanField(
        label=_("Acepto que me notifiquen por correo electrónico las respuestas y decisiones "
                "sobre esta solicitud."),
        required=False,
        help_text=_("Obligatorio si elige recibir la respuesta por correo (Ley 1437 de 2011, "
                    "art. 56)."),
    )
    data_consent = forms.BooleanField(
        label=_("Autorizo el tratamiento de mis datos personales para atender esta solicitud."),
        error_messages={"required": _("Para radicar debe autorizar el tratamiento de sus datos "
                                      "personales.")},
    )
    # Honeypot: hidden from people by CSS (hp-field); bots fill it.
    website = forms.CharField(required=False, label=_("No escriba nada aquí"))
    # One id per displayed form: a second POST of the same form (double click,
    # reload after sending) shows the first radicado instead of filing again.
    submission_id = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    SECTIONS = {
        "request": ["kind", "causal", "account_number", "bill_number", "bill_issued_on",
                    "description", "attachments"],
        "person": ["id_type", "id_number", "first_name", "last_name", "business_name",
                   "phone", "email", "address", "municipality"],
        "answer": ["notify_by", "electronic_consent", "data_consent"],
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["causal"].widget.choices = _causal_choices
        self.fields["municipality"].label_from_instance = (
            lambda m: f"{m.name} ({m.department_name})")
        self.fields["data_consent"].help_text = _consent_help(
            reverse("public:privacy"), settings.PQR_PRIVACY_NOTICE_VERSION)
        self.fields["attachments"].help_text = _attachments_help(
            settings.PQR_MAX_ATTACHMENT_BYTES)
        for name in ("kind", "notify_by"):
            self.fields[name].widget.group_label = str(self.fields[name].label)
        self.warnings: dict[str, str] = {}

    # Sections for the template (each renders through includes/form.html).
    @property
    def section_request(self):
        return _Section(self, self.SECTIONS["request"], with_form_errors=True)

    @property
    def section_person(self):
        return _Section(self, self.SECTIONS["person"])

    @property
    def section_answer(self):
        return _Section(self, self.SECTIONS["answer"])

    @property
    def honeypot_filled(self) -> bool:
        return bool((self.data.get(self.HONEYPOT) or "").strip())

    def filing_kwargs(self) -> dict:
        """Return the cleaned data as the keyword arguments of case_file_public()."""
        data = dict(self.cleaned_data)
        data.pop(self.HONEYPOT, None)
        data.pop("submission_id", None)
        return data

    def clean_causal(self):
        code = self.cleaned_data.get("causal")
        if not code:
            return None
        causal = catalogue_cache.active_causal(code)
        if causal is None:
            raise ValidationError(_("Elija un motivo de la lista."), code="invalid_choice")
        return causal

    def clean_account_number(self):
        value = re.sub(r"\s", "", self.cleaned_data.get("account_number", ""))
        if value and not re.fullmatch(r"[0-9A-Za-z\-]{3,30}", value):
            raise ValidationError(_("El número de cuenta solo lleva números y letras."))
        return value

    def clean_bill_issued_on(self):
        value = self.cleaned_data.get("bill_issued_on")
        today = timezone.localdate()
        if value and value > today:
            raise ValidationError(_("La fecha de la factura no puede ser posterior a hoy."))
        if bill_is_old(value, today):
            self.warnings["bill_issued_on"] = str(_(
                "Esta factura tiene más de cinco meses. La ley no admite reclamos contra "
                "facturas de más de cinco meses (Ley 142, art. 154), pero igual recibimos su "
                "solicitud y la estudiaremos."))
        return value

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        digits = re.sub(r"\D", "", value)
        if not re.fullmatch(r"[0-9+()\s\-]+", value) or not (7 <= len(digits) <= 13):
            raise ValidationError(_("Escriba un teléfono de 7 a 10 dígitos, por ejemplo "
                                    "3001234567."))
        return digits

    def clean(self):
        data = super().clean()
        if self.honeypot_filled:
            raise ValidationError(
                _("No pudimos recibir el formulario. Si usted es una persona, vuelva a "
                  "intentarlo sin llenar campos ocultos o acérquese a una oficina."),
                code="honeypot")
        id_type = data.get("id_type")
        if id_type and "id_number" in data:
            try:
                data["id_number"] = validate_id(id_type, data["id_number"])
            except ValidationError as exc:
                self.add_error("id_number", exc)
        if id_type == IdType.NIT:
            if not data.get("business_name"):
                self.add_error("business_name", _("Escriba la razón social de la empresa."))
        elif id_type:
            if not data.get("first_name"):
                self.add_error("first_name", _("Escriba sus nombres."))
            if not data.get("last_name"):
                self.add_error("last_name", _("Escriba sus apellidos."))
        notify_by = data.get("notify_by")
        if notify_by == NotifyBy.EMAIL:
            if not data.get("email") and "email" not in self.errors:
                self.add_error("email", _("Escriba el correo donde quiere recibir la respuesta."))
            if not data.get("electronic_consent"):
                self.add_error("electronic_consent", _(
                    "Para responderle por correo necesitamos su aceptación expresa de la "
                    "notificación electrónica."))
        elif notify_by == NotifyBy.POSTAL and not data.get("address"):
            self.add_error("address", _("Escriba la dirección donde quiere recibir la "
                                        "respuesta."))
        return data


class TrackForm(forms.Form):
    """Radicado and tracking code: the citizen's only key to a case."""

    radicado = forms.CharField(
        label=_("Número de radicado"), max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "2026-000123"}),
        error_messages={"required": _("Escriba el número de radicado.")},
    )
    code = forms.CharField(
        label=_("Código de consulta"), max_length=16,
        help_text=_("Los 12 caracteres que aparecen en su constancia de radicación."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": _("Escriba el código de consulta.")},
    )

    def clean_radicado(self):
        return self.cleaned_data["radicado"].strip()

    def clean_code(self):
        return re.sub(r"[\s\-]", "", self.cleaned_data["code"]).upper()
