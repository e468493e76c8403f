"""The daemon: composition root, main loop, signals, sd_notify.

One loop, in order: catch up on new UIDs in bounded batches (each batch committed with the
cursor) -> run the pipeline on every stored email -> send the outbox -> ping the watchdog ->
IDLE (or poll) until the server signals mail or the renew interval passes. IMAP and the
database run in worker threads; SMTP is async.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from tenacity import AsyncRetrying, retry_if_exception_type, stop_never, wait_random_exponential

from responder import config as config_mod
from responder.approval.purge import mask_spent_codes
from responder.errors import AuthFailed, ConfigError, MailboxUnavailable
from responder.protocols import utc_now
from responder.service import preflight
from responder.service.metrics import Counters, MetricsServer, render
from responder.service.sdnotify import Notifier
from responder.service.wiring import Loaded, Service, build_service, configure
from responder.store import inbox

log = logging.getLogger(__name__)
MASK_EVERY = 300.0
"""Seconds between sweeps that mask spent approval codes in stored mail (R76)."""


@dataclass
class Daemon:
    """The main loop over one store's parts (built by `wiring.build_service`)."""

    parts: Service
    now: Callable[[], datetime] = utc_now
    hook: Callable[[str], None] = lambda _point: None
    notifier: Notifier = field(default_factory=Notifier)
    reconnect_max: float = 300.0
    stop_event: threading.Event = field(default_factory=threading.Event)
    auth_failures: int = 0
    processed: int = 0
    # health and metrics (issue 7): see _start_watch / _stop_watch
    last_imap_ok: datetime | None = None
    counters: Counters = field(default_factory=Counters)
    metrics: MetricsServer | None = None
    masked_at: float = float("-inf")

    @classmethod
    def build(cls, loaded: Loaded, hook: Callable[[str], None] = lambda _point: None) -> Daemon:
        """A daemon for this config with the real clock, mailbox and SMTP server."""
        return cls(build_service(loaded, utc_now, hook), utc_now, hook)

    def __post_init__(self) -> None:
        parts = self.parts
        self.engine, self.worker, self.mailbox_key = parts.engine, parts.worker, parts.mailbox_key
        self.watcher, self.alive = parts.watcher, parts.alive
        self.imap, self.smtp, self.me = parts.imap, parts.smtp, parts.me
        self.processor, self.outbox = parts.processor, parts.outbox

    @property
    def loaded(self) -> Loaded:
        """The config in force (replaced by a reload)."""
        return self.parts.configured.loaded

    async def run(self, *, signals: bool = True) -> None:
        """Serve until SIGTERM/SIGINT; SIGHUP reloads templates and policy."""
        if signals:
            install_signals([self])
        await self.smtp.probe()
        await self._connect()
        await self.outbox.reconcile()
        self.notifier.ready(f"watching {self.loaded.cfg.imap.mailbox}")
        log.info("responder is running for %s", self.loaded.cfg.store.support_address)
        watch = self._start_watch()
        try:
            await self._serve()
        finally:
            self.notifier.stopping()
            await self._stop_watch(watch)
            await self.smtp.close()
            await asyncio.to_thread(self.imap.close)
            self.watcher.release()
            await asyncio.to_thread(inbox.release, self.engine, self.worker)
            self.alive.release()
            log.info("stopped cleanly after %d emails", self.processed)

    async def _serve(self) -> None:
        while not self.stop_event.is_set():
            try:
                await self.cycle()
                self.last_imap_ok = self.now()
                await self._mask_spent_codes()
                self.notifier.watchdog(f"{self.processed} emails handled")
                await self._wait()
            except MailboxUnavailable as exc:
                if self.stop_event.is_set():
                    break
                log.warning("mailbox connection lost (%s); reconnecting", exc)
                await self._connect()

    async def _mask_spent_codes(self) -> None:
        if time.monotonic() - self.masked_at >= MASK_EVERY:
            self.masked_at = time.monotonic()
            try:
                await asyncio.to_thread(mask_spent_codes, self.engine, self.now())
            except Exception:  # housekeeping never stops the mailbox (R70); next sweep retries
                log.exception("masking spent approval codes failed")

    async def _wait(self) -> None:
        if await asyncio.to_thread(self.watcher.acquire):
            renew: float = self.loaded.cfg.imap.idle_renew_seconds
            if self.watcher.shared:  # come back for rows a dead worker leaves when its lease ends
                renew = min(renew, inbox.LEASE.total_seconds())
            await asyncio.to_thread(self.imap.wait, self.stop_event, renew)
        else:  # another process watches this mailbox: help with the work, retry the lock
            await asyncio.to_thread(self.stop_event.wait, 2.0)

    async def _connect(self) -> None:
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(MailboxUnavailable), stop=stop_never,
            wait=wait_random_exponential(multiplier=1, max=self.reconnect_max),
            before_sleep=lambda st: self._connect_failed(st.outcome.exception() if st.outcome else None),
            reraise=True)
        async for attempt in retrying:
            with attempt:
                if self.stop_event.is_set():
                    return
                await asyncio.to_thread(self.imap.connect)
        self.auth_failures = 0

    def _connect_failed(self, exc: BaseException | None) -> None:
        if isinstance(exc, AuthFailed):
            self.auth_failures += 1
            alert = self.auth_failures >= self.loaded.cfg.imap.auth_failure_alert
            level = logging.ERROR if alert else logging.WARNING
            log.log(level, "IMAP login refused %d time(s) in a row: check imap.username and the "
                    "password (RESPONDER_IMAP_PASSWORD or credential imap_password)", self.auth_failures)
        else:
            log.warning("cannot reach the mailbox: %s", exc)

    async def cycle(self) -> int:
        """Catch up, process and send, in bounded batches; returns emails processed."""
        info = self.imap.info
        if info is None:
            raise MailboxUnavailable("not connected")
        done = await self._process_pending()
        if not await asyncio.to_thread(self.watcher.acquire):
            return done
        cursor = await asyncio.to_thread(inbox.open_cursor, self.engine, self.mailbox_key, info.uidvalidity)
        uids = await asyncio.to_thread(self.imap.new_uids, cursor.last_uid)
        size = self.loaded.cfg.imap.batch_size
        for start in range(0, len(uids), size):
            if self.stop_event.is_set():
                break
            batch = await asyncio.to_thread(self.imap.fetch, uids[start:start + size])
            self.hook("after_fetch")
            await asyncio.to_thread(inbox.store_batch, self.engine, self.mailbox_key,
                                    info.uidvalidity, batch, resynced=cursor.resynced)
            done += await self._process_pending()
        return done

    async def _process_pending(self) -> int:
        """Process every claimable email, a claimed batch at a time, sending after each batch.

        Sending runs between batches, not beside them: both are CPU-bound in this process. A
        concurrent sender measured 30% slower with the SMTP sink in this process, and no faster
        (within noise) with the sink in its own process (bench/RESULTS.md).
        """
        done = 0
        try:
            while not self.stop_event.is_set():
                ids = await asyncio.to_thread(inbox.claim, self.engine, self.mailbox_key, 50,
                                              self.worker, self.now(), shared=self.watcher.shared)
                if not ids:
                    break
                done += await asyncio.to_thread(self._process_ids, ids)
                await self.outbox.flush(self.stop_event)  # stopping: the current send finishes
        finally:
            self.processed += done
        await self.outbox.flush(self.stop_event)
        return done

    def _process_ids(self, ids: list[int]) -> int:
        """Process claimed rows in order, in a worker thread; returns how many got an outcome."""
        done = 0
        for row_id in ids:
            if self.stop_event.is_set():
                break
            started = time.monotonic()
            outcome = self.processor.process(row_id)
            self.counters.observe(time.monotonic() - started, outcome)
            done += outcome is not None
        return done

    # --- health alarms and metrics (issue 7) ---------------------------------------------
    def _start_watch(self) -> list[asyncio.Task[None]]:
        """The timers beside the mail loop: health alarms and approval reminders."""
        cfg = self.loaded.cfg
        if cfg.health.metrics_port:
            self.metrics = MetricsServer(cfg.health.metrics_port, lambda: render(self.engine, self.counters))
            self.metrics.start()
        health = self.parts.health
        return [asyncio.create_task(self._every(lambda: health.tick(self.last_imap_ok), "health check")),
                asyncio.create_task(self._every(lambda: self.parts.configured.approval.remind(),  # noqa: PLW0108  (the flow a reload installed)
                                                "approval reminders"))]

    async def _every(self, job: Callable[[], list[str]], what: str) -> None:
        """Run `job` in a thread every health.check_seconds until stopped; send what it queued.

        Independent of the mail loop, which is what may be stuck.
        """
        while not self.stop_event.is_set():
            try:
                if await asyncio.to_thread(job):
                    await self.outbox.flush(None)
            except Exception:  # a broken check must never take the service down
                log.exception("%s failed", what)
            await asyncio.to_thread(self.stop_event.wait, self.loaded.cfg.health.check_seconds)

    async def _stop_watch(self, watch: list[asyncio.Task[None]]) -> None:
        self.stop_event.set()  # also when _serve failed, so the timers end
        await asyncio.gather(*watch)  # never cancelled mid-send
        if self.metrics is not None:
            self.metrics.stop()
    # ---------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read config, templates, prompts and policy; keep the old ones if anything is broken."""
        path = self.loaded.path
        try:  # everything is built before anything is replaced
            fresh = configure(Loaded(config_mod.load(path), path), self.engine,
                              self.parts.configured.stages.history, self.me, self.now)
        except ConfigError as exc:
            log.error("reload rejected, still running with the previous settings: %s", exc)  # noqa: TRY400  (no traceback for a config mistake)
            return
        self.parts.apply(fresh)
        log.info("reloaded templates, prompts, policy, approval, outbox and alarm settings from %s", path)


