"""Bytes to text an editor can trust: refuse binaries, detect encodings, repair mojibake."""

from __future__ import annotations

import re

import ftfy
from charset_normalizer import from_bytes

from newsroom.importer.article import Report
from newsroom.importer.rawtext import ImportProblem

# Control characters a text file may carry but no page or feed can: XML 1.0 (the feeds)
# forbids them, and a browser shows nothing for them. Tab and line breaks are text.
STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")

# Only the fixes that undo a wrong decoding; the others (straight quotes, ligatures, full-width
# letters, HTML entities) would change the article's characters.
MOJIBAKE_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
CONTROL_BYTES = set(range(0x00, 0x09)) | {0x0B, 0x0E, 0x0F} | set(range(0x10, 0x20)) - {0x1B}


def decode(path: str, data: bytes, report: Report) -> str:
    """The file's text; raises ImportProblem for an empty or binary file."""
    if not data.strip():
        raise ImportProblem(f"{path}: the file is empty")
    if b"\x00" in data or sum(byte in CONTROL_BYTES for byte in data[:4096]) > 8:
        line = data.count(b"\n", 0, data.find(b"\x00")) + 1 if b"\x00" in data else 1
        raise ImportProblem(
            f"{path}:{line}: this is a binary file, not a text or a web page "
            "(it contains control bytes)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        encoding = guess_encoding(data)
        if encoding is None:
            line = data.count(b"\n", 0, error.start) + 1
            raise ImportProblem(
                f"{path}:{line}: not UTF-8, and no text encoding fits its bytes"
            ) from None
        text = data.decode(encoding)
        line = data.count(b"\n", 0, error.start) + 1
        report.notes.append(
            f"{path}: not UTF-8 (first odd byte 0x{data[error.start]:02x} on line {line}): "
            f"decoded as {encoding}; check its accented letters and quotes"
        )
    return _without_controls(repair(text, report), report)


def _without_controls(text: str, report: Report) -> str:
    if not STRAY_CONTROLS.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if STRAY_CONTROLS.search(line):
            report.note(number, f"{len(STRAY_CONTROLS.findall(line))} control character(s) removed")
            lines[number - 1] = STRAY_CONTROLS.sub("", line)
    return "\n".join(lines)


def guess_encoding(data: bytes) -> str | None:
    """The encoding of a text that is not UTF-8.

    charset-normalizer names a Cyrillic or Greek code page well, but on a short Western text
    it often prefers cp1250 or a rarer code page to Windows-1252 (Word and most Western sites),
    so a Latin-script guess (or one made on a
    handful of bytes) gives way to cp1252 whenever the bytes are valid cp1252.
    """
    best = from_bytes(data).best()
    evidence = sum(byte >= 0x80 for byte in data)  # a handful of bytes proves nothing
    if (
        best is not None
        and evidence >= 12
        and any(not _western(alphabet) for alphabet in best.alphabets)
    ):
        return best.encoding
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return best.encoding if best is not None else "latin-1"
    return "cp1252"


def _western(alphabet: str) -> bool:
    return any(
        part in alphabet
        for part in ("Latin", "Punctuation", "Symbol", "Number", "Currency", "Control")
    )


def repair(text: str, report: Report) -> str:
    """Undo mojibake ("â€™" for "’") line by line, and report each repaired line."""
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        fixed = ftfy.fix_text(line, MOJIBAKE_ONLY)
        if fixed != line:
            lines[number - 1] = fixed
            report.notes.append(
                f"{report.path}:{number}: repaired mojibake: {_excerpt(line, fixed)}"
            )
    return "\n".join(lines)


def _excerpt(before: str, after: str) -> str:
    start = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), 0)
    return f"{before[start : start + 12]!r} -> {after[start : start + 8]!r}"
