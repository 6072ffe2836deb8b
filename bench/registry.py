"""Benchmark of finding an employer by name in the built-in registry (issue 18): the time
to read the registry and build its index (once per process, in a thread at start), then a
search's time for names as agents type them (exact, "Mairie de…", misspelt, a prefix, a
shared name, nonsense), and the memory the registry holds.

Run from the project root: ``python bench/registry.py``. The last line is one JSON object.
"""

import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from livret import registry  # noqa: E402

TYPED = [
    "Lyon",
    "Ville de Lyon",
    "mairie de st etienne",
    "MAIRIE DE SAINT-ÉTIENNE",
    "Marseile",
    "Conseil départemental du Rhône",
    "Région Bretagne",
    "pays de gex",
    "villeurb",
    "Sainte-Colombe",
    "Sainte-Colombe (25)",
    "Saint",
    "xyzzy",
    "Communauté de communes du Pays de Pontchâteau",
    "Annecy-le-Vieux",
    "Le Havre",
]
ROUNDS = 30


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    registry.builtin()
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    registry.warm()
    index_s = time.perf_counter() - started
    memory_mb = tracemalloc.get_traced_memory()[0] / 1e6
    tracemalloc.stop()
    print(f"read {len(registry.builtin())} rows in {read_s:.2f} s, index in {index_s:.2f} s")
    print(f"memory held by the registry and its index: {memory_mb:.0f} MB")

    times: dict[str, list[float]] = {typed: [] for typed in TYPED}
    for _ in range(ROUNDS):
        for typed in TYPED:
            started = time.perf_counter()
            registry.search(typed)
            times[typed].append((time.perf_counter() - started) * 1000)
    everything = [t for per in times.values() for t in per]
    for typed, per in times.items():
        print(f"  {typed!r:50} median {statistics.median(per):6.2f} ms")
    figures = {
        "rows": len(registry.builtin()),
        "read_s": round(read_s, 3),
        "index_s": round(index_s, 3),
        "memory_mb": round(memory_mb, 1),
        "search_p50_ms": round(statistics.median(everything), 2),
        "search_p99_ms": round(percentile(everything, 0.99), 2),
        "search_max_ms": round(max(everything), 2),
        "slowest": max(times, key=lambda typed: statistics.median(times[typed])),
    }
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
