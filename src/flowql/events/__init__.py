"""Events: the event model, the outbox, the wake-up bus.

Server side: ``outbox`` (events stored in the transaction of their change),
``run_events`` (what runs emit), ``bus`` (wake-ups after commit). Importing
this package imports none of them, so ``flowql.events`` stays light for the
SDK.
"""
