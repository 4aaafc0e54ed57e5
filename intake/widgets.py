"""
Select widgets rendered in Python rather than through one template per option.

Django renders each <option> through the form renderer's templates; a case
list filter with about a hundred options spent more time there than in SQL.
The HTML is the same as Django's (name, id, attributes, selected), escaped
with format_html.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        if value is None:
            value = []
        elif not isinstance(value, list | tuple):
            value = [value]
        selected = {str(v) for v in value if v is not None}
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((str(v), mark_safe(" selected") if str(v) in selected else "", label)
             for v, label in self._flat_choices()),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs),
                           options)

    def _flat_choices(self):
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):  # an optgroup: flatten it
                yield from ((v, label) for v, label in option_label)
            else:
                yield ("" if option_value is None else option_value), option_label


class FastSelectMultiple(FastSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        try:
            getter = data.getlist
        except AttributeError:
            getter = data.get
        return getter(name)

    def value_omitted_from_data(self, data, files, name):
        return False
