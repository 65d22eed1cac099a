"""`python -m newsroom.build html|publish|regenerate|serve|devserver|clean`: the Makefile's targets.

The options are the `pelican` command's (-e KEY=VALUE, -D, -v, -q, --relative-urls,
--fatal), so `make html PELICANOPTS=...` keeps working. Every build is atomic (build.py);
Builds are incremental (incremental.py; --full for a cold one). `regenerate` builds,
prints the problems once and waits for the next change to the sources, the theme or the
settings; `serve` serves the output folder as it is at each
request, so a swapped-in build is served at once; `devserver` does both; `clean` removes the
output folder and its cache, when the folder guard (folders.py) allows it.
"""

from __future__ import annotations

import argparse
import functools
import logging
import shutil
import signal
import sys
import threading
from collections.abc import Sequence
from contextlib import closing
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType

from newsroom.build.atomic import OutputFolder, build_lock
from newsroom.build.build import (
    BuildOptions,
    build_once,
    folders_problem,
    install_log,
    parse_overrides,
)
from newsroom.build.incremental import IncrementalBuild
from newsroom.build.inputs import PACKAGE
from newsroom.paths import shown

COMMANDS = ("html", "publish", "regenerate", "serve", "devserver", "clean")
DEFAULT_SETTINGS = {"publish": "publishconf.py"}


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m newsroom.build", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("--content", type=Path, default=Path("content"), help="sources")
    parser.add_argument("--output", type=Path, default=Path("output"), help="the site")
    parser.add_argument("-s", "--settings", type=Path, help="default pelicanconf.py")
    parser.add_argument("-p", "--port", type=int, default=8000)
    parser.add_argument("-b", "--bind", default="127.0.0.1")
    parser.add_argument(
        "-e",
        "--extra-settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a setting; VALUE is JSON, as with `pelican -e`",
    )
    parser.add_argument("--relative-urls", action="store_true")
    parser.add_argument("--fatal", choices=("errors", "warnings"), default="errors")
    parser.add_argument(
        "--full",
        action="store_true",
        help="a cold build: read and render everything again (the build cache is rebuilt)",
    )
    parser.add_argument("-D", "--debug", action="store_true", help="show tracebacks")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    try:
        args.overrides = parse_overrides(args.extra_settings)
    except ValueError as error:
        parser.error(str(error))
    if args.settings is None:
        args.settings = Path(DEFAULT_SETTINGS.get(args.command, "pelicanconf.py"))
    return args


def options_from(args: argparse.Namespace) -> BuildOptions:
    level = logging.CRITICAL if args.quiet else logging.INFO if args.verbose else logging.WARNING
    return BuildOptions(
        content=args.content,
        output=args.output,
        settings_file=args.settings,
        overrides=args.overrides,
        relative_urls=args.relative_urls,
        debug=args.debug,
        verbosity=level,
        fatal=args.fatal,
    )


def _stop_on_terminate(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # so `kill` cleans up like Ctrl-C does


def watched_paths(options: BuildOptions) -> list[Path]:
    """What a rebuild depends on: the sources, the settings (publishconf.py reads
    pelicanconf.py beside it), the theme beside them, the newsroom package."""
    project = options.settings_file.absolute().parent
    candidates = [options.content, options.settings_file, project / "pelicanconf.py"]
    candidates += [project / "theme", PACKAGE]
    return list(dict.fromkeys(path.absolute() for path in candidates if path.exists()))


def regenerate(
    options: BuildOptions, full: bool = False, stop: threading.Event | None = None
) -> int:
    """Build, then wait for a change and build again, until Ctrl-C; problems print once.
    Each build is incremental, as `make html`'s (the first one full with --full)."""
    import watchfiles

    log = install_log(options)
    with closing(IncrementalBuild(options, log, say, full=full)) as builder:
        paths = watched_paths(options)
        while True:
            built = build_once(options, log, say, builder)
            builder.full = False
            state = "built" if built else "not built"
            say(f"{state}; watching {', '.join(map(shown, paths))} for changes (Ctrl-C stops)")
            for changes in watchfiles.watch(
                *paths, watch_filter=_source_filter, stop_event=stop, debounce=400
            ):
                changed = sorted({shown(Path(path)) for _change, path in changes})
                say(f"changed: {', '.join(changed[:5])}{' ...' if len(changed) > 5 else ''}")
                break
            else:
                return 0 if built else 1


def _source_filter(change: object, path: str) -> bool:
    """Editors' swap and backup files and Python's caches are not changes to the site."""
    name = Path(path).name
    ignored = name.startswith(".#") or name.endswith(("~", ".swp", ".swx", ".pyc", ".tmp"))
    return not (ignored or "__pycache__" in path)


def serve(options: BuildOptions, port: int, bind: str) -> threading.Thread:
    """Serve the output folder in a thread. The handler opens the folder by its name at each
    request, so a build swapped in meanwhile is served at once (never a half-written one)."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(options.output.absolute()))
    server = ThreadingHTTPServer((bind, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    say(f"Serving {shown(options.output)} at http://{bind}:{port}/ (Ctrl-C stops)")
    return thread


def clean(options: BuildOptions) -> int:
    """Remove the output folder and its cache, under the build lock (main checked both)."""
    folder = OutputFolder(options.output.absolute())
    with build_lock(folder, say):
        for path in (folder.target, folder.cache_path):
            if path.is_dir():
                shutil.rmtree(path)
                say(f"removed {shown(path)}/")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    options = options_from(args)
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    if problem := folders_problem(options):  # every command writes, empties or serves it
        say(f"error: {problem}; nothing was done")
        return 1
    try:
        if args.command in ("html", "publish"):
            log = install_log(options)
            with closing(IncrementalBuild(options, log, say, full=args.full)) as builder:
                return 0 if build_once(options, log, say, builder) else 1
        if args.command == "clean":
            return clean(options)
        if args.command == "regenerate":
            return regenerate(options, args.full)
        if args.command == "serve":
            install_log(options)
            serve(options, args.port, args.bind).join()
            return 0
        serve(options, args.port, args.bind)
        return regenerate(options, args.full)
    except KeyboardInterrupt:
        say(f"interrupted; {shown(options.output)}/ is as the last finished build left it")
        return 130
    except OSError as error:
        say(f"error: {error}")
        return 1
