"""Django's Redis cache, keeping one client per connection pool.

Django's backend builds a new `redis.Redis` for every cache call; with redis-py 5+ that constructor
registers ~170 response callbacks, about 0.35 ms of CPU — more than the page cache's whole hit costs
otherwise (docs/decisions/0004-page-cache.md). A `redis.Redis` is safe to share between threads: each
command takes a connection from the pool.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def get_many(self, keys, version=None):
        """Django's, without its check that each key would suit memcached (a Python loop over every character of
        every key, on every page-cache hit): Redis takes any key."""
        made = {self.make_key(key, version=version): key for key in keys}
        return {made[key]: value for key, value in self._cache.get_many(list(made)).items()}
