"""Reading and cleaning on every core: worker processes fill the memo while the build runs.

Checking a source, converting its Markdown and cleaning it is most of a cold build, and each
source's is independent of the others'. Each worker process reads its settings as the build
does, registers the plugins with a Pelican of its own, and runs Pelican's own ArticlesGenerator
on small slices of the articles (ARTICLE_PATHS may name files): the source checks, the reader
and the cleaning run as in the build itself, and what they compute comes back as memo values.

The build does not wait for them. It runs Pelican at once, in its own process, reading the
sources in Pelican's order, while the workers take them from the other end; whenever the build
needs a value the memo does not have, it first takes in what the workers have finished
(`Helpers.take_in`), and computes the value itself only if they have not. The two meet in the
middle, and the build's output is the same as a single process's: the same code computed the
same values. Nothing a worker does reaches the output folder.

Workers are started fresh (multiprocessing's "spawn"), not forked: the build process may run a
web server thread (make devserver), and a fork copies locks other threads hold.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsroom.build.build import BuildOptions, read_settings
from newsroom.build.memo import Memo
from newsroom.plugins.memo import SETTING

# Below this many sources to read, starting the workers costs more than it saves.
POOL_MIN_SOURCES = 48
SLICES_PER_WORKER = 16
MIN_SLICE = 4

_WORKER: dict[str, Any] = {}


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def slices(paths: Sequence[str], workers: int) -> list[list[str]]:
    """The paths from the last to the first, in slices small enough to come back often (the
    build takes in a slice only once it is finished) and large enough to keep the workers'
    overhead small."""
    size = max(MIN_SLICE, len(paths) // (workers * SLICES_PER_WORKER))
    backwards = list(reversed(paths))
    return [backwards[start : start + size] for start in range(0, len(backwards), size)]


class Helpers:
    """Worker processes reading `paths` (article sources, relative to the content folder, in
    the order the build will read them) from the end, into `memo`.

    Plain processes and one queue, not a multiprocessing Pool: `close` kills them outright, so
    a build stopped with Ctrl-C never waits on a pool's threads."""

    def __init__(
        self,
        options: BuildOptions,
        output_path: Path,
        paths: Sequence[str],
        memo: Memo,
        workers: int,
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self.memo = memo
        self.keys: set[bytes] = set()  # the memo keys of the values they computed
        self.used = 0  # values the build took from the workers instead of computing them
        parts = slices(paths, workers)
        self._expected = len(parts)
        self._received = 0
        self._results: Any = context.Queue()
        self._processes: list[Any] = []
        try:
            for number in range(workers):
                process = context.Process(
                    target=_work,
                    args=(options, output_path, parts[number::workers], self._results),
                    daemon=True,
                )
                process.start()
                self._processes.append(process)
        except BaseException:
            self.close()
            raise

    def take_in(self) -> None:
        """Add to the memo every slice the workers have finished since the last look."""
        while True:
            try:
                rows = self._results.get_nowait()
            except queue.Empty:
                return
            self._add(rows)

    def wait(self) -> None:
        """Wait for every slice and take them all in (the tests' way to prove the workers'
        values equal the build's own)."""
        while self._received < self._expected:
            try:
                self._add(self._results.get(timeout=1))
            except queue.Empty:
                if not any(process.is_alive() for process in self._processes):
                    self.take_in()
                    return

    def close(self) -> None:
        """Stop the workers; what they have not finished, the build did itself."""
        for process in self._processes:
            if process.is_alive():
                process.kill()
        for process in self._processes:
            process.join(timeout=10)
        self._results.close()

    def _add(self, rows: list[tuple[bytes, bytes]]) -> None:
        self._received += 1
        self.memo.add(rows)
        self.keys.update(key for key, _value in rows)


def _work(options: BuildOptions, output_path: Path, parts: list[list[str]], results: Any) -> None:
    """A worker's life: set up, then read each slice and send what it computed."""
    _start(options, output_path)
    for part in parts:
        results.put(_read(part))


def _start(options: BuildOptions, output_path: Path) -> None:
    """A worker: the build's settings and plugins, a memo of its own, and no log of its own
    (the build logs what the memo kept, once)."""
    from pelican import Pelican, signals

    from newsroom.build.reader import use_memoised_reader

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
