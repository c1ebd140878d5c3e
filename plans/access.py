"""Who may see and change what: every staff page goes through these helpers.

A user belongs to one organisation; every record is looked up through `for_organisation()`, so a
record of another organisation answers 404 (it does not exist, as far as this user can tell).
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from plans.models import OperationalPlan, Organisation, User

EDIT_ROLES = (User.Role.STAFF, User.Role.ADMIN)
ALL_ROLES = tuple(User.Role)


def organisation_of(user: User) -> Organisation:
    """The user's organisation; system administrators without one use the Django admin instead."""
    if not user.is_authenticated or user.organisation_id is None or not user.role:
        raise PermissionDenied("บัญชีนี้ไม่ได้สังกัด อปท. ใด")
    return user.organisation


def require_role(user: User, roles: tuple[str, ...]) -> Organisation:
    organisation = organisation_of(user)
    if user.role not in roles:
        raise PermissionDenied("บทบาทของคุณไม่มีสิทธิ์ทำรายการนี้")
    return organisation


def get_for_organisation(model_or_queryset, organisation: Organisation, **lookup):
    """One record (of a model, or of a queryset of it) that belongs to `organisation`, or 404."""
    queryset = model_or_queryset if isinstance(model_or_queryset, QuerySet) else model_or_queryset.objects
    return get_object_or_404(queryset.for_organisation(organisation), **lookup)


def staff_plan(request, pk: int, roles: tuple[str, ...] = ALL_ROLES) -> OperationalPlan:
    """The operational plan of a staff page, if it is the user's organisation's (else 404), and the
    user holds one of `roles` (else 403)."""
    queryset = OperationalPlan.objects.select_related("organisation", "ordinance", "strategic_plan")
    plan = get_for_organisation(queryset, organisation_of(request.user), pk=pk)
    require_role(request.user, roles)
    return plan


class MemberRequiredMixin(LoginRequiredMixin):
    """Class-based views: the user must belong to an organisation and hold one of `roles`."""

    roles: tuple[str, ...] = ALL_ROLES

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organisation = require_role(request.user, self.roles)
        return super().dispatch(request, *args, **kwargs)
