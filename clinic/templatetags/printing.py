"""`|isolated` in the printouts' templates: a name or free text set apart for direction inside a sentence of the
other language (clinic/printing/pdf.py: `isolated`, which says why it is not `<bdi>`)."""

from django import template

from clinic.printing.pdf import isolated

register = template.Library()
# Safe in, safe out: it adds two invisible characters and no markup, so escaped text stays escaped once.
register.filter("isolated", isolated, is_safe=True)
