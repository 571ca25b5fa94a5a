"""Every use of pyHanko's behaviour below its documented surface, in one module, version-checked.

The signing code uses pyHanko's public API (PdfSigner, PdfContent.writer, TimeStamper,
attribute providers) with one exception: the visible stamp needs the signing time, and
pyHanko hands it over only to a TextStampStyle, as text_params['ts'] formatted with the
style's timestamp_format (sign/signers/cms_embedder.py). TimedStampStyle relies on that and is
the only place that does. tests/core/signing/test_pyhanko_compat.py asserts that every attribute named
in TOUCHED still exists and that a signature still passes the time in.

Outside the tested versions (TESTED) signing goes on while pyHanko still hands the time over,
and refuses with a message naming the versions when it no longer does (a stamp without its
time would misstate the signature).
"""
from __future__ import annotations

import re

from pyhanko.pdf_utils import content
from pyhanko.stamp import TextStampStyle
from pyhanko.version import __version__ as _pyhanko_version

from workbench.core.signing.keyfiles import SigningError

__all__ = ["VERSION", "TESTED", "IN_RANGE", "TOUCHED", "UnsupportedPyhanko",
           "TimedStampStyle", "writer_of"]

# Versions the touches below were tested on: [low, high).
TESTED = ((0, 38), (0, 39))


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", text)[:3])


VERSION = _version(_pyhanko_version)
IN_RANGE = TESTED[0] <= VERSION < TESTED[1]

# (class, attributes) relied upon; the compat test checks each exists.
TOUCHED = {
    "TextStampStyle": ("create_stamp", "timestamp_format"),
    "PdfContent": ("writer", "resources", "render"),
}


class UnsupportedPyhanko(SigningError):
    """The installed pyHanko no longer behaves as the signing code needs (Chinese message)."""


def _unsupported(what: str) -> UnsupportedPyhanko:
    low, high = ('.'.join(map(str, v)) for v in TESTED)
    return UnsupportedPyhanko(
        f"已安装的 pyHanko {_pyhanko_version} 不支持{what}（已测试版本：{low} 至 {high} 以下），"
        "未签署。请安装受支持的 pyHanko 版本。")


def writer_of(stamp_content: content.PdfContent):
    """The writer pyHanko set on a piece of appearance content before rendering it."""
    w = stamp_content.writer
    if w is None:
        raise _unsupported("签章外观的写入对象")
    return w


class TimedStampStyle(TextStampStyle):
    """A stamp style that receives the signing time, as pyHanko formats it with
    `timestamp_format`, and draws the stamp through `stamp(writer, box, ts)`.

    Subclasses are frozen dataclasses, like pyHanko's own styles.
    """

    def create_stamp(self, writer, box, text_params):
        ts = text_params.get("ts")
        if ts is None:
            raise _unsupported("在签章中显示签署时间")
        return self.stamp(writer, box, ts)

    def stamp(self, writer, box, ts: str):
        raise NotImplementedError
