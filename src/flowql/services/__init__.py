"""Use-cases: the only code that writes. Each opens its transaction, locks what it
changes, asks the orchestration rules, writes, and (later) queues events."""
