"""The font parts of a review sheet, made as reportlab makes them, faster (part of the
reportlab compat package: see its __init__ for the tested versions and TOUCHED).

_split cuts a line into font subsets as TTFont.splitString does; _SubsetMaker makes a
subset's TrueType file as TTFontFace.makeSubset does; _FontObjects writes a font's PDF
objects as TTFont.addObjects does. Each gives reportlab's bytes (tests/core/pdf/
test_font_objects.py) and is installed on a font by share_subsets.
"""
from __future__ import annotations

import struct
import threading
import zlib
from itertools import groupby

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont, TTFontMaker, makeToUnicodeCMap


def _split(font: TTFont, text: str, doc) -> list[tuple[int, bytes]]:
    """font.splitString(text, doc), the same chunks, for a line whose characters all have
    their codes in the document already (else it is reportlab's splitString, which gives
    new characters theirs): looked up in one pass instead of reportlab's per-character
    bookkeeping (a tenth of the time the table text took)."""
    state = font.state.get(doc)
    if state is None or not text:
        return font.splitString(text, doc)
    assignments = state.assignments
    try:
        codes = [assignments[c] for c in map(ord, text.replace("\xa0", " "))]
    except KeyError:
        return font.splitString(text, doc)
    low, high = min(codes) >> 8, max(codes) >> 8
    if low == high:
        return [(low, bytes(c & 0xFF for c in codes))]
    out: list[tuple[int, bytes]] = []
    for subset, run in groupby(codes, lambda c: c >> 8):
        out.append((subset, bytes(c & 0xFF for c in run)))
    return out




class _Preformatted(pdfdoc.PDFObject):
    """A PDF value whose bytes were formatted before (by reportlab, for the same value)."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document):
        return self.data


def _widths_array(widths: list, doc) -> bytes:
    """pdfdoc.PDFArray(widths).format(doc), byte for byte, for a list of numbers: fp_str
    formats them in one call (C in rl_accel) instead of format() number by number; the
    array breaks its line every ten numbers as PDFArray does (test)."""
    if rl_config.pdfMultiLine or not all(type(w) in (int, float) for w in widths):
        return pdfdoc.PDFArray(widths).format(doc)
    rows = [fp_str(*widths[i:i + 10]) for i in range(0, len(widths), 10)]
    return ("[ " + " \n  ".join(rows) + " ]").encode("latin-1")


class _FontObjects:
    """TTFont.addObjects, the same objects byte for byte, with the per-subset parts that
    depend only on the subset made once: the /Widths array (256 numbers formatted one by
    one, ~1 ms a subset) and the compressed /ToUnicode CMap. The first subset of every sheet
    is the same (reserve_first_subset), so these are reused; the rest is reportlab's code.
    Outside _FAST_FONT_OBJECTS it is reportlab's own addObjects."""

    def __init__(self, font: TTFont, keep: int):
        self.font, self.keep = font, keep
        self.made: dict[tuple, tuple[bytes, bytes]] = {}
        self.lock = threading.Lock()

    def _parts(self, base_name: str, subset: list[int], doc) -> tuple[bytes, bytes]:
        key = (base_name, tuple(subset), rl_config.pdfMultiLine)
        with self.lock:
            found = self.made.pop(key, None)
            if found is not None:
                self.made[key] = found          # most recently used last: kept longest
        if found is None:
            found = (_widths_array(list(map(self.font.face.getCharWidth, subset)), doc),
                     zlib.compress(makeToUnicodeCMap(base_name, subset).encode("utf8")))
            with self.lock:
                if len(self.made) >= self.keep:
                    self.made.pop(next(iter(self.made)))
                self.made[key] = found
        return found

    def __call__(self, doc) -> None:
        font = self.font
        if not _FAST_FONT_OBJECTS:
            return TTFont.addObjects(font, doc)
        face = font.face
        try:
            state = font.state[doc]
        except KeyError:
            state = font.state[doc] = TTFont.State(font._asciiReadable)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal_name = font.getSubsetInternalName(n, doc)[1:]
            base_name = (b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX))
                         ).decode("pdfdoc")
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {font.fontName} subset {n}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            widths, cmap = self._parts(base_name, subset, doc)
            pdf_font.Widths = _Preformatted(widths)
            cmap_stream = pdfdoc.PDFStream()
            if doc.compression:
                cmap_stream.content = cmap
                cmap_stream.dictionary["Filter"] = pdfdoc.PDFArray(
                    [pdfdoc.PDFName("FlateDecode")])
            else:
                cmap_stream.content = makeToUnicodeCMap(base_name, subset)
            pdf_font.ToUnicode = doc.Reference(cmap_stream, "toUnicodeCMap:" + base_name)
            pdf_font.FontDescriptor = face.addSubsetObjects(doc, base_name, subset)
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del font.state[doc]


_FAST_FONT_OBJECTS = True


_GF_MORE_COMPONENTS = 1 << 5
_GF_ARG_1_AND_2_ARE_WORDS = 1 << 0
_GF_WE_HAVE_A_SCALE = 1 << 3
_GF_WE_HAVE_AN_X_AND_Y_SCALE = 1 << 6
_GF_WE_HAVE_A_TWO_BY_TWO = 1 << 7
_FIXED_TABLES = ("name", "OS/2", "cvt ", "fpgm", "prep")


