"""Reading a .docx someone else made, safely: the one way `drafter check` and `drafter import` open a package.

A .docx is a zip of XML parts, and neither layer can be trusted: a 1 MB file may inflate to gigabytes,
use a compression Word never writes (deflate64, bzip2), be encrypted, hold millions of parts, or nest
XML elements thousands deep. `Package` checks each before the cost is paid: the file is an ordinary
file of bounded size, the central directory is small enough to list, a part is read only with the methods
Word uses and only up to its limit (counted as it inflates, so a lying header cannot help), and XML is
parsed incrementally with its depth and element count checked as it comes, so no reader ever meets a
tree deeper than `MAX_XML_DEPTH`. Every refusal is a `DocxError` with the reason for the clerk.
"""

from __future__ import annotations

import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, cast
from xml.etree import ElementTree as ET

from drafter.i18n import _
from drafter.limits import (
    MAX_DOCX_BYTES,
    MAX_DOCX_PARAGRAPHS,
    MAX_PART_BYTES,
    MAX_READ_BYTES,
    MAX_XML_DEPTH,
    MAX_XML_ELEMENTS,
    MAX_ZIP_ENTRIES,
    ZIP_METHODS,
)
from drafter.ooxml.ns import qn

PARAGRAPH = qn("w:p")
CENTRAL_ENTRY = 46  # bytes of a central-directory record before its name
METHOD_NAMES = {9: "deflate64", 12: "bzip2", 14: "lzma", 93: "zstd", 95: "xz", 98: "ppmd"}


class DocxError(Exception):
    """The package cannot be read, and why, in the clerk's words (without the file's name: callers add it)."""


class Damaged(DocxError):
    """The zip or an XML part is broken (the caller may word this its own way)."""


def _size(number: int) -> str:
    return f"{number / 1_000_000:,.1f} MB" if number >= 1_000_000 else _("{n} 字节").format(n=f"{number:,}")


def _directory_size(path: Path, length: int) -> int | None:
    """The central directory's size from the end record, read before zipfile lists it; None if not found."""
    with path.open("rb") as handle:
        tail_size = min(length, 65_557)
        handle.seek(length - tail_size)
        tail = handle.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    entries, size = struct.unpack("<HI", tail[at + 10 : at + 16])
    if entries == 0xFFFF or size == 0xFFFFFFFF:
        return 1 << 62  # zip64: Word never writes one for a letter
    return size


