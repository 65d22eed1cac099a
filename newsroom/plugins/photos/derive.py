"""A photo made fit to publish: turned upright, stripped of every byte of metadata, and
resized to a few widths in JPEG and WebP, with Pillow.

Nothing of the camera's file is copied: the pixels are read, turned as its EXIF orientation
says, and written anew with no EXIF, XMP, IPTC or ICC block (so no GPS position, no device,
no owner). The result depends on the file's bytes and RECIPE alone, so it can be kept by
its digest and is the same on every machine with the same Pillow.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

# Widths offered to the browser (srcset); a photo is never made larger than it is.
WIDTHS = (480, 800, 1200, 1600)
# The crops search engines ask of a lead photo (Google's article guidelines), 1200 wide.
CROPS = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
CROP_WIDTH = 1200
JPEG_QUALITY = 82
WEBP_QUALITY = 80
# Over this a photo is refused, not resized: a camera's is 12 to 45 megapixels.
MAX_PIXELS = 50_000_000
# Change it when the output of `derive` changes, so memoised photos are made again.
RECIPE = f"1:{WIDTHS}:{CROPS}:{CROP_WIDTH}:{JPEG_QUALITY}:{WEBP_QUALITY}"


class PhotoProblem(ValueError):
    """Why a file cannot be published as a photo, in words for the editor."""


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    jpeg: bytes
    webp: bytes


@dataclass(frozen=True)
class Derived:
    """The photo as published: its sizes (smallest first) and, when it is wide enough, crops."""

    digest: str
    width: int
    height: int
    variants: tuple[Variant, ...]
    crops: dict[str, bytes]


def digest(data: bytes) -> str:
    return hashlib.blake2b(data + RECIPE.encode(), digest_size=8).hexdigest()


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (UnidentifiedImageError, Image.DecompressionBombWarning) as error:
            raise PhotoProblem(f"not a photo Pillow can read ({error})") from None
        except Image.DecompressionBombError:
            raise PhotoProblem("too many pixels to be a photo") from None
    if image.format not in ("JPEG", "PNG", "WEBP"):
        raise PhotoProblem(f"a {image.format} file: give a JPEG, PNG or WebP photo")
    pixels = image.width * image.height
    if pixels > MAX_PIXELS:
        raise PhotoProblem(
            f"{image.width}x{image.height} is {pixels / 1e6:.0f} megapixels, over the "
            f"{MAX_PIXELS / 1e6:.0f} a photo may have: resize it before adding it"
        )
    try:
        image.load()
    except OSError as error:
        raise PhotoProblem(f"the file is damaged or cut short ({error})") from None
    return image


def check_photo(data: bytes) -> None:
    """PhotoProblem unless `data` is a photo `derive` takes (what `make import` checks)."""
    _open(data)


def _encoded(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "JPEG":
        image.convert("RGB").save(
            out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
        )
    else:
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def derive(data: bytes) -> Derived:
    """The published forms of the photo in `data`; PhotoProblem when it is not one."""
    source = _open(data)
    upright = ImageOps.exif_transpose(source)
    if upright.mode not in ("RGB", "RGBA"):
        upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
    upright.info.clear()  # nothing of the camera's file goes along, whatever a format writes
    width, height = upright.size
    widths = sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})
    variants = []
    for w in widths:
        h = max(1, round(height * w / width))
        resized = upright if w == width else upright.resize((w, h), Image.Resampling.LANCZOS)
        variants.append(Variant(w, h, _encoded(resized, "JPEG"), _encoded(resized, "WEBP")))
    crops = {}
    if width >= CROP_WIDTH:
        for name, (across, down) in CROPS.items():
            crop_height = round(CROP_WIDTH * down / across)
            fitted = ImageOps.fit(upright, (CROP_WIDTH, crop_height), Image.Resampling.LANCZOS)
            if fitted.height <= height:
                crops[name] = _encoded(fitted, "JPEG")
    return Derived(digest(data), width, height, tuple(variants), crops)
