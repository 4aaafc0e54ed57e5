"""The event kinds the archive writes (caserecord.kinds registry); ISO dates read dd/mm/aaaa."""

from django.utils.translation import gettext_lazy as L

from caserecord.kinds import register

register(
    "archive",
    ("archive.filed", L("Expediente archivado"), False,
     L("Expediente archivado: caja %(box)s, carpeta %(folder)s, folios %(folio_from)s a "
       "%(folio_to)s; serie %(series)s; retención hasta el %(retention_until)s")),
    ("archive.relocated", L("Expediente reubicado"), False,
     L("Expediente reubicado: caja %(box)s, carpeta %(folder)s, folios %(folio_from)s a "
       "%(folio_to)s")),
    ("archive.loaned", L("Préstamo del expediente físico"), False,
     L("Expediente físico prestado a %(borrower)s hasta el %(due_on)s")),
    ("archive.returned", L("Devolución del expediente físico"), False,
     L("Expediente físico devuelto por %(borrower)s")),
    ("trd.saved", L("Serie de la TRD guardada"), False,
     L("Serie %(code)s de la tabla de retención documental guardada")),
)
