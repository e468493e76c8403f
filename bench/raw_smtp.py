"""Raw limit: messages/s that one aiosmtplib connection sends sequentially (run by mailstack.py).

    .venv/bin/python bench/raw_smtp.py PORT COUNT

A separate process, as the daemon under test is, so the sink does not share its GIL. The
message is about the size of one of our replies (text and HTML, ~2.5 KB).
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import aiosmtplib

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.integration.mails import customer_mail


async def rate(port: int, n: int) -> float:
    """Messages/s over one connection, one after the other."""
    raw = customer_mail(1, body="Hello, your parcel is on its way.\n" * 70)
    async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port) as smtp:
        await smtp.sendmail("bench@shop.example", ["x@example.com"], raw)  # warm-up
        t0 = time.monotonic()
        for _ in range(n):
            await smtp.sendmail("bench@shop.example", ["x@example.com"], raw)
        return n / (time.monotonic() - t0)


if __name__ == "__main__":
    print(f"{asyncio.run(rate(int(sys.argv[1]), int(sys.argv[2]))):.1f}")
