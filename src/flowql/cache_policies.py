"""Cache policies, as ``prefect.cache_policies``: ``INPUTS``, ``TASK_SOURCE``,
``FLOW_PARAMETERS``, ``RUN_ID``, ``NO_CACHE`` and ``DEFAULT``
(``INPUTS + TASK_SOURCE + RUN_ID``), combinable with ``+``; ``INPUTS - "name"``
ignores a parameter. The implementation lives in
:mod:`flowql.sdk.results.cache_policies`."""

from flowql.sdk.results.cache_policies import (
    DEFAULT,
    FLOW_PARAMETERS,
    INPUTS,
    NO_CACHE,
    RUN_ID,
    TASK_SOURCE,
    CacheKeyFnPolicy,
    CachePolicy,
    CompoundCachePolicy,
    FlowParameters,
    Inputs,
    RunId,
    TaskSource,
)

__all__ = [
    "DEFAULT",
    "FLOW_PARAMETERS",
    "INPUTS",
    "NO_CACHE",
    "RUN_ID",
    "TASK_SOURCE",
    "CacheKeyFnPolicy",
    "CachePolicy",
    "CompoundCachePolicy",
    "FlowParameters",
    "Inputs",
    "RunId",
    "TaskSource",
]
