from decimal import Decimal

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


@register.filter
def rate(value):
    """A rate as users write it: Decimal('0.9080500') -> 0,90805 (no trailing zeros)."""
    if value in (None, ""):
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


@register.filter
def exact(value):
    """An exact amount of interest, grouped, with up to two decimals: 3.661.304,17."""
    if value in (None, ""):
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    whole, _, cents = f"{amount:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = format_vnd(abs(int(whole)), unit="")
    return f"{sign}{grouped},{cents}" if cents else f"{sign}{grouped}"
