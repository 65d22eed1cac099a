"""Where an article is written, proven to lie inside the articles folder, and written whole.

The slug comes from a command line or a source file, so it is checked (source_checks.rules)
and the path built from it is resolved before anything is written: no `..`, absolute path,
symlinked folder or symlinked file can make the import write anywhere else. The file is
written to a temporary name in the same folder and renamed over the target, so an
interrupted import leaves either the old article or the new one, never half of one.

`--force` keeps the article it replaces, under `.replaced/` in the articles folder, named
`<slug>.<UTC time>.md.bak`: no Pelican reader reads a `.bak` file, so the build never sees it.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsroom.importer.values import ValueProblem, checked_slug
from newsroom.plugins.photos.photos import MAX_BYTES as PHOTO_MAX_BYTES
from newsroom.plugins.source_checks.files import Refused, read_source

REPLACED = ".replaced"
DIFF_LINES = 40  # of the unified diff shown before replacing an article


@dataclass(frozen=True)
class Target:
    folder: Path  # the articles folder, resolved
    path: Path  # folder / "<slug>.md"

    @property
    def exists(self) -> bool:
        return self.path.exists() or self.path.is_symlink()


def resolve(articles: Path, slug: str) -> Target:
    """The article's path for this slug; raises ValueProblem if it could leave the folder."""
    slug = checked_slug("slug", slug)
    if articles.is_symlink():
        raise ValueProblem(
            f"{articles} is a symbolic link ({os.readlink(articles)}); the import writes only "
            "into a real articles folder"
        )
    if articles.exists() and not articles.is_dir():
        raise ValueProblem(f"{articles} is not a folder")
    folder = articles.resolve()
    candidate = folder / f"{slug}.md"
    if candidate.is_symlink():
        raise ValueProblem(f"{candidate} is a symbolic link; replace it by hand if you mean to")
    path = candidate.resolve()
    if path.parent != folder or path.name != f"{slug}.md":
        raise ValueProblem(f"the slug {slug!r} would write outside {folder}")
    if path.exists() and not path.is_file():
        raise ValueProblem(f"{path} exists and is not a file")
    return Target(folder, path)


def replacement_summary(target: Target, new: str, limit: int) -> list[str]:
    """What --force replaces: the old file's title and size, and a unified diff (when the
    sources' gate lets it be read: a file at most `limit` bytes)."""
    try:
        data = read_source(str(target.path), limit, inside=str(target.folder))
    except Refused as refusal:
        return [f"replaces {target.path} (not shown: {refusal})"]
    old = data.decode("utf-8", errors="replace")
    title = next((line[6:].strip() for line in old.splitlines() if line.startswith("Title:")), "")
    diff = list(
        difflib.unified_diff(
            old.splitlines(), new.splitlines(), "existing", "imported", lineterm="", n=1
        )
    )
    summary = [
        f"replaces {target.path} ({len(old.encode('utf-8'))} bytes, "
        f"{len(old.splitlines())} lines, Title: {title or '(none)'})",
    ]
    if not diff:
        summary.append("  the new article is identical to it")
    summary += [f"  {line}" for line in diff[:DIFF_LINES]]
    if len(diff) > DIFF_LINES:
        summary.append(f"  … {len(diff) - DIFF_LINES} more diff lines")
    return summary


def keep_replaced(target: Target) -> Path:
    """Copy the article about to be replaced into .replaced/, where the build never reads it."""
    keep = target.folder / REPLACED
    keep.mkdir(exist_ok=True)
    if keep.is_symlink() or not keep.is_dir():
        raise ValueProblem(f"{keep} is not a real folder; the old article was not replaced")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    slug = target.path.stem
    backup = keep / f"{slug}.{stamp}.md.bak"
    number = 1
    while backup.exists():
        number += 1
        backup = keep / f"{slug}.{stamp}-{number}.md.bak"
    shutil.copy2(target.path, backup)
    return backup


def write_whole(path: Path, data: bytes) -> None:
    """A temporary file beside `path`, renamed over it: never half a file, readable by all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write(target: Target, text: str) -> None:
    """Write the article whole."""
    write_whole(target.path, text.encode("utf-8"))


def copy_photo(article: Target, source: str, address: str) -> Path:
    """A photo the article shows, copied whole to content/<address> (beside the articles
    folder); `address` is images/<slug>/<name>, names checked."""
    content = article.folder.parent
    destination = content.joinpath(*address.split("/"))
    if content.resolve() not in destination.resolve().parents:
        raise ValueProblem(f"{address} would lie outside {content}")
    write_whole(destination, read_source(source, PHOTO_MAX_BYTES, inside=os.path.dirname(source)))
    return destination