class _SubsetMaker:
    """TTFontFace.makeSubset, byte for byte, with what depends only on the font kept.

    reportlab's makeSubset re-reads every glyph's header and composite components through
    its file cursor, one struct call per field, for each subset: ~5 ms for the hundred-odd
    characters an applicant brings on every sheet (WenQuanYi's Chinese glyphs are mostly
    composites). The font file never changes, so each glyph's components (and where their
    glyph numbers sit in its data) are read once here; the tables are assembled by
    reportlab's own TTFontMaker, as makeSubset does (test: same bytes for many subsets).
    """

    def __init__(self, face):
        self.face = face
        self.glyf = face.get_table("glyf")
        self.pos = face.glyphPos
        self.hmetrics = face.hmetrics
        self.char_to_glyph = face.charToGlyph
        self.components: dict[int, tuple[tuple[int, int], ...]] = {}
        self.fixed = []
        for tag in _FIXED_TABLES:
            try:
                self.fixed.append((tag, face.get_table(tag)))
            except KeyError:        # optional tables (cvt, fpgm, prep), as makeSubset skips
                pass
        self.post = b"\x00\x03\x00\x00" + face.get_table("post")[4:16] + b"\x00" * 16
        self.hhea = face.get_table("hhea")
        self.maxp = face.get_table("maxp")
        self.head = face.get_table("head")

    def _components(self, glyph: int) -> tuple[tuple[int, int], ...]:
        """(offset in the glyph's data, component glyph) for a composite glyph, else ()."""
        found = self.components.get(glyph)
        if found is not None:
            return found
        start, end = self.pos[glyph], self.pos[glyph + 1]
        out: list[tuple[int, int]] = []
        if end - start > 2 and struct.unpack_from(">h", self.glyf, start)[0] < 0:
            at = 10
            flags = _GF_MORE_COMPONENTS
            while flags & _GF_MORE_COMPONENTS:
                flags, component = struct.unpack_from(">HH", self.glyf, start + at)
                out.append((at + 2, component))
                at += 4
                at += 4 if flags & _GF_ARG_1_AND_2_ARE_WORDS else 2
                if flags & _GF_WE_HAVE_A_SCALE:
                    at += 2
                elif flags & _GF_WE_HAVE_AN_X_AND_Y_SCALE:
                    at += 4
                elif flags & _GF_WE_HAVE_A_TWO_BY_TWO:
                    at += 8
        found = self.components[glyph] = tuple(out)
        return found

    def __call__(self, subset) -> bytes:
        char_to_glyph = self.char_to_glyph
        glyph_map = [0]                 # new glyph index -> the font's
        glyph_set = {0: 0}              # the font's glyph index -> new
        code_to_glyph = {}
        for code in subset:
            original = char_to_glyph.get(code, 0)
            if original not in glyph_set:
                glyph_set[original] = len(glyph_map)
                glyph_map.append(original)
            code_to_glyph[code] = glyph_set[original]
        n = 0
        while n < len(glyph_map):       # the parts of composite glyphs, in makeSubset's order
            for _at, component in self._components(glyph_map[n]):
                if component not in glyph_set:
                    glyph_set[component] = len(glyph_map)
                    glyph_map.append(component)
            n += 1

        output = TTFontMaker()
        for tag, table in self.fixed:
            output.add(tag, table)
        output.add("post", self.post)
        num_glyphs = len(glyph_map)
        hmetrics = self.hmetrics
        hmtx = []
        for g in glyph_map:
            aw, lsb = hmetrics[g]
            hmtx.append(int(aw))
            hmtx.append(int(lsb))
        n = len(hmtx) - 2
        while n and hmtx[n] == hmtx[n - 2]:
            n -= 2
        n += 2
        hmtx = hmtx[:n] + hmtx[n + 1::2]
        output.add("hmtx", struct.pack(f">{len(hmtx)}H", *hmtx))
        output.add("hhea", _with_ushort(self.hhea, 34, n >> 1))
        output.add("maxp", _with_ushort(self.maxp, 4, num_glyphs))
        cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset),
                *map(code_to_glyph.get, subset)]
        output.add("cmap", struct.pack(f">{len(cmap)}H", *cmap))

        glyf, pos_table = self.glyf, self.pos
        offsets = []
        parts = []
        pos = 0
        for original in glyph_map:
            offsets.append(pos)
            start, end = pos_table[original], pos_table[original + 1]
            data = glyf[start:end]
            components = self._components(original)
            if components:
                data = bytearray(data)
                for at, component in components:
                    struct.pack_into(">H", data, at, glyph_set[component])
                data = bytes(data)
            parts.append(data)
            pos += end - start
            if pos % 4:
                pad = 4 - pos % 4
                parts.append(b"\0" * pad)
                pos += pad
        offsets.append(pos)
        output.add("glyf", b"".join(parts))
        if (pos + 1) >> 1 > 0xFFFF:
            loca_format = 1
            loca = struct.pack(f">{len(offsets)}L", *offsets)
        else:
            loca_format = 0
            loca = struct.pack(f">{len(offsets)}H", *(o >> 1 for o in offsets))
        output.add("loca", loca)
        output.add("head", _with_ushort(self.head, 50, loca_format))
        return output.makeStream()


def _with_ushort(table: bytes, offset: int, value: int) -> bytes:
    return table[:offset] + struct.pack(">H", value) + table[offset + 2:]
