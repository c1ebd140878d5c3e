"""`{% slot "place" name=value %}`: what the apps above fill in at that place of the page (lib/slots.py)."""

from django import template

from lib import slots

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, place: str, **arguments):
    return slots.render(place, context, **arguments)
