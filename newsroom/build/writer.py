"""Pelican's Writer, handing each page's template over recorded (reads.py), or the page the
previous build wrote when every read it recorded gives the same answer now.

Given to Pelican through `get_writer`. Pelican's own `write_file` does everything a page
needs (pagination, the page's context, the checks against overwriting, `content_written`);
the one thing it asks of a template is `render(values)`, and `Pages.render` answers it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pelican.writers import Writer

from newsroom.build.reads import (
    Recording,
    RecordingContext,
    Replay,
    sameas,
    summary,
)

logger = logging.getLogger(__name__)
# A page's record: the tree of what it read (reads.Shape) and one digest of the answers.
Record = tuple[tuple[Any, ...], bytes]


class Pages:
    """The pages of one build: the previous build's records and folder, and this build's."""

    def __init__(self, previous: Path | None, records: dict[str, Record]) -> None:
        self.previous = previous
        self.records = records
        self.recorded: dict[str, Record] = {}
        self.rendered = 0
        self.carried = 0
        # Each page's bytes as written: a digest, or None once the name was written twice.
        self.digests: dict[str, bytes | None] = {}
        self._shapes: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self._replay = Replay()

    def render(self, template: Any, values: dict[str, Any]) -> str:
        text = self._render(template, values)
        name = values["output_file"]
        data = text.encode("utf-8")
        self.digests[name] = None if name in self.digests else (len(data), file_digest(data))
        return text

    def _render(self, template: Any, values: dict[str, Any]) -> str:
        name = values["output_file"]
        record = self.records.get(name)
        if (
            record is not None
            and self.previous is not None
            and self._replay.answers(record[0], values) == record[1]
        ):
            self.recorded[name] = record
            self.carried += 1
            with open(self.previous / name, encoding="utf-8", newline="") as page:
                return page.read()
        self.rendered += 1
        recording = Recording(values)
        RecordingContext.recording = recording
        try:
            text = template.render(values)
        except Exception as error:  # noqa: BLE001  (rendered again below, without proxies)
            logger.debug("%s: rendered without recording its reads (%s)", name, error)
            recording.failed = True
        finally:
            RecordingContext.recording = None
        if recording.failed:
            self.recorded.pop(name, None)
            return template.render(values)
        self.recorded[name] = summary(recording, self._shapes)
        return text


def file_digest(data: bytes) -> bytes:
    """The digest the manifest keeps of a file's bytes."""
    return hashlib.blake2b(data).digest()[:20]


def writer_class(pages: Pages) -> type[Writer]:
    """A Writer class bound to this build's pages (Pelican makes the instance)."""

    class RecordingWriter(Writer):
        def write_file(self, name: str, template: Any, *args: Any, **kwargs: Any) -> Any:
            # Pelican asks one thing of a template: render(values).
            page = SimpleNamespace(render=functools.partial(pages.render, template))
            return super().write_file(name, page, *args, **kwargs)

    return RecordingWriter


def record_reads(generator: Any) -> None:
    """`generator_init`: the generator's templates hand their values over as proxies while a
    page is recorded, and `sameas` compares what proxies stand for (both behave as Jinja's
    own otherwise)."""
    generator.env.context_class = RecordingContext
    generator.env.tests["sameas"] = sameas