class Package:
    """An open .docx: its part names, and parts read within the limits."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            info = path.stat()
        except OSError as exc:
            raise DocxError(_("无法读取：{why}").format(why=exc.strerror)) from None
        if not stat.S_ISREG(info.st_mode):
            raise DocxError(_("不是普通文件（是管道、设备或套接字），不能读取"))
        if info.st_size > MAX_DOCX_BYTES:
            message = _("文件太大：{size}，能读取的 .docx 最多 {limit}")
            raise DocxError(message.format(size=_size(info.st_size), limit=_size(MAX_DOCX_BYTES)))
        directory = _directory_size(path, info.st_size)
        if directory is not None and directory > MAX_ZIP_ENTRIES * (CENTRAL_ENTRY + 100):
            raise DocxError(_("部件太多，不像 Word 文档；最多 {limit} 个").format(limit=MAX_ZIP_ENTRIES))
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError):
            raise Damaged(_("已损坏或不完整，无法作为 Word 文档（.docx）打开")) from None
        if len(self.zip.infolist()) > MAX_ZIP_ENTRIES:
            self.zip.close()
            raise DocxError(_("部件太多，不像 Word 文档；最多 {limit} 个").format(limit=MAX_ZIP_ENTRIES))
        self.read_bytes = 0
        self.elements = 0
        self.paragraphs = 0

    def __enter__(self) -> Package:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.zip.close()

    def namelist(self) -> list[str]:
        return self.zip.namelist()

    def _damaged(self, name: str) -> Damaged:
        return Damaged(_("已损坏：{part} 读不出来").format(part=name))

    def _open(self, name: str) -> IO[bytes]:
        """The part, opened for reading once its method, encryption and size are known to be fine."""
        info = self.zip.getinfo(name)  # KeyError when missing: the caller decides whether that matters
        if info.flag_bits & 0x1:
            message = _("文件是加密的（{part} 要密码才能读）；请在 Word 中取消密码后另存，再读另存的文件")
            raise DocxError(message.format(part=name))
        if info.compress_type not in ZIP_METHODS:
            method = METHOD_NAMES.get(info.compress_type, str(info.compress_type))
            message = _("{part} 用了 Word 不用的压缩方式 {method}；请在 Word 中打开后另存，再读另存的文件")
            raise DocxError(message.format(part=name, method=method))
        if info.file_size > MAX_PART_BYTES:
            raise self._too_big(name, info.file_size)
        try:
            return self.zip.open(info)
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise self._damaged(name) from None

    def _too_big(self, name: str, size: int) -> DocxError:
        message = _("{part} 解压后太大：{size}，一个部件最多 {limit}")
        return DocxError(message.format(part=name, size=_size(size), limit=_size(MAX_PART_BYTES)))

    def read(self, name: str) -> bytes:
        """The part's bytes, within the limits of one part and of everything read from this package."""
        return b"".join(self._pieces(name))

    def _pieces(self, name: str) -> Iterator[bytes]:
        handle = self._open(name)
        part = 0
        try:
            while True:
                try:
                    chunk = handle.read(1 << 16)
                except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError):
                    raise self._damaged(name) from None
                if not chunk:
                    return
                part += len(chunk)
                self.read_bytes += len(chunk)
                if part > MAX_PART_BYTES:
                    raise self._too_big(name, part)
                if self.read_bytes > MAX_READ_BYTES:
                    message = _("解压后太大：读到 {size} 还没有读完，一个文档最多 {limit}")
                    size, limit = _size(self.read_bytes), _size(MAX_READ_BYTES)
                    raise DocxError(message.format(size=size, limit=limit))
                yield chunk
        finally:
            handle.close()

    def xml(self, name: str) -> ET.Element:
        """The part parsed as it inflates; nesting past MAX_XML_DEPTH or too many elements is refused."""
        parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
        root: ET.Element | None = None
        depth = 0
        try:
            for chunk in self._pieces(name):
                parser.feed(chunk)
                # only start and end events were asked for: each is (event, element)
                for event, element in cast(Iterator[tuple[str, ET.Element]], parser.read_events()):
                    if event == "end":
                        depth -= 1
                        continue
                    if root is None:
                        root = element
                    depth += 1
                    self.elements += 1
                    if depth > MAX_XML_DEPTH:
                        message = _("{part} 里 XML 嵌套太深（超过 {limit} 层），不像 Word 写的文档")
                        raise DocxError(message.format(part=name, limit=MAX_XML_DEPTH))
                    if self.elements > MAX_XML_ELEMENTS:
                        message = _("XML 元素太多（超过 {limit} 个），不像一封信")
                        raise DocxError(message.format(limit=f"{MAX_XML_ELEMENTS:,}"))
                    if element.tag == PARAGRAPH:
                        self.paragraphs += 1
                        if self.paragraphs > MAX_DOCX_PARAGRAPHS:
                            message = _("段落太多（超过 {limit} 段），不像一封信")
                            raise DocxError(message.format(limit=f"{MAX_DOCX_PARAGRAPHS:,}"))
            parser.close()
        except ET.ParseError as exc:
            why = _("已损坏：{part} 不是完整的 XML（{why}）").format(part=name, why=exc)
            raise Damaged(why) from None
        if root is None:
            raise Damaged(_("已损坏：{part} 是空的").format(part=name))
        return root
