"""Django's Redis cache, without building a new client object for every cache call.

Django's `RedisCacheClient.get_client` constructs a `redis.Redis` around the pooled connection on
each call; constructing one costs more than the round trip to a local Redis (its response-callback
table is rebuilt every time). The public page cache makes one call per citizen's request, so this
backend keeps one client per connection pool (`redis.Redis` is safe to share between threads).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
