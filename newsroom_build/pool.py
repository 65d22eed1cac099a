"""Reading and cleaning on every core, before Pelican runs: the memo filled in parallel.

Checking a source, converting its Markdown and cleaning it is most of a cold build, and each
source's is independent of the others'. Each worker process reads its settings as the build
does, registers the plugins with a Pelican of its own, and runs Pelican's own ArticlesGenerator
on a slice of the articles (ARTICLE_PATHS may name files): the source checks, the reader and
the cleaning run as in the build itself, and what they compute lands in the worker's memo.
The memo's new values come back to the build, which then runs Pelican once, in full, finding
each source's work already done. Nothing a worker does reaches the output folder, and the
build's output is the same as a single process's: the same code computed the same values.

Workers are started fresh (multiprocessing's "spawn"), not forked: the build process may run a
web server thread (make devserver), and a fork copies locks other threads hold.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsroom_build.build import BuildOptions, read_settings
from newsroom_build.memo import SETTING, Memo

# Below this many sources to read, starting the workers costs more than it saves.
POOL_MIN_SOURCES = 48
CHUNKS_PER_WORKER = 4

_WORKER: dict[str, Any] = {}


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def chunks(paths: Sequence[str], workers: int) -> list[list[str]]:
    """Slices of about equal size, several per worker, so that a slow slice does not leave
    the other workers idle at the end."""
    count = max(1, min(len(paths), workers * CHUNKS_PER_WORKER))
    return [list(paths[start::count]) for start in range(count)]


def fill(
    options: BuildOptions,
    output_path: Path,
    paths: Sequence[str],
    memo: Memo,
    workers: int,
) -> int:
    """Read `paths` (article sources, relative to the content folder) in `workers` processes;
    their results go into `memo`. Returns how many memo values came back."""
    context = multiprocessing.get_context("spawn")
    received = 0
    with context.Pool(workers, initializer=_start, initargs=(options, output_path)) as pool:
        for rows in pool.imap_unordered(_read, chunks(paths, workers)):
            memo.add(rows)
            received += len(rows)
    return received


def _start(options: BuildOptions, output_path: Path) -> None:
    """A worker: the build's settings and plugins, a memo of its own, and no log of its own
    (the build logs what the memo kept, once)."""
    from pelican import Pelican, signals

    from newsroom_build.reader import use_memoised_reader

    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(logging.NullHandler())
    root.setLevel(logging.WARNING)
    settings = read_settings(options, output_path)
    memo = Memo(settings)
    settings[SETTING] = memo
    pelican = Pelican(settings)
    signals.readers_init.connect(use_memoised_reader)
    _WORKER.update(settings=pelican.settings, memo=memo, pelican=pelican)


def _read(paths: list[str]) -> list[tuple[bytes, bytes]]:
    from pelican.generators import ArticlesGenerator

    settings, memo, pelican = _WORKER["settings"], _WORKER["memo"], _WORKER["pelican"]
    memo.fresh.clear()
    settings["ARTICLE_PATHS"] = paths
    settings["PAGE_PATHS"] = []
    context = settings.copy()
    context.update(generated_content={}, static_links=set(), static_content={})
    context["localsiteurl"] = settings["SITEURL"]
    try:
        generator = ArticlesGenerator(
            context=context,
            settings=settings,
            path=pelican.path,
            theme=pelican.theme,
            output_path=pelican.output_path,
        )
        generator.generate_context()
    except Exception:  # noqa: BLE001  (the build reads this slice again and reports why)
        pass
    return list(memo.fresh.items())
