"""One build, in this process: Pelican's own API into a fresh folder, swapped in on success.

`pelican.Pelican(settings).run()` is what the `pelican` command runs; the only setting that
differs is OUTPUT_PATH, a fresh folder beside the target (see atomic.py). Pelican's log goes
through PlainLog: one line per message, no traceback (`--debug` shows them), and any error
refuses the build. Errors logged while the sources are read (a file Pelican could not
process, say) are counted at the `all_generators_finalized` signal, after the plugins'
cross-file checks and before the first file is written, so every problem is listed together
and nothing reaches the target.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from newsroom.build.atomic import OutputFolder, atomic_output
from newsroom.build.folders import build_folders_problem
from newsroom.paths import shown_folder
from newsroom.plugins.source_checks.problems import SourceError

if TYPE_CHECKING:  # it builds on this module
    from newsroom.build.incremental import IncrementalBuild

LEVEL_PREFIX = {logging.CRITICAL: "error", logging.ERROR: "error", logging.WARNING: "warning"}


class BuildRefused(Exception):
    """The sources or the build had problems, already listed one per line."""


class UpToDate(Exception):  # noqa: N818  (not an error: the build's answer)
    """The output folder is already what a build would write: nothing to swap in."""


@dataclass
class BuildOptions:
    """What a build needs to know; the same fields as the `pelican` command's options."""

    content: Path
    output: Path
    settings_file: Path
    overrides: dict[str, Any] = field(default_factory=dict)
    relative_urls: bool = False
    debug: bool = False
    verbosity: int = logging.WARNING
    fatal: str = "errors"  # or "warnings"


def record_message(record: logging.LogRecord) -> tuple[str, BaseException | None]:
    """A log record's message, with the error being handled when it does not say it already
    (Pelican logs "Could not process x.md" and leaves the reason in the exception)."""
    message = record.getMessage()
    exc_info = record.exc_info
    if exc_info is None and record.levelno >= logging.ERROR:
        exc_info = sys.exc_info()
    error = exc_info[1] if exc_info else None
    if error is not None and str(error) not in message:
        message = f"{message}: {type(error).__name__}: {error}"
    return message, error


class PlainLog(logging.Handler):
    """Each message on one line, `error: ...` or `warning: ...`; those lines are kept.

    A message logged while an exception is handled gets that exception's one-line summary
    (Pelican says "Could not process x.md" and keeps the cause for its debug mode).
    """

    def __init__(self, stream: TextIO, debug: bool) -> None:
        super().__init__(logging.DEBUG)
        self.stream = stream
        self.debug = debug
        self.problem_lines: list[str] = []  # this build's errors and warnings, as printed

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message, error = record_message(record)
            message = re.sub(r"\s*\n\s*", " ", message.strip())
            prefix = LEVEL_PREFIX.get(min(record.levelno, logging.CRITICAL))
            line = f"{prefix}: {message}\n" if prefix else f"{message}\n"
            self.stream.write(line)
            self.problem_lines += [line] if prefix else []
            if self.debug and error is not None:
                traceback.print_exception(error, file=self.stream)
            self.stream.flush()
        except Exception:  # a log line must never stop the build
            self.handleError(record)

    def problems(self, fatal: str) -> int:
        counted = ("error:", "warning:") if fatal.startswith("warning") else ("error:",)
        return sum(line.startswith(counted) for line in self.problem_lines)


def install_log(options: BuildOptions, stream: TextIO = sys.stderr) -> PlainLog:
    """Route every logger (Pelican's and the plugins') to one PlainLog on the root logger."""
    import pelican.log  # noqa: F401  (sets Pelican's logger class before any logger exists)

    handler = PlainLog(stream, options.debug)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    level = logging.DEBUG if options.debug else options.verbosity
    root.setLevel(level)
    logging.getLogger("pelican").setLevel(level)
    return handler


