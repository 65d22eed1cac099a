"""Incremental builds: the bytes of a cold build, doing only the work that changed.

docs/ARCHITECTURE.md ("Incremental builds") tells the design; this module runs it: it decides
between up to date, incremental and full (saying why), hands Pelican the memo (memo.py) and
the recording writer (writer.py), and records what was swapped in (store.py).
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
from stat import S_ISREG
from typing import Any

from newsroom.build import inputs
from newsroom.build.atomic import OutputFolder
from newsroom.build.build import BuildOptions, PlainLog, UpToDate, run_pelican
from newsroom.build.folders import MARKER
from newsroom.build.memo import Memo
from newsroom.build.reader import use_memoised_reader
from newsroom.build.store import Manifest, Stamp, Store, stamp
from newsroom.build.writer import Pages, file_digest, record_reads, writer_class
from newsroom.paths import shown_folder
from newsroom.plugins.memo import SETTING
from newsroom.plugins.output import SETTING as LAST_OUTPUT
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
    ) -> None:
        self.options = options
        self.log = log
        self.say = say
        self.full = full
        self.store: Store | None = None
        self._pending: tuple[Manifest, dict[str, Any]] | None = None
        self._used: set[bytes] = set()
        self._edits = HandEdits()
        self._previous: Path | None = None

    def __call__(self, settings: dict[str, Any], previous: Path) -> None:
        started = time.perf_counter()
        self._pending = None
        self._previous = previous
        store = self._open(OutputFolder(previous.absolute()).cache_path)
        content_inputs = inputs.content_inputs(settings, self.options.settings_file)
        output_inputs = inputs.output_inputs(settings, content_inputs)
        sources, source_stamps = source_digests(settings, store.get("source_stamps") or {})
        recorded = store.outputs()
        self._edits = hand_edits(recorded, previous)
        if self._edits:
            self.say(
                f"{shown_folder(previous)} was edited by hand since the last build: {self._edits}"
            )
        reason = self._full_build_reason(store, settings, output_inputs, previous, recorded)
        if store.damage:  # found while deciding: nothing recorded can be trusted
            reason, store.damage = store.damage, None
        warned = store.get("problem_lines") or []  # warnings: a build with errors is refused
        fatal = warned and self.options.fatal == "warnings"  # refused by a build, saying why
        if reason is None and sources == store.get("sources") and not fatal:
            self.log.stream.writelines(warned)  # every build shows the sources' warnings
            self.say(
                f"up to date: nothing changed since the last build of {shown_folder(previous)}"
            )
            raise UpToDate
        content_fingerprint = inputs.fingerprint(content_inputs)
        if self.full or store.get("memo_inputs") != content_fingerprint:
            store.reset_memo(content_fingerprint)
        if reason is not None:
            self.say(f"full build: {reason}")
            pages = Pages(None, {})
        else:
            self.say(f"incremental build: {_changes(store.get('sources') or {}, sources)}")
            pages = Pages(previous, store.get("pages") or {})

        memo = Memo(settings, store)
        settings[SETTING] = memo
        settings[LAST_OUTPUT] = str(previous.absolute()) if previous.is_dir() else None
        output = Path(settings["OUTPUT_PATH"])
        try:
            self._run(settings, pages)
        finally:
            if store.damage:
                self.say(f"{store.damage}; this build computed again what it held")
                store.damage = None
        memo.save()
        self._used = memo.used
        manifest = _manifest(output, pages)
        meta = {
            "output_inputs": output_inputs,
            "sources": sources,
            "source_stamps": source_stamps,
            "pages": pages.recorded,
            "problem_lines": self.log.problem_lines,
        }
        self._pending = (manifest, meta)
        self.say(
            f"{'incremental' if reason is None else 'full'} build: {pages.rendered:,} page(s) "
            f"rendered, {pages.carried:,} as the last build wrote them, {len(manifest):,} "
            f"file(s) in all, in {time.perf_counter() - started:.1f} s"
        )

    def close(self) -> None:
        """Close the cache (the process's exit leaves what the build made uncollected)."""
        if self.store is not None:
            self.store.close()

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
        output_inputs: dict[str, inputs.Items],
        previous: Path,
        recorded_outputs: Manifest,
    ) -> str | None:
        if self.full:
            return "asked for (FULL=1)"
        if reason := inputs.time_dependent(settings):
            return reason
        recorded = store.get("output_inputs")
        if recorded is None or not previous.is_dir():
            return f"no previous build of {shown_folder(previous)} is recorded in its cache"
        if reason := inputs.difference(recorded, output_inputs):
            return reason
        if self._edits or not same_folder(recorded_outputs, previous):
            return f"{shown_folder(previous)} is not what the last build left there"
        return None

    def _run(self, settings: dict[str, Any], pages: Pages) -> None:
        from pelican import signals

        writer = writer_class(pages)

        def get_writer(_pelican: Any) -> type:
            return writer

        signals.readers_init.connect(use_memoised_reader)
        signals.generator_init.connect(record_reads)
        signals.get_writer.connect(get_writer)
        try:
            run_pelican(settings, self.log, self.options.fatal)
        finally:
            signals.get_writer.disconnect(get_writer)
            signals.generator_init.disconnect(record_reads)
            signals.readers_init.disconnect(use_memoised_reader)


# --- the sources and the output folder --------------------------------------------------------


