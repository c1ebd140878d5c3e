from django.utils import timezone

from lib import thai


def organisation(request):
    """The signed-in user's organisation, its words and digit style, and the fiscal year to evaluate, for every template."""
    user = getattr(request, "user", None)
    org = getattr(user, "organisation", None) if user and user.is_authenticated else None
    today = timezone.localdate()
    # From October to December the year to evaluate is the one that has just ended.
    evaluation_year = thai.fiscal_year_of(today) - (1 if today.month >= 10 else 0)
    # The six-month report of the current fiscal year once its 31 March has passed, else last year's.
    six_month_year = thai.fiscal_year_of(today) - (1 if today.month >= 10 or today.month <= 3 else 0)
    return {
        "current_organisation": org,
        "words": org.words if org else None,
        "digit_style": org.digit_style if org else thai.THAI,
        "evaluation_year": evaluation_year,
        "six_month_year": six_month_year,
    }
