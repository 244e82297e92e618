"""Scanned documents as PDF: structure checked, pages counted, active content refused.

A PDF is stored as it came (re-rendering would need a PDF library and would lose text),
so it is checked instead (ISO 32000-1 numbers in brackets):

- it starts with `%PDF-` and a version [7.5.2] and ends with `%%EOF` [7.5.5], with only
  white space after it, so nothing (an archive, a script) rides along behind the document;
- it has between 1 and `MAX_PDF_PAGES` page objects (`/Type /Page`) [7.7.3.3];
- it is not encrypted (`/Encrypt` in the trailer [7.6]): an encrypted file cannot be
  checked, and staff could not open it;
- it has no active content: JavaScript (`/JavaScript`, `/JS`) [12.6.4.16], launching
  programs (`/Launch`) [12.6.4.5], embedded or attached files (`/EmbeddedFile(s)`) [7.11.4],
  rich media (`/RichMedia`), XFA forms (`/XFA`, which carry scripts), form submission or
  import (`/SubmitForm`, `/ImportData`) or jumps into embedded documents (`/GoToE`). An
  `/OpenAction` that only opens a page is harmless and allowed; one that runs JavaScript
  is caught by the `/JS` it needs.

How the scanner sees the file (no PDF library: a small lexer, not a reader):

1. It walks the object syntax token by token [7.2], so a name inside a string "(...)", a
   hex string or a comment is not taken for a key, and a `stream` keyword inside a string
   does not start a stream.
2. A stream body [7.3.8] is skipped by its `/Length` (direct, or an indirect object found
   exactly once), and must be followed by `endstream`; the bytes of images and page
   content therefore never look like a key by chance, and a body cannot hide syntax.
   A body whose length does not fit is refused rather than guessed at.
3. Object streams (`/Type /ObjStm`, PDF 1.5+) hold ordinary objects compressed; their
   bodies are inflated (FlateDecode only, with a size cap against zip bombs) and lexed
   too. One we cannot decode is refused rather than trusted.
4. Names are decoded before matching: `/J#61vaScript` is `/JavaScript` [7.3.5].

What it does not do: repair broken files, follow the cross-reference table, or judge page
content. It refuses what it cannot read unambiguously; scanners and "print to PDF" write
files it reads.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

from shared.materials.model import MAX_PDF_PAGES
from shared.materials.refusals import refuse

ACTIVE_NAMES = frozenset(
    {
        b"JavaScript",
        b"JS",
        b"Launch",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"RichMedia",
        b"XFA",
        b"SubmitForm",
        b"ImportData",
        b"GoToE",
    }
)
MAX_INFLATED_BYTES = 32 * 1024 * 1024
SUPPORTED_FILTERS = frozenset({b"FlateDecode", b"Fl"})
KNOWN_FILTERS = frozenset(
    {
        b"FlateDecode",
        b"Fl",
        b"LZWDecode",
        b"LZW",
        b"ASCIIHexDecode",
        b"AHx",
        b"ASCII85Decode",
        b"A85",
        b"RunLengthDecode",
        b"RL",
        b"Crypt",
    }
)

HEADER = re.compile(rb"%PDF-\d\.\d")
DELIMITED = rb"[^\s/<>\[\]()%{}]"  # a regular character [7.2.2]
TOKEN = re.compile(
    rb"(?P<space>[\x00\t\n\x0c\r ]+)"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|(?P<name>/" + DELIMITED + rb"*)"
    rb"|(?P<open><<)"
    rb"|(?P<close>>>)"
    rb"|(?P<hex><[^<>]*>)"
    rb"|(?P<string>\()"
    rb"|(?P<obj>(?<![0-9])\d+\s+\d+\s+obj(?!" + DELIMITED + rb"))"
    rb"|(?P<stream>(?<!" + DELIMITED + rb")stream(?:\r\n|\n|\r))"
    # Anything else, in runs that stop where another token may begin.
    rb"|(?P<other>[^/%(<>s0-9]+|.)",
    re.DOTALL,
)
STRING_SPECIAL = re.compile(rb"[()\\]")
LENGTH_VALUE = re.compile(rb"\s*(\d+)(?:\s+(\d+)\s+R(?!" + DELIMITED + rb"))?")
STREAM_END = re.compile(rb"\s*endstream")
HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


@dataclass
class Scan:
    """What the lexer found in the object syntax of a file."""

    names: set[bytes] = field(default_factory=set)
    pages: int = 0
    inflated: int = 0


def check_pdf(data: bytes) -> int:
    """The page count of an acceptable PDF; raises UploadRefused otherwise."""
    if HEADER.match(data) is None:
        raise refuse("unreadable")
    if not data.rstrip(b" \t\r\n\x00\x0c").endswith(b"%%EOF"):
        raise refuse("unreadable")
    scan = Scan()
    lex(data, data, scan)
    if scan.names & ACTIVE_NAMES:
        raise refuse("pdf_active_content")
    if b"Encrypt" in scan.names:
        raise refuse("pdf_encrypted")
    if scan.pages == 0:
        raise refuse("unreadable")
    if scan.pages > MAX_PDF_PAGES:
        raise refuse("too_many_pages", pages=MAX_PDF_PAGES)
    return scan.pages


def decode_name(raw: bytes) -> bytes:
    return HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)


def lex(text: bytes, whole: bytes, scan: Scan) -> None:
    """Walk the object syntax of `text` (the file, or an inflated object stream)."""
    position = 0
    object_names: list[bytes] = []  # names since the current object began
    length: tuple[int, int | None] | None = None  # the current object's /Length
    previous = b""
    while position < len(text):
        token = TOKEN.match(text, position)
        assert token is not None  # the last alternative matches any byte
        kind = token.lastgroup
        position = token.end()
        if kind == "name":
            name = decode_name(token.group()[1:])
            scan.names.add(name)
            object_names.append(name)
            if previous == b"Type" and name == b"Page":
                scan.pages += 1
            if name == b"Length" and (value := LENGTH_VALUE.match(text, position)) is not None:
                length = (int(value.group(1)), int(value.group(2)) if value.group(2) else None)
            previous = name
            continue
        if kind == "space":
            continue
        previous = b""
        if kind == "string":
            position = _skip_string(text, position)
        elif kind == "obj":
            object_names, length = [], None
        elif kind == "stream":
            end = _stream_end(text, whole, position, length)
            if _is_object_stream(object_names):
                lex(_inflate(object_names, text[position:end], scan), whole, scan)
            after = STREAM_END.match(text, end)
            if after is None:
                raise refuse("unreadable")
            position = after.end()
            object_names, length = [], None


def _skip_string(text: bytes, position: int) -> int:
    """The position after a literal string whose "(" ends before `position` [7.3.4.2]."""
    depth = 1
    while depth:
        special = STRING_SPECIAL.search(text, position)
        if special is None:
            raise refuse("unreadable")
        char = text[special.start()]
        if char == 0x5C:  # backslash: the next byte is escaped
            position = special.start() + 2
            continue
        depth += 1 if char == 0x28 else -1
        position = special.end()
    return position


def _stream_end(text: bytes, whole: bytes, start: int, length: tuple[int, int | None] | None) -> int:
    if length is None:
        raise refuse("unreadable")
    number, generation = length
    if generation is not None:
        # An indirect length: the integer object it names, when the file holds it once.
        found = re.findall(rb"(?<![0-9])%d\s+%d\s+obj\s*(\d+)\s*endobj" % (number, generation), whole)
        if len(found) != 1:
            raise refuse("unreadable")
        number = int(found[0])
    end = start + number
    if end > len(text):
        raise refuse("unreadable")
    return end


def _is_object_stream(names: list[bytes]) -> bool:
    return any(a == b"Type" and b == b"ObjStm" for a, b in zip(names, names[1:], strict=False))


def _inflate(names: list[bytes], body: bytes, scan: Scan) -> bytes:
    filters = set(names) & KNOWN_FILTERS
    if not filters:
        return body
    # Only a single FlateDecode without a predictor is decoded; anything else that hides
    # objects from us is refused rather than trusted.
    if filters - SUPPORTED_FILTERS or b"DecodeParms" in names or b"DP" in names:
        raise refuse("unreadable")
    budget = MAX_INFLATED_BYTES - scan.inflated
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(body, budget + 1)
    except zlib.error:
        raise refuse("unreadable") from None
    if len(out) > budget or inflater.unconsumed_tail:
        raise refuse("unreadable")
    scan.inflated += len(out)
    return out