def source_digests(
    settings: dict[str, Any], known: dict[str, tuple[Stamp, str]]
) -> tuple[dict[str, str], dict[str, tuple[Stamp, str]]]:
    """Every file of the content folder Pelican could read (IGNORE_FILES left out), by its
    path, with a digest of its bytes, and each one's stamp with it (the next build's `known`:
    a file whose stamp is the same is not read again). Files are opened through the sources'
    gate (source_checks.files): what it refuses (a FIFO, a device, a link out of the folder
    or into a loop) is recorded unread, and source_checks names it once Pelican starts."""
    root = settings["PATH"]
    files, refused = list_files(root, [""], settings.get("IGNORE_FILES") or [])
    digests = dict.fromkeys((folder.replace(os.sep, "/") for folder, _why in refused), UNREADABLE)
    stamps: dict[str, tuple[Stamp, str]] = {}
    for relative in files:
        name = relative.replace(os.sep, "/")
        path = os.path.join(root, relative)
        try:
            before: Stamp | None = stamp(os.stat(path))
        except OSError:
            before = None
        recorded = known.get(name)
        if before is not None and recorded is not None and recorded[0] == before:
            digests[name] = recorded[1]
            stamps[name] = recorded
            continue
        try:
            with open_source(path, inside=root) as (handle, _size):
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except Refused:
            digest = UNREADABLE
        digests[name] = digest
        if before is not None and digest != UNREADABLE:
            stamps[name] = (before, digest)
    return digests, stamps


def _output_files(folder: Path, prefix: str = "") -> Iterator[tuple[str, os.stat_result]]:
    """Every file of an output folder: its path relative to it (with `/`), and its stat."""
    # Sorting reads the listing to its end, which closes it.
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if entry.is_dir(follow_symlinks=False):
            yield from _output_files(Path(entry.path), f"{prefix}{entry.name}/")
        else:
            yield prefix + entry.name, entry.stat(follow_symlinks=False)


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
        for what, paths in vars(self).items():  # changed, added, removed
            if paths:
                more = f" and {len(paths) - self.SHOWN:,} more" if len(paths) > self.SHOWN else ""
                again = ": the build writes them again" if what == "removed" else ""
                shown = ", ".join(paths[: self.SHOWN])
                parts.append(f"{len(paths):,} {what} ({shown}{more}{again})")
        return "; ".join(parts)


def same_folder(recorded: Manifest, folder: Path) -> bool:
    """Whether `folder` is the one the recorded build swapped in: each build's marker is a new
    file. Another one is a build stopped after its swap and before its record, or a folder
    replaced whole: not hand edits."""
    file = recorded.get(MARKER)
    try:
        return file is not None and file[0] == stamp((folder / MARKER).stat())
    except FileNotFoundError:
        return False


def read_digest(path: Path, found: os.stat_result) -> bytes | None:
    """The digest of a regular file's bytes (`found`: the lstat the folder's listing gave);
    None for anything else, or a file gone."""
    if not S_ISREG(found.st_mode):  # never opened: a FIFO would block
        return None
    try:
        with open(path, "rb") as handle:
            return file_digest(handle.read())
    except OSError:
        return None


def hand_edits(recorded: Manifest, folder: Path) -> HandEdits:
    """Every difference between the output folder and what the last build left there, by
    content; none when no build of this folder is recorded. A file whose stat is the one
    recorded (ctime included, which no tool sets back) is not read."""
    edits = HandEdits()
    if not folder.is_dir() or not same_folder(recorded, folder):
        return edits
    seen = set()
    for relative, stat in _output_files(folder):
        seen.add(relative)
        file = recorded.get(relative)
        if file is None:
            edits.added.append(relative)
        elif file[0] != stamp(stat) and file[1] != read_digest(folder / relative, stat):
            edits.changed.append(relative)
    edits.removed = sorted(recorded.keys() - seen)
    return edits


def keep_hand_edits(folder: Path, edits: HandEdits) -> Path:
    """Copy the edited and added files of `folder` into a new folder beside it, by time."""
    base = OutputFolder(folder.absolute()).edits_path
    stamp = time.strftime("%Y-%m-%dT%H-%M-%S")
    kept, number = base / stamp, 1
    while kept.exists():
        number += 1
        kept = base / f"{stamp}.{number}"
    for relative in edits.changed + edits.added:
        destination = kept / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / relative, destination)
    return kept


def _manifest(output: Path, pages: Pages) -> Manifest:
    """Every file of the new output folder. A page written once is known by the digest of
    what was written (when the size agrees); any other file is read."""
    written = {posixpath.normpath(name): known for name, known in pages.digests.items()}
    manifest = {}
    for relative, stat in _output_files(output):
        known = written.get(relative)
        if not known or known[0] != stat.st_size:
            known = (stat.st_size, read_digest(output / relative, stat))
        manifest[relative] = (stamp(stat), known[1])
    return manifest


def _changes(before: dict[str, str], after: dict[str, str]) -> str:
    counts = {
        "changed": sum(1 for path in after.keys() & before.keys() if after[path] != before[path]),
        "added": len(after.keys() - before.keys()),
        "removed": len(before.keys() - after.keys()),
    }
    parts = [f"{count:,} {what}" for what, count in counts.items() if count]
    return "source(s) " + ", ".join(parts) if parts else "no source changed"
