"""The trigram indexes behind the text search across a province's plans (PostgreSQL only).

Django's `icontains` compares `UPPER(column::text) LIKE UPPER(%s)`, so the indexes are on that same
expression; pg_trgm then answers a substring search ("ถนน" inside "โครงการก่อสร้างถนนคอนกรีต")
from the index. bench/national.py drops them while it loads and runs CREATE again.
"""

CREATE = (
    "CREATE INDEX IF NOT EXISTS activity_name_trgm ON projects_activity USING gin ((UPPER(name::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS activity_details_trgm ON projects_activity USING gin ((UPPER(details::text)) gin_trgm_ops)",
)
DROP = ("DROP INDEX IF EXISTS activity_name_trgm", "DROP INDEX IF EXISTS activity_details_trgm")
