"""Pelican's Writer, rendering only the files whose fingerprint changed (dependencies.py).

Given to Pelican through its `get_writer` signal. For each file Pelican asks it to write, it
computes the file's fingerprint; when the previous build made the same file from the same
fingerprint, and that file is still as the previous build left it (checked before the build:
incremental.py), the file is carried over instead of rendered: hard-linked from the previous
output into the fresh folder once Pelican is done, so nothing can write through the link into
the site being served. Everything else goes to Pelican's own Writer, unchanged.

A carried-over page still does what writing it does for the rest of the build: the shared
context's `localsiteurl` is set as for a rendered page, and `content_written` is sent with the
page's context (the sitemap lists every page it hears of).

Plugins that write files of their own can ask the writer to carry them over too:
`writer.write_data(path, fingerprint, data)` writes `data()` (bytes) to `path` in the output,
unless the previous build wrote the same fingerprint there. A plugin using it falls back to
writing the file itself when the writer has no such method (Pelican's own).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.paginator import Paginator
from pelican.plugins import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

from newsroom.build.dependencies import Fingerprints


@dataclass
class OutputPlan:
    """What the previous build left, and what this one renders and carries over."""

    previous: dict[str, bytes]  # relative path -> fingerprint, for files that may be carried
    fingerprints: Fingerprints
    rendered: dict[str, bytes | None] = field(default_factory=dict)
    carried: dict[str, bytes] = field(default_factory=dict)

    def unchanged(self, name: str, fingerprint: bytes | None) -> bool:
        return fingerprint is not None and self.previous.get(name) == fingerprint


def writer_class(plan: OutputPlan) -> type[Writer]:
    """A Writer class bound to this build's plan (Pelican makes the instance)."""

    class IncrementalWriter(_IncrementalWriter):
        pass

    IncrementalWriter.plan = plan
    return IncrementalWriter


class _IncrementalWriter(Writer):
    plan: OutputPlan

    def write_file(
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool = False,
        paginated: dict[str, Any] | None = None,
        template_name: str | None = None,
        override_output: bool = False,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        if not name:
            return
        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            # Pelican's own pagination (Writer.write_file), one page at a time, so that each
            # page is rendered or carried over on its own.
            per_page = (
                self.settings["PAGINATED_TEMPLATES"][template_name]
                or self.settings["DEFAULT_PAGINATION"]
            )
            paginators = {
                key: Paginator(name, url, val, self.settings, per_page)
                for key, val in paginated.items()
            }
            for page_num in range(next(iter(paginators.values())).num_pages):
                paginated_kwargs = kwargs.copy()
                for key, paginator in paginators.items():
                    previous_page = paginator.page(page_num) if page_num > 0 else None
                    page = paginator.page(page_num + 1)
                    next_page = (
                        paginator.page(page_num + 2) if page_num + 1 < paginator.num_pages else None
                    )
                    paginated_kwargs.update(
                        {
                            f"{key}_paginator": paginator,
                            f"{key}_page": page,
                            f"{key}_previous_page": previous_page,
                            f"{key}_next_page": next_page,
                        }
                    )
                self._write_one(
                    page.save_as, template, context, relative_urls, override_output, url,
                    paginated_kwargs, paginated=True,
                )  # fmt: skip
        else:
            self._write_one(
                name, template, context, relative_urls, override_output, url, kwargs,
                paginated=False,
            )  # fmt: skip

    def _write_one(
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool,
        override_output: bool,
        url: str | None,
        kwargs: dict[str, Any],
        paginated: bool,
    ) -> None:
        plan = self.plan
        fingerprint = plan.fingerprints.page(
            template, name, context, kwargs, relative_urls, paginated
        )
        if not plan.unchanged(name, fingerprint):
            plan.rendered[name] = fingerprint
            # No pagination left to do: Pelican's writer renders and writes this one file.
            super().write_file(
                name, template, context, relative_urls, {}, None, override_output, url, **kwargs
            )
            return
        path = sanitised_join(self.output_path, name)
        if path in self._overridden_files and not override_output:
            return  # Pelican's writer would skip it too
        if override_output:
            self._overridden_files.add(path)
        self._written_files.add(path)
        plan.carried[name] = fingerprint
        # What Pelican's _write_file does besides rendering: the context's localsiteurl, then
        # the signal, with the context the template would have seen.
        localcontext = context.copy()
        localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
        if relative_urls:
            relative_url = path_to_url(get_relative_path(name))
            localcontext["SITEURL"] = relative_url
            localcontext["localsiteurl"] = relative_url
        localcontext["output_file"] = name
        localcontext.update(kwargs)
        if localcontext["localsiteurl"]:
            context["localsiteurl"] = localcontext["localsiteurl"]
        signals.content_written.send(path, context=localcontext)

    def write_feed(
        self,
        elements: list[Any],
        context: dict[str, Any],
        path: str | None = None,
        url: str | None = None,
        feed_type: str = "atom",
        override_output: bool = False,
        feed_title: str | None = None,
    ) -> Any:
        if not path:
            return super().write_feed(
                elements, context, path, url, feed_type, override_output, feed_title
            )
        items = elements[: self.settings["FEED_MAX_ITEMS"]]
        fingerprint = self.plan.fingerprints.feed(path, url, feed_type, feed_title, items)
        if self.plan.unchanged(path, fingerprint):
            self.plan.carried[path] = fingerprint
            self._written_files.add(sanitised_join(self.output_path, path))
            return None
        self.plan.rendered[path] = fingerprint
        return super().write_feed(
            elements, context, path, url, feed_type, override_output, feed_title
        )

    def write_data(self, name: str, fingerprint: bytes, data: Callable[[], bytes]) -> None:
        """Write `data()` to `name` in the output, or carry the previous build's file over
        when it was made from the same `fingerprint`."""
        if self.plan.unchanged(name, fingerprint):
            self.plan.carried[name] = fingerprint
            return
        self.plan.rendered[name] = fingerprint
        path = Path(sanitised_join(self.output_path, name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data())


def carry_over(carried: dict[str, bytes], previous: Path, output: Path) -> int:
    """Hard-link each carried-over file from the previous output into the new one (a copy
    where the file system cannot link). A file some part of this build wrote meanwhile stays
    as written. Returns how many were carried."""
    count = 0
    made: set[str] = set()
    for name in carried:
        target = sanitised_join(str(output), name)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        source = sanitised_join(str(previous), name)
        try:
            os.link(source, target)
        except FileExistsError:
            continue
        except OSError:  # another file system, or one without hard links
            shutil.copy2(source, target)
        count += 1
    return count
