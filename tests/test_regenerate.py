"""`make regenerate` with a broken source prints its problem once, waits for the next change,
and then builds (atomically, as `make html` does)."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

from tests.buildsite import article, content_folder, start_build


def test_regenerate_prints_a_problem_once_then_builds_after_the_fix(tmp_path: Path) -> None:
    content = content_folder(tmp_path, {"good.md": article("Good story")})
    broken = content / "articles" / "broken.md"
    broken.write_text("Date: 2022-11-24\n\nNo title.\n", encoding="utf-8")
    output = tmp_path / "out"
    process = start_build(content, output, command="regenerate")
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    try:
        assert _wait_for(lambda: any("watching" in line for line in lines)), lines
        time.sleep(4)  # Pelican's own regenerate printed this about 430 times a second
        problems = [line for line in lines if "broken.md:1" in line]
        assert len(problems) == 1, lines
        assert sum("watching" in line for line in lines) == 1, lines
        assert not output.exists()

        broken.write_text(article("Fixed story"), encoding="utf-8")
        assert _wait_for(lambda: (output / "articles" / "fixed-story.html").is_file()), lines
        assert _wait_for(lambda: sum("watching" in line for line in lines) == 2), lines
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=120)
        finally:
            if process.poll() is None:
                process.kill()
        reader.join(timeout=5)
    assert process.returncode == 130
    assert not any("Traceback" in line for line in lines), lines
    assert sum("broken.md:1" in line for line in lines) == 1, lines


def _wait_for(condition, timeout: float = 90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
