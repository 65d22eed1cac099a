"""Photos: a camera's JPEG published upright, in sizes and formats a browser picks from, with
nothing of its metadata (no GPS position); every bad photo named at its file and line."""

from __future__ import annotations

import io
import json
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from newsroom.plugins.photos.derive import WIDTHS, derive
from newsroom.synthetic import camera_jpeg
from tests.buildsite import run_build
from tests.incremental_site import difference, tree
from tests.payloads import PAYLOADS, active_markup
from tests.sitecheck import ARTICLE_SLUG, ROOT, build, soup

LEAD = (
    "Photo: images/square.jpg\nPhoto_alt: A crowd fills the square\n"
    "Photo_caption: Protesters in Yerevan on Monday.\nPhoto_credit: Karen Minasyan/AFP"
)
FIGURE = '![Police line the avenue]({static}/images/square.jpg "Police on the avenue.|AFP")'


def assert_nothing_private(data: bytes) -> None:
    image = Image.open(io.BytesIO(data))
    assert not image.getexif() and not image.info.get("exif")
    assert "xmp" not in image.info and "icc_profile" not in image.info
    for mark in (b"Exif", b"GPS", b"Canon", b"http://ns.adobe.com/xap", b"Photoshop 3.0"):
        assert mark not in data, mark


def test_a_camera_photo_loses_its_gps_and_device_and_keeps_its_pixels() -> None:
    original = camera_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the GPS is there
    derived = derive(original)
    assert [v.width for v in derived.variants] == list(WIDTHS)
    assert [v.height for v in derived.variants] == [320, 533, 800, 1067]
    for variant in derived.variants:
        for data, kind in ((variant.jpeg, "JPEG"), (variant.webp, "WEBP")):
            assert Image.open(io.BytesIO(data)).format == kind
            assert_nothing_private(data)
    assert sorted(derived.crops) == ["16x9", "1x1", "4x3"]
    for data in derived.crops.values():
        assert_nothing_private(data)


def test_orientation_is_applied_before_the_exif_goes() -> None:
    derived = derive(camera_jpeg(600, 400, orientation=6))  # 6: turn 90 degrees clockwise
    smallest = Image.open(io.BytesIO(derived.variants[-1].jpeg)).convert("RGB")
    assert smallest.size == (400, 600)
    assert smallest.getpixel((smallest.width - 5, 5))[0] > 180  # red came to the top right


def test_a_small_photo_is_never_enlarged() -> None:
    derived = derive(camera_jpeg(640, 480))
    assert [v.width for v in derived.variants] == [480, 640] and derived.crops == {}


