"""Benchmark of attestations read into entries (issue 17), in one run:

1. The corpus of ``tests/attestations.py`` (6 documents of each of its 5 layouts: CNFPT-like,
   centre de gestion, private body, a training given, a relevé of several lines), each
   read as a text PDF and as a photo of it (turned up to 5°, blurred, lit unevenly, noised,
   JPEG), through ``reading.pool.read_file``, what the bot runs: the share of the expected
   fields read exactly (the rubrique counted as a field), and the time per file.
2. Other agents' turns while 4 photos are read at once through ``Engine.reader`` (bounded
   by ``LIVRET_READ_PARALLEL``), against the same load with nothing read: bench/documents.py's
   scripted agents on a real SQLite file, the p99 of the turns that started during a burst.

Run from the project root: ``python bench/reading.py`` (``--quick`` for a smoke run). Progress
goes to stdout; the last line is one JSON object with every figure."""

import argparse
import asyncio
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.documents import WATCH, StampedEngine, disturbed, measure_turns  # noqa: E402
from bench.turns import dry_run, say  # noqa: E402
from bot.config import Settings  # noqa: E402
from reading.pool import Reader, read_file  # noqa: E402
from reading.text import ReadError  # noqa: E402
from tests.attestations import Attestation, corpus, fields_right, photo  # noqa: E402

TARGET_TEXT_SHARE = 0.90
TARGET_PHOTO_SHARE = 0.80
TARGET_TEXT_P50_S = 0.5
TARGET_PHOTO_P50_S = 4.0
TARGET_TURN_P99_MS = 50.0
PHOTOS_AT_ONCE = 4


def read_all(files: Sequence[tuple[str, bytes, list[dict[str, Any]]]]) -> dict[str, Any]:
    """Reads each file once: the share of fields right, times, and the misses by file."""
    times, right, total, misses = [], 0, 0, []
    for name, data, expected in files:
        started = time.perf_counter()
        try:
            got = [p.as_json() for p in read_file(data).proposals]
        except ReadError as error:
            got = []
            misses.append({"file": name, "error": error.reason})
        times.append(time.perf_counter() - started)
        r, t = fields_right(got, expected)
        right, total = right + r, total + t
        if r < t:
            misses.append({"file": name, "right": r, "of": t})
    return {
        "files": len(files),
        "fields": total,
        "fields_right": right,
        "share_right": round(right / total, 3),
        "time_s": {
            "p50": round(statistics.median(times), 3),
            "max": round(max(times), 3),
        },
        "misses": misses,
    }


class ReadBurst:
    """4 photos read at once through the engine's reader, as 4 agents sending theirs."""

    def __init__(self, engine: StampedEngine, photos: Sequence[bytes]) -> None:
        # Entries it saved itself (none): what the database check adds.
        self.entries: dict[str, int] = {}
        self.engine = engine
        self.photos = photos

    async def prepare(self) -> None:
        parallel = Settings(_env_file=None).read_parallel  # type: ignore[call-arg]
        self.engine.reader = Reader(parallel)

    async def __call__(self) -> int:
        await asyncio.gather(*(self.engine.reader.read(p) for p in self.photos))
        return len(self.photos)


async def bench_turns(
    folder: Path, photos: Sequence[bytes], workers: int, seconds: float, bursts: int
) -> dict[str, Any]:
    plan = await dry_run(folder)
    say(f"turns: {workers} agents at a time, without pause; bursts of {len(photos)} photos read")
    from documents.pdf import PdfConverter

    converter = PdfConverter()
    reference = await measure_turns(folder, "reference", plan, workers, converter, seconds=seconds)
    during = await measure_turns(
        folder,
        "during_reading",
        plan,
        workers,
        converter,
        lambda engine, _db: ReadBurst(engine, photos),
        bursts,
    )
    during["p99_over_reference"] = round(during["turn_ms"]["p99"] / reference["turn_ms"]["p99"], 2)
    for name, part in (("nothing read", reference), ("4 photos read", during)):
        say(
            f"  {name}: {part['turns']} turns, p50 {part['turn_ms']['p50']:.2f} ms, "
            f"p99 {part['turn_ms']['p99']:.2f} ms{disturbed(part)}"
        )
    return {"reference": reference, "during_reading": during}


def tesseract_version() -> str | None:
    if shutil.which("tesseract") is None:
        return None
    done = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).splitlines()[0]


async def main(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    documents: list[Attestation] = corpus(args.per_layout)
    say(f"corpus: {len(documents)} attestations, {sum(len(d.expected) for d in documents)} entries")
    text = read_all([(d.name, d.pdf, d.expected) for d in documents])
    say(
        f"text PDFs: {text['share_right']:.1%} of fields right, "
        f"p50 {text['time_s']['p50']:.3f} s per file"
    )
    photos = [(d.name, photo(d.pdf, seed=n), d.expected) for n, d in enumerate(documents)]
    photo_part: dict[str, Any] = {}
    with WATCH.part(photo_part):
        photo_figures = read_all(photos) | photo_part
    say(
        f"photos: {photo_figures['share_right']:.1%} of fields right, "
        f"p50 {photo_figures['time_s']['p50']:.2f} s per page{disturbed(photo_figures)}"
    )
    with tempfile.TemporaryDirectory(prefix="livret-bench-reading-") as tmp:
        turns = await bench_turns(
            Path(tmp),
            [p for _, p, _ in photos[:PHOTOS_AT_ONCE]],
            args.agents,
            args.seconds,
            args.bursts,
        )
    met = {
        "text_share": text["share_right"] >= TARGET_TEXT_SHARE,
        "photo_share": photo_figures["share_right"] >= TARGET_PHOTO_SHARE,
        "text_p50": text["time_s"]["p50"] <= TARGET_TEXT_P50_S,
        "photo_p50": photo_figures["time_s"]["p50"] <= TARGET_PHOTO_P50_S,
        "turn_p99": turns["during_reading"]["turn_ms"]["p99"] <= TARGET_TURN_P99_MS,
    }
    say("targets: " + ", ".join(f"{k} {'met' if ok else 'MISSED'}" for k, ok in met.items()))
    return {
        "benchmark": "reading",
        "quick": args.quick,
        "attestations": len(documents),
        "text_pdfs": text,
        "photos": photo_figures,
        "turns": turns,
        "meets": met,
        "targets": {
            "text_share": TARGET_TEXT_SHARE,
            "photo_share": TARGET_PHOTO_SHARE,
            "text_p50_s": TARGET_TEXT_P50_S,
            "photo_p50_s": TARGET_PHOTO_P50_S,
            "turn_p99_ms": TARGET_TURN_P99_MS,
            "photos_at_once": PHOTOS_AT_ONCE,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "tesseract": tesseract_version(),
            "read_parallel": Settings(_env_file=None).read_parallel,  # type: ignore[call-arg]
        },
        "total_s": round(time.perf_counter() - started, 1),
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Attestations read into entries (issue 17).")
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--agents", type=int, default=8, help="agents talking at once")
    args = parser.parse_args(argv)
    args.per_layout = 1 if args.quick else 6
    args.seconds = 3.0 if args.quick else 10.0
    args.bursts = 1 if args.quick else 4
    return args


if __name__ == "__main__":
    import json

    figures = asyncio.run(main(parse_args()))
    print(json.dumps(figures, ensure_ascii=False))
