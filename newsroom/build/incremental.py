"""Incremental builds: the same bytes as a full build, doing only the work that changed.

Every build still runs Pelican over the whole site, so that every list, neighbour and count is
Pelican's own, but:

- what each source gives when read, checked and cleaned is kept in a memo (memo.py), keyed by
  its bytes; a source that did not change is not read again, and on a cold build the sources
  are read on every core first (pool.py);
- each output file is rendered only when its fingerprint (dependencies.py) differs from the
  one the previous build recorded for it; otherwise the previous build's file is carried over
  (writer.py);
- when neither the sources nor anything else changed, and the output folder is still what
  the last build left there, nothing runs at all.

What it cannot reason about gives a full build (every file rendered), said on one line with
the reason: no previous build recorded for this output folder; FULL=1; a change in the
settings, the plugins' or this tool's code, the installed packages, or the theme (its
templates and static files); an output folder that is not what the last build left there; a
setting that makes pages depend on the clock. A change of the settings, the code or the
packages also empties the memo: the sources are then read again.

Files of the output folder edited, added or removed by hand since the last build are named,
whatever kind of build follows, and a copy of the edited and added ones is kept beside the
output folder (`.output.edits/<time>/`) before the build replaces it: nothing is lost.

The cache lives beside the output folder (`.output.cache/` for `output/`), never in it.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsroom.build import environment as env
from newsroom.build.atomic import OutputFolder
from newsroom.build.build import BuildOptions, PlainLog, UpToDate, run_pelican
from newsroom.build.dependencies import Fingerprints
from newsroom.build.folders import MARKER
from newsroom.build.memo import Memo
from newsroom.build.reader import source_key, use_memoised_reader
from newsroom.build.store import OutputFile, Store
from newsroom.build.writer import OutputPlan, carry_over, writer_class
from newsroom.paths import shown_folder
from newsroom.plugins.memo import SETTING
from newsroom.plugins.source_checks.files import Refused, list_files, open_source

# What source_digests records for a file it cannot read.
UNREADABLE = "unreadable"


class IncrementalBuild:
    """The builder `build_once` calls (build.py): one instance may serve many builds
    (`make regenerate` keeps it, and its cache stays open)."""

    def __init__(
        self,
        options: BuildOptions,
        log: PlainLog,
        say: Callable[[str], None],
        full: bool = False,
        jobs: int = 0,
        helpers_first: bool = False,
    ) -> None:
        """`jobs`: how many processes read the sources of a cold build (0: one per core;
        1: the build's own process only). `helpers_first`: wait for the helper processes to
        read every source before Pelican runs (the tests use it: every value then comes
        from a worker)."""
        self.options = options
        self.log = log
        self.say = say
        self.full = full
        self.jobs = jobs
        self.helpers_first = helpers_first
        self.store: Store | None = None
        self._pending: tuple[dict[str, OutputFile], dict[str, Any]] | None = None
        self._used: set[bytes] = set()
        self._edits = HandEdits()
        self._previous: Path | None = None

    # --- the build --------------------------------------------------------------------------

    def __call__(self, settings: dict[str, Any], previous: Path) -> list[str]:
        started = time.perf_counter()
        self._pending = None
        self._previous = previous
        store = self._open(OutputFolder(previous.absolute()).cache_path)
        content_environment = env.content_environment(settings)
        output_environment = env.output_environment(settings, content_environment)
        sources = source_digests(settings)
        recorded = store.outputs()
        self._edits = hand_edits(recorded, previous)
        if self._edits:
            self.say(
                f"{shown_folder(previous)} was edited by hand since the last build: {self._edits}"
            )
        reason = self._full_build_reason(store, settings, output_environment, previous)
        if store.damage:  # found while deciding: nothing recorded can be trusted
            reason, store.damage = store.damage, None
        if reason is None and sources == store.get("sources") and store.get("clean_log"):
            self.say(
                f"up to date: nothing changed since the last build of {shown_folder(previous)}"
            )
            raise UpToDate
        content_fingerprint = env.fingerprint(content_environment)
        if self.full or store.get("memo_environment") != content_fingerprint:
            store.reset_memo(content_fingerprint)
        if reason is not None:
            self.say(f"full build: {reason}")
            carried_before: dict[str, bytes] = {}
        else:
            self.say(f"incremental build: {_changes(store.get('sources') or {}, sources)}")
            carried_before = {
                path: file.fingerprint
                for path, file in store.outputs().items()
                if file.fingerprint is not None
            }

        memo = Memo(settings, store)
        settings[SETTING] = memo
        memo.helpers = self._start_helpers(settings, memo, sources)
        if memo.helpers is not None and self.helpers_first:
            memo.helpers.wait()
        plan = OutputPlan(carried_before, Fingerprints(settings))
        output = Path(settings["OUTPUT_PATH"])
        try:
            written_before_checks = self._run(settings, plan)
        finally:
            if memo.helpers is not None:
                memo.helpers.close()
                self.say(
                    f"helper processes computed {memo.helpers.used:,} of the "
                    f"{memo.misses + memo.helpers.used:,} value(s) this build had to compute"
                )
                memo.helpers = None
            if store.damage:
                self.say(f"{store.damage}; this build computed again what it held")
                store.damage = None
        carry_over(plan.carried, previous, output)
        memo.save()
        self._used = memo.used
        manifest = _manifest(output, plan)
        self._pending = (
            manifest,
            {
                "output_environment": output_environment,
                "sources": sources,
                "clean_log": self.log.counts == dict.fromkeys(self.log.counts, 0),
            },
        )
        rendered = len(plan.rendered)
        self.say(
            f"{'incremental' if reason is None else 'full'} build: {rendered:,} file(s) "
            f"rendered, {len(plan.carried):,} carried over, {len(manifest):,} in all, "
            f"in {time.perf_counter() - started:.1f} s"
        )
        return written_before_checks

    def before_swap(self) -> None:
        """Keep a copy of the files edited or added by hand in the folder about to be replaced."""
        if not (self._edits.changed or self._edits.added) or self._previous is None:
            return
        kept = keep_hand_edits(self._previous, self._edits)
        self.say(f"a copy of the files edited or added by hand is kept in {shown_folder(kept)}")

    def after_swap(self) -> None:
        """Record what was swapped in; the next build starts from it."""
        if self._pending is None or self.store is None:
            return
        manifest, meta = self._pending
        self._pending = None
        try:
            self.store.save_manifest(manifest, meta)
            self.store.memo_keep_only(self._used)
        except Exception as error:  # the site is built; only the next build's head start is lost
            self.say(f"warning: the build cache could not record this build ({error})")

    # --- steps ------------------------------------------------------------------------------

    def _open(self, folder: Path) -> Store:
        if self.store is None or self.store.folder != folder:
            if self.store is not None:
                self.store.close()
            self.store = Store(folder)
        return self.store

    def _full_build_reason(
        self,
        store: Store,
        settings: dict[str, Any],
        output_environment: dict[str, env.Items],
        previous: Path,
    ) -> str | None:
        if self.full:
            return "asked for (FULL=1)"
        if reason := env.time_dependent(settings):
            return reason
        recorded = store.get("output_environment")
        if recorded is None or not previous.is_dir():
            return f"no previous build of {shown_folder(previous)} is recorded in its cache"
        if reason := env.difference(recorded, output_environment):
            return reason
        if self._edits or not same_folder(store.outputs(), previous):
            return f"{shown_folder(previous)} is not what the last build left there"
        return None

    def _start_helpers(self, settings: dict[str, Any], memo: Memo, sources: dict[str, str]) -> Any:
        """Worker processes that read the articles the memo does not know yet while the build
        runs (pool.py), when there are enough of them to be worth starting; or None. Whether
        the memo knows a source is told by the digests `sources` already holds."""
        from newsroom.build import pool

        workers = (self.jobs or pool.cores()) - 1  # this process reads too
        if workers < 1:
            return None

        def known(relative: str) -> bool:
            digest = sources.get(relative.replace(os.sep, "/"), UNREADABLE)
            if digest == UNREADABLE:
                return False
            path = os.path.join(settings["PATH"], relative)
            return memo.known("markdown", source_key(path, bytes.fromhex(digest)))

        missing = [relative for relative in article_sources(settings) if not known(relative)]
        if len(missing) < pool.POOL_MIN_SOURCES:
            return None
        helpers = pool.Helpers(self.options, Path(settings["OUTPUT_PATH"]), missing, memo, workers)
        self.say(f"reading {len(missing):,} source(s) with {workers} helper process(es)")
        return helpers

    def _run(self, settings: dict[str, Any], plan: OutputPlan) -> list[str]:
        from pelican import signals

        writer = writer_class(plan)

        def get_writer(_pelican: Any) -> type:
            return writer

        signals.readers_init.connect(use_memoised_reader)
        signals.get_writer.connect(get_writer)
        try:
            return run_pelican(settings, self.log, self.options.fatal)
        finally:
            signals.get_writer.disconnect(get_writer)
            signals.readers_init.disconnect(use_memoised_reader)


# --- the sources and the output folder --------------------------------------------------------


def source_digests(settings: dict[str, Any]) -> dict[str, str]:
    """Every file of the content folder Pelican could read (IGNORE_FILES left out), by its
    path, with a digest of its bytes. Files are opened through the sources' gate
    (source_checks.files): what it refuses (a FIFO, a device, a link out of the folder or
    into a loop) is recorded unread, and source_checks names it once Pelican starts."""
    root = settings["PATH"]
    files, refused = list_files(root, [""], settings.get("IGNORE_FILES") or [])
    digests = dict.fromkeys((folder.replace(os.sep, "/") for folder, _why in refused), UNREADABLE)
    for relative in files:
        try:
            with open_source(os.path.join(root, relative), inside=root) as (handle, _size):
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except Refused:
            digest = UNREADABLE
        digests[relative.replace(os.sep, "/")] = digest
    return digests


def article_sources(settings: dict[str, Any]) -> list[str]:
    """The article sources Pelican will read, relative to the content folder, in the order it
    will read them (its own set's order, the same in this process); none when its walk would
    leave the content folder or go round a loop."""
    from pelican.generators import Generator
    from pelican.readers import Readers

    class Lister(Generator):
        def __init__(self) -> None:  # only get_files, which needs the readers and settings
            self.settings = settings
            self.path = settings["PATH"]
            self.readers = Readers(settings)

    paths, excludes = settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]
    if list_files(settings["PATH"], paths, settings["IGNORE_FILES"], excludes)[1]:
        return []  # a folder Pelican's walk must not enter: source_checks stops the build
    return list(Lister().get_files(paths, exclude=excludes))


def _output_files(folder: Path) -> Iterator[tuple[str, os.stat_result]]:
    """Every file of an output folder: its path relative to it (with `/`), and its stat."""
    for current, _dirs, names in os.walk(folder):
        for name in sorted(names):
            path = os.path.join(current, name)
            yield os.path.relpath(path, folder).replace(os.sep, "/"), os.stat(path)


@dataclass
class HandEdits:
    """The files of an output folder that differ from what the last build left there."""

    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    SHOWN = 5

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed)

    def __str__(self) -> str:
        parts = []
        for what, paths in (("changed", self.changed), ("added", self.added)):
            if paths:
                more = f" and {len(paths) - self.SHOWN:,} more" if len(paths) > self.SHOWN else ""
                parts.append(f"{len(paths):,} {what} ({', '.join(paths[: self.SHOWN])}{more})")
        if self.removed:
            more = len(self.removed) - self.SHOWN
            shown = ", ".join(self.removed[: self.SHOWN]) + (
                f" and {more:,} more" if more > 0 else ""
            )
            parts.append(f"{len(self.removed):,} removed ({shown}: the build writes them again)")
        return "; ".join(parts)


def same_folder(recorded: dict[str, OutputFile], folder: Path) -> bool:
    """Whether `folder` is the one the recorded build swapped in: each build's marker is a new
    file. Another one is a build stopped after its swap and before its record, or a folder
    replaced whole: not hand edits."""
    file = recorded.get(MARKER)
    try:
        return file is not None and file.matches((folder / MARKER).stat())
    except FileNotFoundError:
        return False


def hand_edits(recorded: dict[str, OutputFile], folder: Path) -> HandEdits:
    """Every difference between the output folder and what the last build left there (by
    size, mtime and inode); none when no build of this folder is recorded."""
    edits = HandEdits()
    if not folder.is_dir() or not same_folder(recorded, folder):
        return edits
    seen = set()
    for relative, stat in _output_files(folder):
        seen.add(relative)
        file = recorded.get(relative)
        if file is None:
            edits.added.append(relative)
        elif not file.matches(stat):
            edits.changed.append(relative)
    edits.removed = sorted(recorded.keys() - seen)
    return edits


def keep_hand_edits(folder: Path, edits: HandEdits) -> Path:
    """Copy the edited and added files of `folder` into a new folder beside it, by time."""
    base = OutputFolder(folder.absolute()).edits_path
    stamp = time.strftime("%Y-%m-%dT%H-%M-%S")
    kept = base / stamp
    number = 1
    while kept.exists():
        number += 1
        kept = base / f"{stamp}.{number}"
    for relative in edits.changed + edits.added:
        destination = kept / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / relative, destination)
    return kept


def _manifest(output: Path, plan: OutputPlan) -> dict[str, OutputFile]:
    fingerprints = {posixpath.normpath(k): v for k, v in plan.rendered.items()}
    fingerprints.update((posixpath.normpath(k), v) for k, v in plan.carried.items())
    return {
        relative: OutputFile(
            fingerprints.get(relative), stat.st_size, stat.st_mtime_ns, stat.st_ino
        )
        for relative, stat in _output_files(output)
    }


def _changes(before: dict[str, str], after: dict[str, str]) -> str:
    added = len(after.keys() - before.keys())
    removed = len(before.keys() - after.keys())
    changed = sum(1 for path in after.keys() & before.keys() if after[path] != before[path])
    if not (added or removed or changed):
        return "no source changed"
    parts = [
        f"{n:,} {what}"
        for n, what in ((changed, "changed"), (added, "added"), (removed, "removed"))
        if n
    ]
    return "source(s) " + ", ".join(parts)
