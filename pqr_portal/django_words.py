"""
Django's own words the project translates, listed so makemessages keeps them in
locale/es_CO (LOCALE_PATHS wins over Django's catalogues). Never imported: read
by makemessages only.

- Calendar words: Django's es_CO catalogue capitalises months and days
  ("Diciembre", "Miércoles") and writes "AM"/"a.m."; Colombian style is lower
  case and "a. m." (pqr_portal/formats/es_CO).
- Words Django 6.1 ships untranslated in Spanish ("- Select an option -" in
  every select of a model field with choices, the admin's "Search %(name)s").
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

UNTRANSLATED_WORDS = [
    _("- Select an option -"), _("Search %(name)s"), _("Filter by %(field_name)s"),
    _("Pagination %(name)s"), _("Pagination %(name)s entries"),
    _("%(full_result_count)s total"), _("Logout"), _("Error:"),
    _("No %s matches the given query."), _("“%(value)s” is not a valid binary value."),
]

CALENDAR_WORDS = [
    _("a.m."), _("p.m."), _("AM"), _("PM"), _("midnight"), _("noon"),
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
    _("Mon"),
    _("Tue"),
    _("Wed"),
    _("Thu"),
    _("Fri"),
    _("Sat"),
    _("Sun"),
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
    _("jan"),
    _("feb"),
    _("mar"),
    _("apr"),
    _("may"),
    _("jun"),
    _("jul"),
    _("aug"),
    _("sep"),
    _("oct"),
    _("nov"),
    _("dec"),
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