def read_settings(options: BuildOptions, output_path: Path) -> dict[str, Any]:
    """The settings file, with the command's choices on top, as `pelican` reads them."""
    from pelican.settings import read_settings as pelican_read_settings

    override: dict[str, Any] = {
        "PATH": str(options.content.absolute()),
        "OUTPUT_PATH": str(output_path),
        # The fresh folder is empty; emptying it again would only cost time.
        "DELETE_OUTPUT_DIRECTORY": False,
        "DEBUG": options.debug,
    }
    if options.relative_urls:
        override["RELATIVE_URLS"] = True
    override.update(options.overrides)
    return pelican_read_settings(str(options.settings_file), override=override)


def run_pelican(settings: dict[str, Any], log: PlainLog, fatal: str) -> None:
    """Pelican's run; refused before the first write if reading logged an error."""
    from pelican import Pelican, signals

    pelican = Pelican(settings)

    def checkpoint(_generators: Any) -> None:
        if log.problems(fatal):
            raise BuildRefused(f"{log.problems(fatal)} problem(s), listed above")

    # Connected after the plugins (Pelican.__init__ registered them), so their cross-file
    # checks run first and list their problems too. One receiver per build, removed after.
    signals.all_generators_finalized.connect(checkpoint)
    try:
        pelican.run()
    finally:
        signals.all_generators_finalized.disconnect(checkpoint)
    if log.problems(fatal):
        raise BuildRefused(f"{log.problems(fatal)} problem(s) while writing, listed above")


def describe(error: BaseException) -> str:
    """An exception as one line a reader can act on."""
    text = re.sub(r"\s*\n\s*", " ", str(error).strip())
    if isinstance(error, (BuildRefused, SourceError)):  # their problems are listed already
        return text
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def build_once(
    options: BuildOptions,
    log: PlainLog,
    say: Callable[[str], None],
    builder: IncrementalBuild | None = None,
) -> bool:
    """Build into a fresh folder and swap it in; on any problem the target stays as it was.
    Returns whether the target is built (or was up to date).

    `builder(settings, previous_output)` does the work into settings["OUTPUT_PATH"]; the
    default is a full Pelican run. The incremental builder (incremental.py) plugs in here; it
    raises UpToDate when the target needs no change, and the target then stays as it is.
    """
    log.problem_lines = []
    target = options.output.absolute()
    if problem := folders_problem(options):
        say(f"error: {problem}; nothing was done")
        return False
    try:
        before_swap = builder.before_swap if builder is not None else None
        after_swap = builder.after_swap if builder is not None else None
        with atomic_output(target, say, after_swap, before_swap) as staging:
            settings = read_settings(options, staging)
            if builder is None:
                run_pelican(settings, log, options.fatal)
            else:
                builder(settings, target)
    except UpToDate:
        return True
    except SystemExit as error:  # a settings file that refuses to load says why this way
        if error.code in (None, 0):
            raise
        say(f"error: {error.code}" if isinstance(error.code, str) else "error: settings")
        say(f"error: nothing was built; {_unchanged(target)}")
        return False
    except KeyboardInterrupt:
        raise
    except Exception as error:
        if options.debug:
            traceback.print_exception(error, file=sys.stderr)
        say(f"error: the build failed ({describe(error)}); {_unchanged(target)}")
        return False
    return True


def folders_problem(options: BuildOptions) -> str | None:
    """Why the build must not replace the output folder (or keep its cache beside it)."""
    cache = OutputFolder(options.output.absolute()).cache_path
    return build_folders_problem(options.output, cache, options.content, options.settings_file)


def _unchanged(path: Path) -> str:
    shown = shown_folder(path)
    return f"{shown} is unchanged" if path.exists() else f"nothing written to {shown}"


def parse_overrides(items: Sequence[str]) -> dict[str, Any]:
    """`-e KEY=VALUE` as the `pelican` command reads it: VALUE is JSON (true, 3, "text")."""
    overrides: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"-e takes KEY=VALUE, not {item!r}")
        try:
            overrides[key] = json.loads(value)
        except json.JSONDecodeError:
            raise ValueError(f'-e {key}: {value!r} is not JSON (true, 3, "text")') from None
    return overrides