def install_signals(daemons: list[Daemon]) -> None:
    """SIGTERM/SIGINT stop every daemon after its current email (twice: at once); SIGHUP reloads."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, _on_stop, daemons, sig)
    loop.add_signal_handler(signal.SIGHUP, _reload_all, daemons)


def _reload_all(daemons: list[Daemon]) -> None:
    for d in daemons:
        d.reload()


def _on_stop(daemons: list[Daemon], sig: signal.Signals) -> None:
    if all(d.stop_event.is_set() for d in daemons):
        log.warning("second %s: stopping now", sig.name)
        os._exit(1)  # the database is consistent at every commit, so this loses nothing
    log.info("%s received: finishing the current email, then stopping", sig.name)
    for d in daemons:
        d.stop_event.set()


def fault_hook() -> Callable[[str], None]:
    """Crash on purpose at a named point (RESPONDER_FAULT_CRASH_AT), for the crash tests."""
    point = os.environ.get("RESPONDER_FAULT_CRASH_AT", "")

    def hook(name: str) -> None:
        if point and name == point:
            log.warning("fault injection: SIGKILL at %s", name)
            os.kill(os.getpid(), signal.SIGKILL)

    return hook


async def serve_all(loaded: list[Loaded]) -> None:
    """One daemon per config (store), all in this process, stopped together."""
    for item in loaded:
        preflight.require(item)  # the same refusals check-config reports
    daemons = [Daemon.build(item, fault_hook()) for item in loaded]
    install_signals(daemons)
    await asyncio.gather(*(d.run(signals=False) for d in daemons))


def run(loaded: list[Loaded]) -> None:
    """Start the daemons and block until they stop."""
    asyncio.run(serve_all(loaded))
