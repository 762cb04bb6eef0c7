"""Run loggers, the console format, the batched API log sink and log_prints."""

from __future__ import annotations

import builtins
import io
import logging
import math
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from flowql.sdk.context import (
    FlowRunContext,
    FlowRunInfo,
    TaskRunContext,
    TaskRunInfo,
    entered_flow_run,
    entered_task_run,
)
from flowql.sdk.logging import (
    APILogHandler,
    ConsoleHandler,
    LogBatcher,
    disable_run_logger,
    get_logger,
    get_run_logger,
    patch_print,
    set_log_batcher,
    setup_logging,
)

LINE = r"\d\d:\d\d:\d\d\.\d{3} \| "
LOGGER_NAMES = ("flowql", "flowql.flow_runs", "flowql.task_runs")


class ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def records() -> Iterator[list[logging.LogRecord]]:
    """Configure flowql logging at DEBUG, collect every record, restore afterwards."""
    loggers = [logging.getLogger(name) for name in LOGGER_NAMES]
    saved = [(lg, lg.level, lg.propagate, lg.disabled, list(lg.handlers)) for lg in loggers]
    setup_logging("DEBUG")
    collector = ListHandler()
    loggers[0].addHandler(collector)
    try:
        yield collector.records
    finally:
        set_log_batcher(None)
        for logger, level, propagate, disabled, handlers in saved:
            logger.setLevel(level)
            logger.propagate = propagate
            logger.disabled = disabled
            logger.handlers[:] = handlers


class Sink:
    """A ``send`` callable that records batches and can be told to fail."""

    def __init__(self) -> None:
        self.batches: list[list[dict[str, Any]]] = []
        self.failing = False
        self.sent = threading.Event()

    def __call__(self, batch: list[dict[str, Any]]) -> None:
        if self.failing:
            raise ConnectionError("API down")
        self.batches.append(batch)
        self.sent.set()

    @property
    def messages(self) -> list[Any]:
        return [log["message"] for batch in self.batches for log in batch]


@pytest.fixture
def sink() -> Sink:
    return Sink()


@pytest.fixture
def make_batcher(sink: Sink) -> Iterator[Callable[..., LogBatcher]]:
    made: list[LogBatcher] = []

    def make(**options: Any) -> LogBatcher:
        batcher = LogBatcher(sink, **{"interval": 60.0, **options})
        made.append(batcher)
        return batcher

    yield make
    for batcher in made:
        batcher.close()


def flow_context(name: str = "crimson-otter", log_prints: bool = False) -> FlowRunContext:
    info = FlowRunInfo(id=uuid.uuid4(), name=name, flow_name="etl", parameters={}, tags=[])
    return FlowRunContext(flow=SimpleNamespace(name="etl"), flow_run=info, log_prints=log_prints)


def task_context(
    flow: FlowRunContext | None, name: str = "say-0", log_prints: bool = False
) -> TaskRunContext:
    info = TaskRunInfo(
        id=uuid.uuid4(),
        name=name,
        task_key="say",
        dynamic_key="0",
        flow_run_id=flow.flow_run.id if flow else None,
        tags=[],
    )
    return TaskRunContext(task=SimpleNamespace(name="say"), task_run=info, log_prints=log_prints)


def log(n: int) -> dict[str, Any]:
    return {"message": n}


# --- run loggers ---------------------------------------------------------------------


def test_flow_run_logger_is_bound_to_the_flow_run(records: list[logging.LogRecord]) -> None:
    context = flow_context()
    with entered_flow_run(context):
        logger = get_run_logger(color="red")
        logger.info("hello %s", "world", extra={"step": 1})

    assert isinstance(logger, logging.LoggerAdapter)
    [record] = records
    assert record.name == "flowql.flow_runs"
    assert record.getMessage() == "hello world"
    fields = ("flow_run_id", "flow_run_name", "flow_name", "color", "step")
    assert {field: getattr(record, field) for field in fields} == {
        "flow_run_id": str(context.flow_run.id),
        "flow_run_name": "crimson-otter",
        "flow_name": "etl",
        "color": "red",
        "step": 1,
    }


def test_task_run_logger_is_bound_to_the_task_and_its_flow(
    records: list[logging.LogRecord],
) -> None:
    flow = flow_context()
    task = task_context(flow)
    with entered_flow_run(flow), entered_task_run(task):
        get_run_logger().warning("careful")

    [record] = records
    assert record.name == "flowql.task_runs"
    assert record.levelno == logging.WARNING
    assert record.task_run_id == str(task.task_run.id)
    assert record.task_run_name == "say-0"
    assert record.task_name == "say"
    assert record.flow_run_id == str(flow.flow_run.id)
    assert (record.flow_run_name, record.flow_name) == ("crimson-otter", "etl")


