"""Who a report is for and from, and the logo embedded in it: checked here, so a bad file fails before rendering."""

from __future__ import annotations

import base64
from pathlib import Path

from advisor.errors import AdvisorError
from advisor.named_tuples import NamedTuple

MAX_LOGO_BYTES = 2 * 1024 * 1024  # a logo, not a photograph: keeps the report small enough to mail
_RIGHT = "--logo expects a PNG, JPEG or SVG image file"


class Logo(NamedTuple):
    media_type: str  # image/png, image/jpeg or image/svg+xml
    data: bytes

    @property
    def data_uri(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


class Branding(NamedTuple):
    """Names on the cover and in the footer; the logo is embedded, never linked."""

    client: str | None = None  # defaults to the organisation's name from the answers
    consultant: str | None = None
    logo: Logo | None = None


def _svg_root(data: bytes) -> bool:
    """True if the bytes are an XML document whose root element is <svg>."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return False
    return root.tag == "svg" or root.tag.endswith("}svg")


def media_type_of(data: bytes) -> str | None:
    """The image type the bytes really are, by their signature rather than the file name."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--")) and _svg_root(data):
        return "image/svg+xml"
    return None


def load_logo(path: Path) -> Logo:
    """Read and check a logo file; every problem is an AdvisorError naming the file and what would be right."""
    try:
        if path.is_dir():
            raise AdvisorError(f"{path}: is a folder; {_RIGHT}")
        size = path.stat().st_size
        if size <= MAX_LOGO_BYTES:  # read at most one byte more: a device or a pipe reports no size
            with path.open("rb") as handle:
                data = handle.read(MAX_LOGO_BYTES + 1)
            size = max(size, len(data))
        if size > MAX_LOGO_BYTES:
            shown = f"{size:,} bytes" if size > MAX_LOGO_BYTES + 1 else f"more than {MAX_LOGO_BYTES:,} bytes"
            raise AdvisorError(f"{path}: {shown}; {_RIGHT} of at most {MAX_LOGO_BYTES // 1024:,} KiB")
    except FileNotFoundError:
        raise AdvisorError(f"{path}: no such file; {_RIGHT}") from None
    except OSError as exc:
        raise AdvisorError(f"{path}: cannot read it ({exc.strerror}); {_RIGHT}") from None
    media_type = media_type_of(data)
    if media_type is None:
        raise AdvisorError(f"{path}: not a PNG, JPEG or SVG image (its content says otherwise); {_RIGHT}")
    return Logo(media_type, data)
