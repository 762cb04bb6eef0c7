"""Errors: expected failures are data, bad requests get clear GraphQL errors, never a 500."""

from __future__ import annotations

from typing import Any

from api_factories import (
    ERRORS,
    create_flow,
    create_flow_run,
    create_flow_run_payload,
    create_logs,
    create_task_run,
    create_task_run_payload,
    log,
    state,
    unknown_id,
)
from graphql import get_introspection_query
from tests.support.graphql import GraphQLClient

from flowql.schema.build import MAX_ALIASES, MAX_QUERY_DEPTH, MAX_TOKENS


async def post(gql: GraphQLClient, body: Any) -> tuple[int, Any]:
    """POST ``body`` as JSON; the answer must be a 200 or a 400 and free of internals."""
    response = await gql.http.post("/graphql", json=body)
    assert response.status_code in (200, 400), response.text
    assert "Traceback" not in response.text
    assert "Internal server error" not in response.text
    assert "sqlalchemy" not in response.text.lower()
    if response.headers["content-type"].startswith("application/json"):
        return response.status_code, response.json()
    return response.status_code, response.text


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("data") is None, body
    [error] = body["errors"]
    return dict(error)


async def mutate(gql: GraphQLClient, name: str, selection: str, input: dict[str, Any]) -> Any:
    input_type = name[0].upper() + name[1:] + "Input"
    if name in ("deleteFlow", "deleteFlowRun"):
        input_type = "DeleteInput"
    data = await gql(
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} {ERRORS} }} }}",
        {"input": input},
    )
    return data[name]


async def test_unknown_ids_in_mutations_are_not_found(gql: GraphQLClient) -> None:
    missing = unknown_id()
    cases = [
        ("updateFlow", "flow { id }", {"id": missing, "description": "x"}, ["id"]),
        ("deleteFlow", "deletedId", {"id": missing}, ["id"]),
        ("createFlowRun", "flowRun { id } created", {"flowId": missing}, ["flowId"]),
        ("deleteFlowRun", "deletedId", {"id": missing}, ["id"]),
        ("createTaskRun", "taskRun { id }",
         {"flowRunId": missing, "taskKey": "t", "dynamicKey": "0"}, ["flowRunId"]),
        ("setFlowRunState", "status state { id } flowRun { id }",
         {"flowRunId": missing, "state": state("RUNNING")}, ["id"]),
        ("setTaskRunState", "status state { id } taskRun { id }",
         {"taskRunId": missing, "state": state("RUNNING")}, ["id"]),
        ("createLogs", "count", {"logs": [log(0, flowRunId=missing)]}, ["logs"]),
    ]  # fmt: skip
    for name, selection, input, field in cases:
        payload = await mutate(gql, name, selection, input)
        [error] = payload.pop("errors")
        assert error["code"] == "NOT_FOUND", (name, error)
        assert missing in error["message"], (name, error)
        assert error["field"] == field, (name, error)
        assert set(payload.values()) <= {None, False}, (name, payload)