def test_an_explicit_context_overrides_the_current_one(records: list[logging.LogRecord]) -> None:
    other = flow_context("other-run")
    with entered_flow_run(flow_context()):
        get_run_logger(other).info("x")
    assert records[0].flow_run_name == "other-run"
    with pytest.raises(TypeError, match="unexpected type 'str'"):
        get_run_logger("nope")  # type: ignore[arg-type]


def test_outside_a_run_get_run_logger_raises_missing_context_error() -> None:
    exceptions = pytest.importorskip(
        "flowql.exceptions", reason="flowql.exceptions (MissingContextError) not written yet"
    )
    with pytest.raises(exceptions.MissingContextError, match="no active flow or task run"):
        get_run_logger()


def test_outside_a_run_a_fallback_logger_can_be_asked_for() -> None:
    assert get_run_logger(on_missing_context="ignore") is logging.getLogger("flowql")
    assert get_run_logger(on_missing_context="warn", fallback_logger_name="mine").name == (
        "flowql.mine"
    )


def test_get_logger_names_loggers_in_the_flowql_tree() -> None:
    assert get_logger().name == "flowql"
    assert get_logger("engine").name == "flowql.engine"
    assert get_logger("flowql.api").name == "flowql.api"


def test_disable_run_logger_silences_run_loggers_and_restores_them(
    records: list[logging.LogRecord],
) -> None:
    with disable_run_logger():
        null = get_run_logger()  # no context and no error: a disabled logger
        null.info("dropped")
        with entered_flow_run(flow_context()):
            get_run_logger().info("dropped too")
    with entered_flow_run(flow_context()):
        get_run_logger().info("kept")

    assert [record.getMessage() for record in records] == ["kept"]
    assert not logging.getLogger("flowql.flow_runs").disabled


# --- console ---------------------------------------------------------------------------


def test_console_lines_look_like_prefect(
    records: list[logging.LogRecord], capsys: pytest.CaptureFixture[str]
) -> None:
    flow = flow_context()
    with entered_flow_run(flow):
        get_run_logger().info("Beginning flow run")
        with entered_task_run(task_context(flow)):
            get_run_logger().warning("retrying")
        get_run_logger().error("boom")
    get_logger("engine").debug("internal")

    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 4, lines
    assert re.fullmatch(
        LINE + r"INFO    \| Flow run 'crimson-otter' - Beginning flow run", lines[0]
    )
    assert re.fullmatch(LINE + r"WARNING \| Task run 'say-0' - retrying", lines[1])
    assert re.fullmatch(LINE + r"ERROR   \| Flow run 'crimson-otter' - boom", lines[2])
    assert re.fullmatch(LINE + r"DEBUG   \| flowql.engine - internal", lines[3])


def test_setup_logging_is_idempotent_and_leaves_the_root_logger_alone(
    records: list[logging.LogRecord], capsys: pytest.CaptureFixture[str]
) -> None:
    root_handlers = list(logging.getLogger().handlers)
    setup_logging("DEBUG")
    setup_logging("DEBUG")

    flowql = logging.getLogger("flowql")
    assert sum(isinstance(h, ConsoleHandler) for h in flowql.handlers) == 1
    for name in ("flowql.flow_runs", "flowql.task_runs"):
        handlers = logging.getLogger(name).handlers
        assert sum(isinstance(h, APILogHandler) for h in handlers) == 1
    assert logging.getLogger().handlers == root_handlers
    with entered_flow_run(flow_context()):
        get_run_logger().info("once")
    assert capsys.readouterr().err.count("once") == 1