def site(tmp_path: Path, photo: bytes | None, *, head: str = LEAD, body: str = FIGURE) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    if photo is not None:
        (content / "images").mkdir()
        (content / "images" / "square.jpg").write_bytes(photo)
    article = content / "articles" / f"{ARTICLE_SLUG}.md"
    metadata, text = article.read_text(encoding="utf-8").split("\n\n", 1)
    paragraphs = text.split("\n\n")
    paragraphs.insert(3, body)
    article.write_text(f"{metadata}\n{head}\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    return content


def test_an_article_with_a_lead_photo_and_one_in_the_text(tmp_path: Path) -> None:
    output = tmp_path / "output"
    result = build(output, site(tmp_path, camera_jpeg()))
    assert result.returncode == 0, result.stdout + result.stderr
    published = sorted(path.name for path in (output / "images").iterdir())
    assert "square.jpg" not in published and len(published) == 4 * 2 + 3
    for path in output.rglob("*"):
        if path.suffix in (".jpg", ".webp", ".png", ".jpeg"):
            assert_nothing_private(path.read_bytes())
    page = soup(output / "articles" / f"{ARTICLE_SLUG}.html")
    lead, figure = page.select("figure.photo")
    assert "lead" in lead["class"] and lead.img.get("loading") is None
    assert figure.img["loading"] == "lazy"
    assert figure.figcaption.get_text(" ", strip=True) == "Police on the avenue. AFP"
    for shown in (lead, figure):
        image, source = shown.img, shown.source
        assert (image["width"], image["height"]) == ("1600", "1067") and image["alt"]
        assert source["type"] == "image/webp" and image["sizes"] == source["sizes"]
        for srcset in (image["srcset"], source["srcset"]):
            for entry in srcset.split(", "):
                url, width = entry.split()
                assert (output / "articles" / url).resolve().is_file(), url
                assert width in ("480w", "800w", "1200w", "1600w")
    thumb = soup(output / "index.html").select_one(".story img.thumb")
    assert (output / thumb["src"]).is_file() and thumb["alt"] == ""
    assert page.find("meta", property="og:image") is None  # no address offline


def test_the_published_card_and_data_give_absolute_crops(tmp_path: Path) -> None:
    output = tmp_path / "output"
    siteurl = "https://news.example/site"
    result = build(
        output, site(tmp_path, camera_jpeg()), settings="publishconf.py", env={"SITEURL": siteurl}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    page = soup(output / "articles" / f"{ARTICLE_SLUG}.html")
    image = page.find("meta", property="og:image")["content"]
    assert image.startswith(f"{siteurl}/images/square-") and image.endswith("-16x9.jpg")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert [url.rsplit("-", 1)[1] for url in data["image"]] == ["16x9.jpg", "4x3.jpg", "1x1.jpg"]
    feed = (output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "../images/" not in feed and f"{siteurl}/images/square-" in feed


def png_claiming(width: int, height: int) -> bytes:
    """A valid tiny PNG whose header claims another size (what a huge photo's header says)."""
    out = io.BytesIO()
    Image.new("RGB", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    header = struct.pack(">II", width, height)
    data[16:24] = header
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


@pytest.mark.parametrize(
    ("photo", "head", "body", "says"),
    [
        (None, LEAD, FIGURE, "does not exist"),
        (b"not a photo at all", LEAD, FIGURE, "not a photo Pillow can read"),
        (camera_jpeg()[:20_000], LEAD, FIGURE, "damaged or cut short"),
        (png_claiming(9000, 6000), LEAD, FIGURE, "54 megapixels"),
        (camera_jpeg(800, 600), "Photo: images/square.jpg", FIGURE, "has no Photo_alt"),
        (camera_jpeg(800, 600), "", "![]({static}/images/square.jpg)", "has no alt text"),
        (camera_jpeg(800, 600), "", "[the file]({static}/images/square.jpg)", "links to the file"),
    ],
)
def test_a_bad_photo_stops_the_build_at_its_line(
    tmp_path: Path, photo: bytes | None, head: str, body: str, says: str
) -> None:
    content = site(tmp_path, photo, head=head, body=body)
    result = build(tmp_path / "output", content, env={"COLUMNS": "1000"})
    said = result.stdout + result.stderr
    assert result.returncode != 0 and says in said, said
    lines = (content / "articles" / f"{ARTICLE_SLUG}.md").read_text(encoding="utf-8").splitlines()
    marks = [head.split("\n")[0]] if "Photo" in says else [body]
    if says in ("does not exist", "not a photo Pillow can read", "damaged or cut short") or (
        "megapixels" in says
    ):
        marks = [head.split("\n")[0], body]  # the lead and the figure: each at its line
    for mark in marks:
        line = next(n for n, text in enumerate(lines, 1) if text.startswith(mark))
        assert f"articles/{ARTICLE_SLUG}.md:{line}: " in said, (mark, said)


def test_an_incremental_build_after_a_photo_changes_equals_a_cold_one(tmp_path: Path) -> None:
    content = site(tmp_path, camera_jpeg())
    output = tmp_path / "incremental"

    def same_as_cold() -> None:
        cold = tmp_path / "cold"
        result = run_build(content, cold, "--full")
        assert result.returncode == 0, result.stdout + result.stderr
        assert difference(tree(output), tree(cold)) is None
        shutil.rmtree(cold)
        shutil.rmtree(tmp_path / ".cold.cache")

    assert run_build(content, output).returncode == 0
    (content / "images" / "square.jpg").write_bytes(camera_jpeg(2400, 1600))  # a new photo
    result = run_build(content, output)
    assert result.returncode == 0 and "incremental build" in result.stdout + result.stderr
    same_as_cold()
    (content / "images" / "square.jpg").unlink()  # gone: refused, the output left as it was
    before = tree(output)
    assert run_build(content, output).returncode != 0 and tree(output) == before


@pytest.mark.parametrize("payload", PAYLOADS[::6])
def test_a_hostile_alt_caption_or_credit_is_refused_or_text(tmp_path: Path, payload: str) -> None:
    value = " ".join(payload.replace("|", "/").split()) or "x"
    head = (
        f"Photo: images/square.jpg\nPhoto_alt: {value}\nPhoto_caption: {value}\n"
        f"Photo_credit: {value}"
    )
    title = value.replace('"', "'")
    body = f'![{value.replace("]", ")")}]({{static}}/images/square.jpg "{title}|{title}")'
    output = tmp_path / "output"
    result = build(
        output, site(tmp_path, camera_jpeg(800, 600), head=head, body=body), env={"COLUMNS": "1000"}
    )
    if result.returncode:  # refused, at the line of the field
        assert f"{ARTICLE_SLUG}.md:" in result.stdout and "control character" in result.stdout
        return
    page = output / "articles" / f"{ARTICLE_SLUG}.html"
    assert active_markup(page.read_text(encoding="utf-8")) == []
    lead = soup(page).select_one("figure.photo.lead")
    assert lead.img["alt"] == value and value in lead.figcaption.get_text()
