"""The trigram indexes behind the text search across a province's plans (PostgreSQL only).

On the plain columns: pg_trgm answers both LIKE and ILIKE from them. The search compares Thai
words with LIKE (`contains`): Thai has no letter case, and UPPER() on Thai text costs three times
the comparison itself; a word with letters that have a case goes through `icontains`.
bench/national.py drops them while it loads and runs CREATE again.
"""

CREATE = (
    "CREATE INDEX IF NOT EXISTS activity_name_trgm ON projects_activity USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS activity_details_trgm ON projects_activity USING gin (details gin_trgm_ops)",
)
DROP = ("DROP INDEX IF EXISTS activity_name_trgm", "DROP INDEX IF EXISTS activity_details_trgm")
