"""GET filter forms of the list pages: one invalid value drops only its own filter."""

from django.contrib import messages
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.translation import gettext as _


def filter_values(request, form) -> dict:
    """
    Return the valid values of a filter form and warn about the invalid ones.

    `form.cleaned_data if form.is_valid() else {}` would drop every filter (the week,
    the zone, the brigadista) because of one bad value. Django keeps each valid field
    in cleaned_data, so only the invalid filters are left out, each with a message.
    """
    if not form.is_bound:
        return {}
    if not form.is_valid():
        warn_invalid_filters(request, form)
    return {k: v for k, v in form.cleaned_data.items() if k not in form.errors}


def warn_invalid_filters(request, form) -> None:
    """One message per invalid filter: which one was ignored, and why."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        if name == NON_FIELD_ERRORS or field is None:
            label = _("Filtros")
        else:
            label = field.label or name
        messages.warning(request, _("Se ignoró el filtro «%(filter)s»: %(error)s "
                                    "Los demás filtros sí se aplicaron.")
                         % {"filter": label, "error": " ".join(str(e) for e in errors)})


def query_without_invalid(querydict, form, *drop: str):
    """A copy of the query string without the invalid filters (and the names in `drop`)."""
    query = querydict.copy()
    for name in (*form.errors, *drop):
        query.pop(name, None)
    return query
