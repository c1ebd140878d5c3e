"""The public site for citizens (no login). Issue-by-issue this grows into the published plans."""

from django.shortcuts import render

from plans.models import Organisation


def home(request):
    organisations = Organisation.objects.order_by("province", "district", "name")
    return render(request, "public/home.html", {"organisations": organisations})
