"""Citizens' pages are served from the cache, and never stale: an announced amendment, new
progress or an edited profile shows at once."""

import datetime as dt
import os
import random
import string
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.editions import edition_start
from projects.models import Progress
from tests.announcements.conftest import announce
from tests.conftest import chained_activity, login

pytestmark = pytest.mark.django_db
CODE = "3400101"


def view(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_a_repeated_view_is_served_from_the_cache_with_one_query_for_the_versions(client, announced):
    url = reverse("public:plan", args=[CODE, 2570])
    first, built = view(client, url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert (first["X-Public-Cache"], again["X-Public-Cache"]) == ("miss", "hit")
    assert built > 5 and len(queries) == 1 and "public_publicversion" in queries[0]["sql"]
    assert again.content == first.content and again["Content-Type"] == first["Content-Type"]


def test_filters_and_pages_are_cached_apart(client, announced):
    url = reverse("public:plan", args=[CODE, 2570])
    view(client, url)
    response, _ = view(client, url + "?q=ไม่มีโครงการนี้")
    assert response["X-Public-Cache"] == "miss" and "โครงการก่อสร้างถนน" not in response.content.decode().split("บัญชีโครงการ")[-1]


def test_another_page_of_the_list_reuses_the_plans_summary(client, announced):
    url = reverse("public:plan", args=[CODE, 2570])
    _, built = view(client, url)
    other_page, fewer = view(client, url + "?page=1")
    assert other_page["X-Public-Cache"] == "miss" and fewer < built
    assert "สรุปจำนวนโครงการและงบประมาณ" in other_page.content.decode()


def test_new_progress_shows_on_pages_not_seen_before(client, announced, activity):
    url = reverse("public:plan", args=[CODE, 2570])
    view(client, url)  # the summary and overall progress are now cached
    Progress.objects.create(organisation=announced.organisation, fiscal_year=2570, key=activity.key, status="completed",
                            contract_amount=Decimal("440000"), disbursed=Decimal("440000"), percent=100)  # fmt: skip
    page = view(client, url + "?page=1")[0].content.decode()
    # the overall figures at the top come from the summary, not from this page's rows
    assert '<span class="fact-value">๑/' in page and '<span class="fact-value">๔๔๐,๐๐๐.๐๐</span><span class="fact-label">เบิกจ่ายแล้ว' in page


def test_staff_always_see_the_page_as_it_is_now(announced, staff):
    client = login(staff)
    response, queries = view(client, reverse("public:plan", args=[CODE, 2570]))
    again, again_queries = view(client, reverse("public:plan", args=[CODE, 2570]))
    assert "X-Public-Cache" not in again and again_queries > 0


def test_new_progress_shows_at_once(client, announced, activity):
    url = reverse("public:plan", args=[CODE, 2570])
    assert "เบิกจ่ายแล้ว (บาท)" not in view(client, url)[0].content.decode()
    Progress.objects.create(organisation=announced.organisation, fiscal_year=2570, key=activity.key, status="in_progress",
                            contract_amount=Decimal("440000"), disbursed=Decimal("123456"), percent=30)  # fmt: skip
    response, _ = view(client, url)
    assert response["X-Public-Cache"] == "miss" and "๑๒๓,๔๕๖.๐๐" in response.content.decode()


def test_an_announced_edition_shows_at_once_on_every_page(client, announced, staff, executive, strategies, units):
    plan_url, home_url, org_url = (
        reverse("public:plan", args=[CODE, 2570]),
        reverse("public:home"),
        reverse("public:organisation", args=[CODE]),
    )
    for url in (plan_url, home_url, org_url):
        view(client, url)
    edition = edition_start(plan=announced, kind="additional", user=staff)
    chained_activity(edition, strategy=strategies[2], programme_code="00220", name="โครงการเพิ่มเติมกลางปี", budget="20000",
                     unit=units["สำนักปลัด"], location="หมู่ที่ 2", months=1 << 6)  # fmt: skip
    assert "โครงการเพิ่มเติมกลางปี" not in view(client, plan_url)[0].content.decode()  # a draft is not public
    announce(edition, staff, executive, dt.date(2027, 4, 1))
    assert "โครงการเพิ่มเติมกลางปี" in view(client, plan_url)[0].content.decode()
    assert "เพิ่มเติม ครั้งที่ ๑/๒๕๗๐" in view(client, org_url)[0].content.decode()
    assert view(client, home_url)[0]["X-Public-Cache"] == "miss"


def test_an_edited_profile_shows_on_the_home_page(client, announced, org):
    home = reverse("public:home")
    view(client, home)
    org.name = "หนองบัวใหม่"
    org.save()
    assert "หนองบัวใหม่" in view(client, home)[0].content.decode()


def test_another_organisations_change_keeps_this_ones_pages_cached(client, announced, other_org):
    url = reverse("public:plan", args=[CODE, 2570])
    view(client, url)
    other_org.district = "เมือง"
    other_org.save()
    # a profile change is site-wide (the home page lists names), so this page is rebuilt once...
    view(client, url)
    # ...but progress of another organisation is not
    Progress.objects.create(organisation=other_org, fiscal_year=2570, key="00000000-0000-0000-0000-000000000001", status="in_progress")
    assert view(client, url)[0]["X-Public-Cache"] == "hit"


def test_a_response_that_sets_a_cookie_or_fails_is_not_cached(client, announced):
    missing = reverse("public:plan", args=[CODE, 2599])
    assert client.get(missing).status_code == 404
    assert client.get(missing).get("X-Public-Cache") is None


def test_the_cache_can_be_turned_off(client, announced, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    url = reverse("public:plan", args=[CODE, 2570])
    view(client, url)
    assert "X-Public-Cache" not in view(client, url)[0]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (.ci/run sets it and starts Redis)")
def test_with_redis_url_the_cache_is_the_redis_server():
    assert settings.CACHES["default"]["BACKEND"] == "lib.redis_cache.ReusingRedisCache"
    cache.set("redis-round-trip", {"ปี": 2570}, 30)
    assert cache.get("redis-round-trip") == {"ปี": 2570}
    cache.set("redis-counter", 1)
    assert cache.incr("redis-counter") == 2
    import redis

    assert redis.Redis.from_url(os.environ["REDIS_URL"]).ping()
    client = cache._cache
    assert client.get_client() is client.get_client()  # one client per pool, not one per call


def test_phones_get_the_page_compressed(client, announced):
    import gzip

    url = reverse("public:plan", args=[CODE, 2570])
    plain = client.get(url)
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content and len(zipped.content) < len(plain.content) / 3


def test_cached_pages_keep_the_security_headers(client, announced):
    url = reverse("public:plan", args=[CODE, 2570])
    client.get(url)
    hit = client.get(url)
    assert hit["X-Public-Cache"] == "hit"
    assert "script-src 'self'" in hit["Content-Security-Policy"] and hit["X-Frame-Options"] == "DENY"
    assert hit["X-Content-Type-Options"] == "nosniff"


def test_with_the_cache_server_down_citizens_still_get_every_page(client, announced, settings):
    """A real Redis client pointed at a port where nothing listens: pages are built as they are now."""
    settings.CACHES = {"default": {"BACKEND": "lib.redis_cache.ReusingRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    for url in (reverse("public:home"), reverse("public:plan", args=[CODE, 2570]), reverse("public:plan", args=[CODE, 2570]) + "?page=1"):
        response = client.get(url)
        assert response.status_code == 200 and "X-Public-Cache" not in response
        assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "โครงการ" in response.content.decode()


def stored_pages() -> int:
    """How many pages the shared cache holds, whichever backend it is."""
    backend = cache._cache
    if hasattr(backend, "get_client"):
        return sum(1 for _ in backend.get_client().scan_iter(match="*public:page:*"))
    return sum(1 for key in backend if "public:page:" in key)


def test_random_searches_and_junk_keys_do_not_grow_the_cache_beyond_a_bound(client, announced, settings):
    settings.PUBLIC_CACHE_VARIANTS = 25
    url = reverse("public:plan", args=[CODE, 2570])
    client.get(url)
    rng = random.Random(11)
    outcomes = []
    for i in range(1000):
        junk = "".join(rng.choices(string.ascii_letters + "ถนนน้ำ", k=12))
        response = client.get(url, {"q": junk} if i % 2 else {junk: junk})
        assert response.status_code == 200
        outcomes.append(response.get("X-Public-Cache"))
    assert stored_pages() == 1 + 25  # the page itself and the first 25 searches
    assert outcomes.count("hit") == 500  # a junk key is the page without it
    assert outcomes.count(None) == 500 - 25  # searches beyond the bound: served, not stored


def test_an_address_with_unknown_keys_or_empty_filters_is_the_page_without_them(client, announced):
    url = reverse("public:plan", args=[CODE, 2570])
    first = client.get(url)
    for query in ("?utm_source=line&fbclid=abc", "?q=&village=&month=&unit=", "?page=x&month=%E0%B9%91"):
        again = client.get(url + query)
        assert again["X-Public-Cache"] == "hit" and again.content == first.content
    assert "utm_source" not in client.get(url + "?utm_source=line&page=1").content.decode()


def test_a_search_is_cached_as_its_words_not_as_its_spacing(client, announced):
    url = reverse("public:plan", args=[CODE, 2570])
    first = client.get(url, {"q": "  ถนน   คอนกรีต "})
    again = client.get(url, {"q": "ถนน คอนกรีต"})
    assert (first["X-Public-Cache"], again["X-Public-Cache"]) == ("miss", "hit")
    assert "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก" in again.content.decode()
    assert "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก" not in client.get(url, {"q": "ไม่มี"}).content.decode().split("บัญชีโครงการ")[-1]


def test_a_cached_page_refuses_a_host_the_site_does_not_serve(client, announced):
    url = reverse("public:plan", args=[CODE, 2570])
    client.get(url)
    assert client.get(url)["X-Public-Cache"] == "hit"
    refused = client.get(url, HTTP_HOST="evil.example")
    assert refused.status_code == 400 and "X-Public-Cache" not in refused
