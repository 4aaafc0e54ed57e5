"""The citizen's satisfaction survey: a public, phone-friendly page behind a signed link."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from reports.forms_public import SurveyForm
from reports.surveys import SurveyLinkInvalid, SurveyLinkUsed, survey_answer, survey_from_token


def _gone(request, status: int, message: str):
    return render(request, "reports/public/survey_closed.html",
                  {"page_title": _("Encuesta de satisfacción"), "message": message},
                  status=status)


@login_not_required
def survey(request, token: str):
    """Anyone holding the link may answer once, before it expires (no login)."""
    try:
        record = survey_from_token(token)
    except SurveyLinkInvalid:
        return _gone(request, 404, _("Este enlace de encuesta no es válido."))
    except SurveyLinkUsed:
        return _gone(request, 410, _("Esta encuesta ya fue respondida o el enlace venció. "
                                     "¡Gracias!"))
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(token=token, **form.cleaned_data)
        except (SurveyLinkInvalid, SurveyLinkUsed):
            return _gone(request, 410, _("Esta encuesta ya fue respondida. ¡Gracias!"))
        return render(request, "reports/public/survey_thanks.html",
                      {"page_title": _("Gracias por responder")})
    return render(request, "reports/public/survey.html",
                  {"page_title": _("Encuesta de satisfacción"), "form": form,
                   "radicado": record.case.radicado})
