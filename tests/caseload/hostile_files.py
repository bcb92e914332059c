"""The hostile uploads of issue 13, built by hand so each takes milliseconds to make.

A workbook part that unpacks to gigabytes is written as one deflate block repeated:
after a full flush the compressor keeps no history, so the same text compresses to
the same bytes every time, and the zip is as small as the real attack's (412 KB for
400 MB). The CRC of the repetition is combined arithmetically (zlib's
crc32_combine), so every file is a valid zip that unpacks to what it claims.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
MEGABYTE = 1024 * 1024


@dataclass
class Part:
    name: str
    data: bytes  # raw deflate
    crc: int
    size: int


def part(name: str, text: bytes) -> Part:
    return Part(name, _deflate(text), zlib.crc32(text), len(text))


def _deflate(text: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(text) + compressor.flush()


def repeated_part(name: str, head: bytes, unit: bytes, count: int, tail: bytes):
    """Return a part holding head + unit * count + tail, compressed by repetition."""
    # Repeat a block of about a megabyte, so the repeated deflate block is tiny.
    per_block = max(1, MEGABYTE // len(unit))
    blocks, rest = divmod(count, per_block)
    block_text = unit * per_block
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(block_text) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block_text) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "a full flush must leave no history"
    end = compressor.compress(unit * rest + tail) + compressor.flush()
    crc = zlib.crc32(head)
    crc = _crc_combine(crc, _crc_repeated(block_text, blocks), len(block_text) * blocks)
    crc = zlib.crc32(unit * rest + tail, crc)
    size = len(head) + len(unit) * count + len(tail)
    return Part(name, start + block * blocks + end, crc, size)


def zip_bytes(parts: list[Part]) -> bytes:
    """Return a zip of already deflated parts (no zip64: each under 4 GB)."""
    out = bytearray()
    directory = bytearray()
    for item in parts:
        name = item.name.encode()
        offset = len(out)
        fields = (20, 0, 8, 0, 0x21, item.crc, len(item.data), item.size, len(name))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name + item.data
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset
        )
        directory += name
    end = struct.pack(
        "<IHHHHIIH",
        0x06054B50,
        0,
        0,
        len(parts),
        len(parts),
        len(directory),
        len(out),
        0,
    )
    return bytes(out + directory + end)


def workbook(sheet: Part, shared_strings: Part | None = None) -> bytes:
    """Return an .xlsx: the minimum openpyxl opens, around `sheet`."""
    strings_type = (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        if shared_strings
        else ""
    )
    strings_rel = (
        f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
        if shared_strings
        else ""
    )
    parts = [
        part(
            "[Content_Types].xml",
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/content-types"><Default Extension='
            b'"rels" ContentType="application/vnd.openxmlformats-package.'
            b'relationships+xml"/><Default Extension="xml" ContentType='
            b'"application/xml"/><Override PartName="/xl/workbook.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            b'sheet1.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.worksheet+xml"/>'
            + strings_type.encode()
            + b"</Types>",
        ),
        part(
            "_rels/.rels",
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>".encode(),
        ),
        part(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="Sheet1" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'.encode(),
        ),
        part(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f"{strings_rel}</Relationships>".encode(),
        ),
        sheet,
    ]
    return zip_bytes([*parts, *([shared_strings] if shared_strings else [])])


SHEET_HEAD = f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
SHEET_TAIL = b"</sheetData></worksheet>"
STRINGS_HEAD = f'<sst xmlns="{MAIN}">'.encode()
# A header row naming two shared strings, so the strings are read with the sheet.
TWO_STRING_SHEET = part(
    "xl/worksheets/sheet1.xml",
    SHEET_HEAD
    + b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    + SHEET_TAIL,
)


def one_huge_shared_string(megabytes: int = 400) -> bytes:
    """One shared string of `megabytes` (the 412 KB file that used 3.1 GB)."""
    strings = repeated_part(
        "xl/sharedStrings.xml",
        STRINGS_HEAD + b"<si><t>",
        b"x" * 1024,
        megabytes * 1024,
        b"</t></si><si><t>b</t></si></sst>",
    )
    return workbook(TWO_STRING_SHEET, strings)


def huge_total_shared_strings(megabytes: int = 1900) -> bytes:
    """Shared strings of a megabyte each, 1.9 GB in all, in a file under 2 MB."""
    unit = b"<si><t>" + b"y" * MEGABYTE + b"</t></si>"
    strings = repeated_part(
        "xl/sharedStrings.xml",
        STRINGS_HEAD,
        unit,
        megabytes * MEGABYTE // len(unit),
        b"</sst>",
    )
    return workbook(TWO_STRING_SHEET, strings)


def many_shared_strings(
    count: int = 20_000_000, unit: bytes = b"<si><t>a</t></si>"
) -> bytes:
    """`count` tiny shared strings."""
    strings = repeated_part(
        "xl/sharedStrings.xml", STRINGS_HEAD, unit, count, b"</sst>"
    )
    return workbook(TWO_STRING_SHEET, strings)


def cells_in_one_row(count: int = 8_000_000) -> bytes:
    """One row of `count` numeric cells (no cell references, as Excel allows)."""
    sheet = repeated_part(
        "xl/worksheets/sheet1.xml",
        SHEET_HEAD + b"<row>",
        b"<c><v>1</v></c>",
        count,
        b"</row>" + SHEET_TAIL,
    )
    return workbook(sheet)


def blank_rows(count: int = 5_000_000) -> bytes:
    """`count` blank rows, then one filled row."""
    sheet = repeated_part(
        "xl/worksheets/sheet1.xml",
        SHEET_HEAD,
        b"<row/>",
        count,
        b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' + SHEET_TAIL,
    )
    return workbook(sheet)


def csv_with_columns(count: int = 100_000) -> bytes:
    """A CSV whose header has `count` columns (the header check was quadratic)."""
    return ",".join(f"column{n}" for n in range(count)).encode() + b"\nx\n"


# The six files of the issue: name, builder, the start of the message refusing it.
HOSTILE = {
    "one 400 MB shared string": one_huge_shared_string,
    "1.9 GB of shared strings": huge_total_shared_strings,
    "8 million cells in one row": cells_in_one_row,
    "5 million blank rows": blank_rows,
    "20 million shared strings": many_shared_strings,
    "100,000 header columns (CSV)": csv_with_columns,
}


def _crc_repeated(text: bytes, times: int) -> int:
    """Return the CRC-32 of `text` repeated `times` times, by doubling."""
    crc, length = 0, 0
    piece_crc, piece_length = zlib.crc32(text), len(text)
    while times:
        if times & 1:
            crc = _crc_combine(crc, piece_crc, piece_length)
            length += piece_length
        piece_crc = _crc_combine(piece_crc, piece_crc, piece_length)
        piece_length *= 2
        times >>= 1
    return crc


def _crc_combine(crc1: int, crc2: int, length2: int) -> int:
    """zlib's crc32_combine: the CRC of A + B from CRC(A), CRC(B) and len(B)."""
    if length2 == 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _square(odd)
    odd = _square(even)
    while True:
        even = _square(odd)
        if length2 & 1:
            crc1 = _times(even, crc1)
        length2 >>= 1
        if not length2:
            break
        odd = _square(even)
        if length2 & 1:
            crc1 = _times(odd, crc1)
        length2 >>= 1
        if not length2:
            break
    return crc1 ^ crc2


def _times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _square(matrix: list[int]) -> list[int]:
    return [_times(matrix, matrix[n]) for n in range(32)]
