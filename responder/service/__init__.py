"""The long-running service: daemon, processor, outbox, health, metrics, wiring."""
