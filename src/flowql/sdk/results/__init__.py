"""Results and caching in the SDK: serializers, the result store, what
``result_storage`` means (storage blocks too), persisted exceptions, cache
policies and isolation (the public modules ``flowql.serializers``,
``flowql.results``, ``flowql.cache_policies`` and ``flowql.transactions``
re-export them).

Nothing here is imported by a task that neither persists nor caches its result.
"""
