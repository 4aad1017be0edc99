"""``{% overdue_check_count as count %}``: the practices whose yearly check is overdue
("freshness"), for the secretariat's admin index (one COUNT query)."""

from django import template

from practices.freshness import overdue_practices

register = template.Library()


@register.simple_tag
def overdue_check_count():
    return overdue_practices().count()
