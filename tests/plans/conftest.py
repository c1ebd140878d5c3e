"""A เทศบาลเมือง set up as a real one is before it imports its files: its strategies and กลยุทธ์
typed once, its units, and an empty five-year development plan (พ.ศ. 2566–2570)."""

from __future__ import annotations

import pytest

from operations.examples import GUIDELINES, STRATEGIES, UNITS
from plans.models import DevelopmentPlan, Guideline, Organisation, StrategicPlan, Strategy, Unit, User
from tests.conftest import make_user


@pytest.fixture
def city(db) -> Organisation:
    return Organisation.objects.create(code="3401507", kind=Organisation.Kind.TOWN, name="ท่าพระ", district="เมืองขอนแก่น", province="ขอนแก่น")


@pytest.fixture
def city_staff(city) -> User:
    return make_user("tapra-staff", city, User.Role.STAFF, "มาลี")


@pytest.fixture
def city_plan(city) -> DevelopmentPlan:
    strategic = StrategicPlan.objects.create(organisation=city, first_year=2566, last_year=2570)
    for number, (name, _) in STRATEGIES.items():
        strategy = Strategy.objects.create(strategic_plan=strategic, number=number, name=name)
        for guideline, guideline_name, _, _ in GUIDELINES[number]:
            Guideline.objects.create(strategy=strategy, number=guideline, name=guideline_name)
    for order, name in enumerate(UNITS, 1):
        Unit.objects.create(organisation=city, name=name, order=order)
    return DevelopmentPlan.objects.create(organisation=city, strategic_plan=strategic, first_year=2566, length=5)
