"""An example flow: `make run` runs it against the server it starts.

The same file runs on Prefect 3 by changing `flowql` to `prefect` in the imports.
"""

from __future__ import annotations

import time

from flowql import flow, get_run_logger, task


@task(retries=2, retry_delay_seconds=0.5)
def extract(source: str) -> list[int]:
    get_run_logger().info("extracting from %s", source)
    return list(range(10))


@task
def transform(value: int) -> int:
    time.sleep(0.05)
    return value * value


@task
def load(values: list[int]) -> int:
    total = sum(values)
    get_run_logger().info("loaded %d values, total %d", len(values), total)
    return total


@flow(log_prints=True)
def etl(source: str = "example") -> int:
    """Extract, transform in parallel, load."""
    rows = extract(source)
    squares = transform.map(rows)
    total = load(squares)
    print(f"ETL finished: {total}")
    return total


if __name__ == "__main__":
    etl()
