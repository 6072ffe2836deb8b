"""Reading off the event loop, bounded: at most ``parallel`` files are read at once, in
threads of their own (Tesseract runs as a child process, Pillow releases the GIL), so
that the other agents' turns go on meanwhile. Bounded like the PDF conversions."""

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from reading.attestation import Proposal, propose
from reading.text import ReadError, Text, read_text

# One thread per Tesseract: more would only share the same two cores.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass(frozen=True)
class Read:
    """What a file gave: its text and the entries it proposes."""

    text: Text
    proposals: list[Proposal] = field(default_factory=list)


def read_file(data: bytes) -> Read:
    """Reads ``data`` here, in this thread; ``ReadError`` as ``read_text`` raises it."""
    text = read_text(data)
    return Read(text, propose(text.text))


class Reader:
    def __init__(self, parallel: int = 2) -> None:
        self.parallel = max(1, parallel)
        self._pool: ThreadPoolExecutor | None = None

    async def read(self, data: bytes) -> Read:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.parallel, thread_name_prefix="livret-read")
        return await asyncio.get_running_loop().run_in_executor(self._pool, read_file, data)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


__all__ = ["Read", "ReadError", "Reader", "read_file"]
