from lib import thai


def organisation(request):
    """The signed-in user's organisation and its digit style, for every template."""
    user = getattr(request, "user", None)
    org = getattr(user, "organisation", None) if user and user.is_authenticated else None
    return {"current_organisation": org, "digit_style": org.digit_style if org else thai.THAI}
