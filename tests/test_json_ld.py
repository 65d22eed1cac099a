"""Every page's JSON-LD is valid against schema.org's types, as Google's schema-dts writes them
(TypeScript types of the whole vocabulary): each object is type-checked by TypeScript's compiler,
so an unknown type, a property its type does not have or a value of the wrong kind fails."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.browser import require
from tests.sitecheck import ROOT, Built, html_pages, soup

TSC = ROOT / "node_modules" / "typescript" / "bin" / "tsc"
SCHEMA_DTS = ROOT / "node_modules" / "schema-dts"


def type_errors(objects: dict[str, dict], folder: Path) -> str:
    """What TypeScript says of each object as the schema.org type it names ('' when valid)."""
    require(TSC.is_file() and SCHEMA_DTS.is_dir(), "typescript and schema-dts are missing (npm ci)")
    types = sorted({data["@type"] for data in objects.values()})
    lines = [f'import type {{ WithContext, {", ".join(types)} }} from "schema-dts";']
    for number, (name, data) in enumerate(objects.items()):
        lines.append(f"// {name}")
        lines.append(
            f"export const page{number}: WithContext<{data['@type']}> = {json.dumps(data)};"
        )
    check = folder / "check.ts"
    check.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run(
        ["node", str(TSC), "--noEmit", "--strict", "--typeRoots", str(ROOT / "node_modules"),
         str(check)],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    return (result.stdout + result.stderr).strip() if result.returncode else ""


def json_ld(built: Built) -> dict[str, dict]:
    found = {}
    for page in html_pages(built.output):
        for script in soup(page).find_all("script", type="application/ld+json"):
            found[str(page.relative_to(built.output))] = json.loads(script.string)
    return found


@pytest.mark.parametrize("name", ["built", "cases"])
def test_every_pages_json_ld_has_schema_org_types(
    request: pytest.FixtureRequest, name: str, tmp_path: Path
) -> None:
    objects = json_ld(request.getfixturevalue(name))
    assert objects
    corrected = [data for data in objects.values() if "correction" in data]
    if name == "cases":  # the case of a corrected article is among them
        assert corrected and corrected[0]["correction"][0]["@type"] == "CorrectionComment"
    assert type_errors(objects, tmp_path) == ""


def test_a_property_schema_org_does_not_have_is_found(tmp_path: Path) -> None:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "x",
        "correction": [{"@type": "CorrectionComment", "datePublished": "2022-11-21", "txt": "t"}],
    }
    assert "'\"txt\"' does not exist" in type_errors({"bad": data}, tmp_path)
