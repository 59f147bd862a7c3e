"""`{% load catalog_words %}` then `{{ product.category.name|category_name }}` or `{{ grade|grade_label }}`: catalogue
words in the page's language."""

from __future__ import annotations

from django import template

from comeback.catalog import conditions, vocabulary

register = template.Library()


@register.filter
def category_name(name) -> str:
    return vocabulary.category_name(str(name) if name else "")


@register.filter
def attribute_label(name) -> str:
    return vocabulary.attribute_label(str(name))


@register.filter
def attribute_value(value, name) -> str:
    """{{ value|attribute_value:name }} -> "1 TB", "41 mm", "Yes"."""
    return vocabulary.attribute_value(str(name), value)


@register.filter
def grade_label(grade) -> str:
    """A grade's name, whatever its condition scheme (catalog/conditions.py)."""
    return conditions.grade_label(str(grade))


@register.filter
def grade_definition(grade, scheme: str | None = None) -> str:
    """{{ grade|grade_definition:scheme }}: what the grade promises in that scheme ("good" is in two)."""
    return conditions.grade_description(str(grade), scheme or None)
