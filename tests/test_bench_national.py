"""bench.national writes the snapshot announcing would have written: the public pages it measures
read its organisations exactly as they read announced ones (PostgreSQL: it loads with COPY)."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from bench.national import Country
from plans.models import OperationalPlan
from projects.models import EditionSnapshot
from projects.snapshot import frozen, snapshot_content

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(connection.vendor != "postgresql", reason="bench.national runs on PostgreSQL")]


def test_the_national_benchmarks_snapshots_are_what_announcing_stores():
    country = Country(organisations=4, seed=7)
    for index in range(4):
        country.organisation(index, ["sao", "tambon", "town", "pao"][index], "ขอนแก่น", "บ้านไผ่", 5)
    with connection.cursor() as cursor:
        country.copy(cursor.cursor)
    announced = list(OperationalPlan.objects.announced())
    assert announced and OperationalPlan.objects.count() == 4
    for plan in announced:
        stored = EditionSnapshot.objects.get(plan=plan).content
        assert stored == json.loads(json.dumps(snapshot_content(plan), cls=DjangoJSONEncoder))
        assert len(frozen(plan).activities) == plan.activities.count() >= 100