def test_level_comes_from_flowql_logging_level(
    records: list[logging.LogRecord], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLOWQL_HOME", str(home))
    monkeypatch.setenv("FLOWQL_LOGGING_LEVEL", "WARNING")
    setup_logging()
    assert logging.getLogger("flowql").level == logging.WARNING
    with entered_flow_run(flow_context()):
        get_run_logger().info("hidden")
        get_run_logger().warning("shown")
    assert [record.getMessage() for record in records] == ["shown"]


# --- API handler -----------------------------------------------------------------------


def test_run_records_reach_the_batcher_as_create_logs_inputs(
    records: list[logging.LogRecord], make_batcher: Callable[..., LogBatcher], sink: Sink
) -> None:
    batcher = make_batcher()
    set_log_batcher(batcher)
    flow = flow_context()
    task = task_context(flow)
    before = datetime.now(UTC)
    with entered_flow_run(flow):
        get_run_logger().info("from %s", "flow")
        with entered_task_run(task):
            get_run_logger().debug("from task")
        try:
            raise ValueError("bad value")
        except ValueError:
            get_run_logger().exception("failed")
        get_run_logger().info("local", extra={"send_to_api": False})
    with entered_task_run(task_context(None)):
        get_run_logger().info("task outside a flow: no flow run id")
    get_logger("engine").info("not a run logger")
    assert sink.batches == []  # buffered, not one request per line
    batcher.flush()

    [logs] = sink.batches
    assert [log["message"].splitlines()[0] for log in logs] == ["from flow", "from task", "failed"]
    first, second, third = logs
    assert first == {
        "name": "flowql.flow_runs",
        "level": logging.INFO,
        "message": "from flow",
        "timestamp": first["timestamp"],
        "flowRunId": str(flow.flow_run.id),
        "taskRunId": None,
    }
    assert (second["name"], second["level"]) == ("flowql.task_runs", logging.DEBUG)
    assert (second["flowRunId"], second["taskRunId"]) == (
        str(flow.flow_run.id),
        str(task.task_run.id),
    )
    assert "Traceback" in third["message"]
    assert "ValueError: bad value" in third["message"]
    stamp = datetime.fromisoformat(first["timestamp"])
    assert stamp.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=1) <= stamp <= datetime.now(UTC)


def test_without_an_active_batcher_run_logs_stay_local(
    records: list[logging.LogRecord], make_batcher: Callable[..., LogBatcher], sink: Sink
) -> None:
    batcher = make_batcher()
    set_log_batcher(None)
    with entered_flow_run(flow_context()):
        get_run_logger().info("console only")
    batcher.flush()
    assert sink.batches == []
    assert [record.getMessage() for record in records] == ["console only"]


# --- LogBatcher ------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 99, 100, 101, 1050])
def test_records_are_sent_in_full_ordered_batches(
    make_batcher: Callable[..., LogBatcher], sink: Sink, count: int
) -> None:
    batcher = make_batcher(batch_size=100)
    for n in range(count):
        batcher.add(log(n))
    batcher.close()

    assert len(sink.batches) == math.ceil(count / 100)
    assert all(len(batch) == 100 for batch in sink.batches[:-1])
    assert sink.messages == list(range(count))


def test_a_full_batch_is_sent_without_waiting_for_the_timer(
    make_batcher: Callable[..., LogBatcher], sink: Sink
) -> None:
    batcher = make_batcher(batch_size=10)
    for n in range(25):
        batcher.add(log(n))
    assert sink.sent.wait(5)
    _wait_for(lambda: len(sink.batches) == 2)
    assert sink.messages == list(range(20))
    assert len(batcher) == 5


def test_the_timer_sends_a_partial_batch(
    make_batcher: Callable[..., LogBatcher], sink: Sink
) -> None:
    batcher = make_batcher(interval=0.05)
    for n in range(3):
        batcher.add(log(n))
    assert sink.sent.wait(5)
    assert sink.batches == [[log(0), log(1), log(2)]]
    assert len(batcher) == 0


def test_flush_sends_now(make_batcher: Callable[..., LogBatcher], sink: Sink) -> None:
    batcher = make_batcher()
    batcher.add(log(0))
    batcher.add(log(1))
    batcher.flush()
    assert sink.batches == [[log(0), log(1)]]
    batcher.flush()
    assert len(sink.batches) == 1  # nothing left: no empty batch


def test_close_flushes_and_stops_the_thread(
    make_batcher: Callable[..., LogBatcher], sink: Sink
) -> None:
    batcher = make_batcher()
    batcher.add(log(0))
    thread = batcher._thread
    batcher.close()
    assert sink.batches == [[log(0)]]
    assert thread is not None and not thread.is_alive()


def test_a_failed_send_keeps_the_records_and_retries(
    make_batcher: Callable[..., LogBatcher], sink: Sink, capsys: pytest.CaptureFixture[str]
) -> None:
    batcher = make_batcher(batch_size=2)
    sink.failing = True
    for n in range(3):
        batcher.add(log(n))
    batcher.flush()
    batcher.flush()
    assert len(batcher) == 3
    failures = capsys.readouterr().err
    assert failures.count("sending logs to the API failed") == 1
    assert "ConnectionError: API down" in failures

    sink.failing = False
    batcher.flush()
    assert sink.batches == [[log(0), log(1)], [log(2)]]
    assert "works again" in capsys.readouterr().err


def test_the_timer_retries_after_a_failure(
    make_batcher: Callable[..., LogBatcher], sink: Sink, capsys: pytest.CaptureFixture[str]
) -> None:
    batcher = make_batcher(interval=0.05)
    sink.failing = True
    batcher.add(log(0))
    batcher.flush()
    sink.failing = False
    assert sink.sent.wait(5)
    assert sink.messages == [0]


