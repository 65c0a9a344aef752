from django import template

from policycredit.domain.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    """{{ amount|vnd }} -> 80.627.000.000 đ"""
    return format_vnd(amount)


@register.filter
def number(value):
    """{{ 8100|number }} -> 8.100 (a count, grouped the Vietnamese way)."""
    return format_vnd(value, unit="")
