"""Execution: the process runtime, the flow engine and the task engine."""