def test_overflow_drops_the_oldest_with_one_warning(
    make_batcher: Callable[..., LogBatcher], sink: Sink, capsys: pytest.CaptureFixture[str]
) -> None:
    batcher = make_batcher(batch_size=2, max_buffered=5)
    sink.failing = True
    for n in range(12):
        batcher.add(log(n))
    batcher.flush()
    sink.failing = False
    batcher.flush()
    batcher.close()

    assert sink.messages == [7, 8, 9, 10, 11]
    warnings = [line for line in capsys.readouterr().err.splitlines() if "dropped" in line]
    assert len(warnings) == 1
    assert "dropped the 7 oldest log(s)" in warnings[0]


def test_overflow_is_reported_at_close_even_if_the_api_stays_down(
    make_batcher: Callable[..., LogBatcher], sink: Sink, capsys: pytest.CaptureFixture[str]
) -> None:
    batcher = make_batcher(batch_size=1, max_buffered=1)
    sink.failing = True
    for n in range(4):
        batcher.add(log(n))
    batcher.close()
    assert capsys.readouterr().err.count("dropped the 3 oldest log(s)") == 1


def test_records_from_many_threads_all_arrive_in_per_thread_order(
    make_batcher: Callable[..., LogBatcher], sink: Sink
) -> None:
    batcher = make_batcher(batch_size=7, interval=0.01)

    def produce(thread: int) -> None:
        for n in range(200):
            batcher.add(log((thread, n)))

    threads = [threading.Thread(target=produce, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    batcher.close()

    assert all(len(batch) <= 7 for batch in sink.batches)
    for t in range(4):
        assert [n for (thread, n) in sink.messages if thread == t] == list(range(200))


def _wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


# --- log_prints ------------------------------------------------------------------------


def test_print_in_a_run_with_log_prints_is_logged_instead(
    records: list[logging.LogRecord], capsys: pytest.CaptureFixture[str]
) -> None:
    with entered_flow_run(flow_context(log_prints=True)), patch_print():
        print("hello", 42, sep="-")

    out, err = capsys.readouterr()
    assert out == ""
    [record] = records
    assert (record.name, record.levelno, record.getMessage()) == (
        "flowql.flow_runs",
        logging.INFO,
        "hello-42",
    )
    assert record.funcName == "test_print_in_a_run_with_log_prints_is_logged_instead"
    assert re.search(r"INFO    \| Flow run 'crimson-otter' - hello-42", err)


def test_print_in_a_task_is_logged_by_the_task_logger(
    records: list[logging.LogRecord], capsys: pytest.CaptureFixture[str]
) -> None:
    flow = flow_context()
    task = task_context(flow, log_prints=True)
    with entered_flow_run(flow), entered_task_run(task), patch_print():
        print("from task")
    assert [(r.name, r.getMessage()) for r in records] == [("flowql.task_runs", "from task")]
    assert capsys.readouterr().out == ""


def test_print_without_log_prints_or_to_a_file_prints(
    records: list[logging.LogRecord], capsys: pytest.CaptureFixture[str]
) -> None:
    buffer = io.StringIO()
    with patch_print():
        print("no run")
        with entered_flow_run(flow_context(log_prints=False)):
            print("log_prints off")
        with entered_flow_run(flow_context(log_prints=True)):
            print("to a file", file=buffer)

    assert capsys.readouterr().out == "no run\nlog_prints off\n"
    assert buffer.getvalue() == "to a file\n"
    assert records == []


def test_patch_print_decides_per_thread(
    records: list[logging.LogRecord], capsys: pytest.CaptureFixture[str]
) -> None:
    original = builtins.print
    barrier = threading.Barrier(2)

    def run(log_prints: bool, word: str) -> None:
        with entered_flow_run(flow_context(word, log_prints=log_prints)), patch_print():
            barrier.wait()
            for n in range(50):
                print(word, n)
            barrier.wait()

    threads = [
        threading.Thread(target=run, args=(True, "logged")),
        threading.Thread(target=run, args=(False, "printed")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    out = capsys.readouterr().out.splitlines()
    assert out == [f"printed {n}" for n in range(50)]
    assert [r.getMessage() for r in records] == [f"logged {n}" for n in range(50)]
    assert {r.flow_run_name for r in records} == {"logged"}
    assert builtins.print is original


def test_patch_print_restores_print_when_the_last_user_leaves() -> None:
    original = builtins.print
    with patch_print():
        patched = builtins.print
        assert patched is not original
        with patch_print():
            assert builtins.print is patched
        assert builtins.print is patched
    assert builtins.print is original