async def test_unknown_parent_task_run_is_not_found(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    missing = unknown_id()

    payload = await create_flow_run_payload(gql, flowId=flow["id"], parentTaskRunId=missing)

    assert payload["flowRun"] is None
    assert payload["errors"] == [{
        "code": "NOT_FOUND", "message": f"parent task run {missing} not found",
        "field": ["parentTaskRunId"],
    }]  # fmt: skip
    assert (await gql("{ flowRuns { totalCount } }"))["flowRuns"]["totalCount"] == 0


async def test_invalid_input_is_reported_with_the_field(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    flow_run = await create_flow_run(gql, flow["id"])
    task = {"flowRunId": flow_run["id"], "taskKey": "t", "dynamicKey": "0"}
    cases = [
        ("createFlow", "flow { id }", {"name": ""}, ["name"]),
        ("createFlow", "flow { id }", {"name": "   "}, ["name"]),
        ("createFlow", "flow { id }", {"name": "x" * 201}, ["name"]),
        ("createFlow", "flow { id }", {"name": "ok", "tags": [""]}, ["tags"]),
        ("createFlowRun", "flowRun { id }", {"flowId": flow["id"], "name": ""}, ["name"]),
        ("createFlowRun", "flowRun { id }", {"flowId": flow["id"], "retries": -1}, ["retries"]),
        ("createFlowRun", "flowRun { id }",
         {"flowId": flow["id"], "retryDelaySeconds": [1, -2]}, ["retryDelaySeconds"]),
        ("createFlowRun", "flowRun { id }",
         {"flowId": flow["id"], "parameters": [1, 2]}, ["parameters"]),
        ("createFlowRun", "flowRun { id }",
         {"flowId": flow["id"], "parameters": "x=1"}, ["parameters"]),
        ("createFlowRun", "flowRun { id }",
         {"flowId": flow["id"], "state": state("PENDING", details=[1])}, ["state", "details"]),
        ("createTaskRun", "taskRun { id }", {**task, "retries": -3}, ["retries"]),
        ("createTaskRun", "taskRun { id }", {**task, "taskInputs": 7}, ["taskInputs"]),
        ("createTaskRun", "taskRun { id }",
         {**task, "retryJitterFactor": -0.5}, ["retryJitterFactor"]),
        ("setFlowRunState", "status flowRun { id }",
         {"flowRunId": flow_run["id"], "state": state("RUNNING", details="no")},
         ["state", "details"]),
        # Longer than the column: PostgreSQL would refuse the write, SQLite would keep it.
        ("createTaskRun", "taskRun { id }", {**task, "cacheKey": "k" * 501}, ["cacheKey"]),
        ("setFlowRunState", "status flowRun { id }",
         {"flowRunId": flow_run["id"], "state": state("RUNNING", name="n" * 101)},
         ["state", "name"]),
        ("setFlowRunState", "status flowRun { id }",
         {"flowRunId": flow_run["id"], "state": state("RUNNING"), "transitionId": "t" * 101},
         ["transitionId"]),
        ("createLogs", "count",
         {"logs": [log(0, flowRunId=flow_run["id"]), log(1, name="x" * 201)]},
         ["logs", "1", "name"]),
    ]  # fmt: skip
    for name, selection, input, field in cases:
        payload = await mutate(gql, name, selection, input)
        [error] = payload.pop("errors")
        assert error["code"] == "INVALID_INPUT", (name, input, error)
        assert error["field"] == field, (name, input, error)
        assert error["message"], (name, input, error)
        assert set(payload.values()) <= {None, 0}, (name, input, payload)

    data = await gql(
        "query($id: UUID!) { flows { totalCount } flowRuns { totalCount } "
        "taskRuns { totalCount } logs { totalCount } flowRun(id: $id) { stateType } }",
        {"id": flow_run["id"]},
    )
    assert data == {
        "flows": {"totalCount": 1}, "flowRuns": {"totalCount": 1}, "taskRuns": {"totalCount": 0},
        "logs": {"totalCount": 0}, "flowRun": {"stateType": "PENDING"},
    }  # fmt: skip


async def test_invalid_input_messages_say_what_is_wrong(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")

    payload = await create_flow_run_payload(gql, flowId=flow["id"], parameters=[1, 2])
    retries = await create_flow_run_payload(gql, flowId=flow["id"], retries=-1)
    empty = await mutate(gql, "createFlow", "flow { id }", {"name": ""})

    assert payload["errors"][0]["message"] == "parameters must be a JSON object, got list"
    assert retries["errors"][0]["message"] == "retries must be 0 or more"
    assert empty["errors"][0]["message"] == "name must not be empty"


async def test_lookups_of_unknown_ids_are_null(gql: GraphQLClient) -> None:
    data = await gql(
        "query($id: UUID!) { flow(id: $id) { id } flowRun(id: $id) { id } "
        "taskRun(id: $id) { id } }",
        {"id": unknown_id()},
    )
    assert data == {"flow": None, "flowRun": None, "taskRun": None}


BAD_REQUESTS = [
    ("{ flowRuns(first: \"ten\") { totalCount } }", None,
     "Int cannot represent non-integer value: \"ten\""),
    ("query($n: Int) { flowRuns(first: $n) { totalCount } }", {"n": "ten"},
     "Variable '$n' has invalid value: Int cannot represent non-integer value"),
    ("{ flowRun(id: \"not-a-uuid\") { id } }", None,
     "Value cannot represent a UUID: \"not-a-uuid\""),
    ("query($id: UUID!) { flowRun(id: $id) { id } }", {"id": "123"},
     "Variable '$id' has invalid value: Value cannot represent a UUID"),
    ("query($id: UUID!) { flowRun(id: $id) { id } }", {},
     "Variable '$id' has invalid value: Expected a value of non-null type 'UUID!' to be provided."),
    ("{ flowRuns { edges { node { nope } } } }", None,
     "Cannot query field 'nope' on type 'FlowRun'."),
    ("{ flowRuns(limit: 5) { totalCount } }", None,
     "Unknown argument 'limit' on field 'Query.flowRuns'."),
    ("{ flowRuns(orderBy: SIDEWAYS) { totalCount } }", None,
     "Value 'SIDEWAYS' does not exist in 'FlowRunSort' enum."),
    ("{ flowRuns { edges { node { id }", None, "Syntax Error: Expected Name, found <EOF>."),
    ("{ flowRuns(first: 1.5) { totalCount } }", None,
     "Int cannot represent non-integer value: 1.5"),
    ("query($t: DateTime) { flowRuns(filter: {startTime: {after: $t}}) { totalCount } }",
     {"t": "yesterday"}, "invalid DateTime 'yesterday': use ISO 8601"),
    ("query($f: FlowRunFilter) { flowRuns(filter: $f) { totalCount } }",
     {"f": {"state": {"type": {"any": ["DONE"]}}}},
     "Value 'DONE' does not exist in 'StateType' enum."),
    ("query($f: FlowRunFilter) { flowRuns(filter: $f) { totalCount } }", {"f": {"bogus": 1}},
     "Expected value of type 'FlowRunFilter' not to include unknown field 'bogus'"),
    ("mutation { createFlow(input: {}) { flow { id } } }", None,
     "Expected value of type 'CreateFlowInput' to include required field 'name'"),
]  # fmt: skip


async def test_bad_requests_get_clear_errors(gql: GraphQLClient) -> None:
    for query, variables, message in BAD_REQUESTS:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables

        _, answer = await post(gql, body)

        error = only_error(answer)
        assert message in error["message"], (query, error)


async def test_broken_http_requests_are_400s(gql: GraphQLClient) -> None:
    response = await gql.http.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "JSON" in response.text
    status, body = await post(gql, {"variables": {}})
    assert status == 400
    assert "No GraphQL query found in the request" in body


async def test_oversized_pages_name_the_limit(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    await create_flow_run(gql, flow["id"])
    for query, path in [
        ("{ flowRuns(first: 201) { totalCount } }", ["flowRuns"]),
        ("{ logs(first: -1) { totalCount } }", ["logs"]),
        ("{ flowRuns { edges { node { taskRuns(first: 500) { totalCount } } } } }",
         ["flowRuns", "edges", 0, "node", "taskRuns"]),
    ]:  # fmt: skip
        _, body = await post(gql, {"query": query})
        [error] = body["errors"]
        assert error["message"].startswith("first must be between 0 and 200, got "), error
        assert error["extensions"] == {"code": "INVALID_INPUT", "field": ["first"]}
        assert error["path"] == path


def nested_query(levels: int) -> str:
    """``flowRuns > edges > node`` then ``levels`` parentFlowRun fields, then ``id``."""
    inner = "id"
    for _ in range(levels):
        inner = f"parentFlowRun {{ {inner} }}"
    return f"{{ flowRuns {{ edges {{ node {{ {inner} }} }} }} }}"


async def test_depth_limit(gql: GraphQLClient) -> None:
    deepest_allowed = MAX_QUERY_DEPTH - 3

    allowed = await gql(nested_query(deepest_allowed))
    _, body = await post(gql, {"query": nested_query(deepest_allowed + 1)})

    assert allowed == {"flowRuns": {"edges": []}}
    error = only_error(body)
    assert error["message"] == f"'anonymous' exceeds maximum operation depth of {MAX_QUERY_DEPTH}"


async def test_alias_limit(gql: GraphQLClient) -> None:
    def aliased(count: int) -> str:
        return "{ " + " ".join(f"a{i}: flows {{ totalCount }}" for i in range(count)) + " }"

    allowed = await gql(aliased(MAX_ALIASES))
    _, body = await post(gql, {"query": aliased(MAX_ALIASES + 1)})

    assert len(allowed) == MAX_ALIASES
    assert only_error(body)["message"] == f"{MAX_ALIASES + 1} aliases found. Allowed: {MAX_ALIASES}"


async def test_token_limit(gql: GraphQLClient) -> None:
    _, body = await post(gql, {"query": "{ " + "__typename " * MAX_TOKENS + "}"})

    error = only_error(body)
    assert f"Document contains more than {MAX_TOKENS} tokens" in error["message"]


async def test_introspection_works(gql: GraphQLClient) -> None:
    """GraphiQL and codegen introspect: deep, but exempt from the depth limit, and error-free."""
    data = await gql(get_introspection_query(descriptions=True, specified_by_url=True))

    types = {t["name"]: t for t in data["__schema"]["types"]}
    fields = {f["name"]: f for f in types["CreateFlowRunInput"]["inputFields"]}
    assert fields["parameters"]["defaultValue"] == "null"
    assert fields["tags"]["defaultValue"] == "[]"
    assert {"FlowRun", "TaskRun", "FlowRunConnection", "SetStateStatus"} <= set(types)


async def test_errors_as_data_do_not_disturb_other_fields(gql: GraphQLClient) -> None:
    flow = await create_flow(gql, "etl")
    task_run = await create_task_run(gql, None, "solo")
    data = await gql(
        f"""mutation($flow: UUID!, $task: UUID!, $missing: UUID!) {{
          good: createFlowRun(input: {{flowId: $flow, name: "ok"}}) {{
            flowRun {{ name }} {ERRORS}
          }}
          bad: createFlowRun(input: {{flowId: $missing}}) {{ flowRun {{ name }} {ERRORS} }}
          task: setTaskRunState(input: {{taskRunId: $task, state: {{type: RUNNING}}}}) {{
            status {ERRORS}
          }}
        }}""",
        {"flow": flow["id"], "task": task_run["id"], "missing": unknown_id()},
    )
    assert data["good"] == {"flowRun": {"name": "ok"}, "errors": []}
    assert data["bad"]["flowRun"] is None
    assert data["bad"]["errors"][0]["code"] == "NOT_FOUND"
    assert data["task"] == {"status": "ACCEPT", "errors": []}
    stored = await create_logs(gql, [log(0, taskRunId=task_run["id"])])
    assert stored == {"count": 1, "errors": []}
    again = await create_task_run_payload(gql, flowRunId=None, taskKey="solo", dynamicKey="0")
    assert again["created"] is True
