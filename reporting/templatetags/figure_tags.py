"""A figure's table rows, with the page's filters and who may see names."""

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def figure_rows(context: template.Context, figure) -> SafeString:
    """Return `figure`'s table rows, its links carrying the page's `query`."""
    return figure.table_markup(context.get("query", ""), bool(context.get("named")))
