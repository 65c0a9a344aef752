"""The review's words as small Django templates: compiled and checked when saved, rendered with
the review's figures when the document is made.

A standalone engine, not the site's: no loaders (a template cannot include a file of the
server), no autoescaping (the words go into a Word file as text; the PDF's page escapes them).
A template is refused when it does not compile or names a figure the review does not have —
checked by resolving each name against `variables.sample()`, the review with zero figures."""

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import FilterExpression, Node, Variable, VariableDoesNotExist
from django.template.defaulttags import ForNode, WithNode
from django.utils.translation import gettext as _

from policycredit.reviews import variables

ENGINE = Engine(autoescape=False, debug=False)


def _compile(text: str):
    try:
        return ENGINE.from_string(text)
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("The text does not compile as a template: %(error)s") % {"error": error},
            code="syntax",
        ) from error


def check(text: str) -> None:
    """Refuse a text that does not compile or names an unknown figure."""
    if "{" not in text:
        return
    template = _compile(text)
    local, used = set(), []
    for node in _nodes(template.nodelist):
        if isinstance(node, ForNode):
            local.update(node.loopvars)
            local.add("forloop")
        elif isinstance(node, WithNode):
            local.update(node.extra_context)
        used += list(_variables(node))
    sample = Context(variables.sample())
    unknown = []
    for var in used:
        root = var.lookups[0]
        if root in local:
            continue  # a loop's or a with's own name: checked as the loop runs
        try:
            var.resolve(sample)
        except (VariableDoesNotExist, AttributeError, IndexError, KeyError, TypeError):
            unknown.append(var.var)
    if unknown:
        raise ValidationError(
            _(
                "No such figure in the review: %(names)s. See the list in "
                "docs/domain/review-document.md."
            )
            % {"names": ", ".join(sorted(set(unknown)))},
            code="unknown",
        )


def render(text: str, context: dict) -> str:
    if "{" not in text:
        return text
    return _compile(text).render(Context(context, autoescape=False))


def lines(text: str, context: dict) -> list[str]:
    """A rendered text's lines, blank ones dropped: each line is a paragraph (a heading line)."""
    return [line.strip() for line in render(text, context).splitlines() if line.strip()]


def _nodes(nodelist):
    for node in nodelist:
        yield node
        # {% if %}'s `nodelist` is every branch's nodes.
        for attr in getattr(node, "child_nodelists", ()):
            yield from _nodes(getattr(node, attr, None) or [])


def _variables(node: Node):
    """The variables a node reads (not those of its children's nodes)."""
    seen: set[int] = set()
    for value in vars(node).values():
        if isinstance(value, list) and value and isinstance(value[0], Node):
            continue  # a child nodelist, walked by `_nodes`
        yield from _in(value, seen)


def _in(value, seen):
    if id(value) in seen or isinstance(value, (str, int, Node)) or value is None:
        return
    seen.add(id(value))
    if isinstance(value, Variable):
        if value.lookups:
            yield value
    elif isinstance(value, FilterExpression):
        yield from _in(value.var, seen)
        for _func, args in value.filters:
            for lookup, arg in args:
                if lookup:
                    yield from _in(arg, seen)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _in(item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _in(item, seen)
    elif type(value).__module__.startswith("django.template"):
        # The parts of an {% if %} condition (its operators and literals).
        for item in vars(value).values() if hasattr(value, "__dict__") else ():
            yield from _in(item, seen)
