"""Ingestion: statement files in, `Document`s out.

A statement arrives as plain text, a saved web page or a PDF. Each reader turns the file into
the one text that claims' character spans will index into, plus what the file says about
itself (title, publisher, date). Every way a file can fail becomes an `InputError` naming the
file, so that a batch reports the bad files and goes on with the rest.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import hashlib
import io
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import lxml.html
import pypdf
import trafilatura
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from claimledger.errors import (
    BinaryFileError,
    BrokenHTMLError,
    BrokenPDFError,
    EmptyFileError,
    EncodingError,
    FileMissingError,
    FileTooLargeError,
    InputError,
    NoTextError,
    PDFBombError,
    TooManyPagesError,
    UnsupportedTypeError,
)
from claimledger.models import Document
from claimledger.extract.timeref import publication_date

SUPPORTED_SUFFIXES = frozenset({".txt", ".html", ".htm", ".pdf"})
DEFAULT_MAX_BYTES = 50_000_000
# Pages of a PDF read at most: the longest reports run to a few hundred; a file of thousands is a bomb or an archive.
MAX_PDF_PAGES = 1000
# Elements nested deeper than this are no page's layout (the deepest real ones are a few hundred): the text
# extractor would spend seconds on it and find nothing.
MAX_HTML_DEPTH = 2000

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
}

# Both libraries log a line for every malformed file they meet ("EOF marker not found",
# "discarding data"); in a batch of hundreds that buries the one-line InputErrors we report.
for _noisy in ("pypdf", "trafilatura"):
    logging.getLogger(_noisy).setLevel(logging.ERROR)

# Checked longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    # Kept as U+FEFF: claim spans are offsets into the text as a plain UTF-8 reader sees it (eval/SCHEMA.md).
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab, newlines and form feed: real statements contain next to none.
_CONTROL_CHARS = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
_SNIFF_CHARS = 65_536
_MAX_CONTROL_SHARE = 0.05
# charset-normalizer's "chaos" is the share of the decoded text that looks garbled; "coherence"
# how well it fits a language. Rival encodings within these margins make a guess a coin toss.
_MAX_CHAOS = 0.1
_RIVAL_CHAOS_MARGIN = 0.05
_RIVAL_COHERENCE_MARGIN = 0.1

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
# libxml2 and trafilatura silently drop a whole page that holds one of these characters.
_INVALID_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# huge_tree: libxml2 otherwise drops what is nested over 256 elements deep, and a page of deep layout would lose its
# text; the size of what it parses is bounded by --max-bytes.
_HTML_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False,
                                    huge_tree=True)
# trafilatura drops <script> and <style> itself but keeps <noscript> text ("Please enable
# JavaScript"), which on a page of scripts alone would pass for the statement.
_ACTIVE_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed")
# Date search in the page's markup only: htmldate's extensive search takes any date in the
# body, often the date of an event, for the publication date.
_HTML_DATE_CONFIG = {"extensive_search": False, "original_date": True}

_TITLE_MAX_CHARS = 200
_LANGUAGE_SAMPLE_CHARS = 20_000
# Below these the detector guesses: 40 letters is a sentence; no English line of the sample statements,
# the dev documents or the seeds gets another language with 0.9, while a Russian sentence gets 0.99.
_LANGUAGE_MIN_LETTERS = 40
_LANGUAGE_MIN_PROBABILITY = 0.9
_GLOB_MAGIC = re.compile(r"[*?[]")


@dataclass(frozen=True, slots=True)
class _Metadata:
    """What a file says about itself, beside its text."""

    title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None  # declared publication date: trusted over the text's heading
    created: dt.date | None = None  # when the file was made: used only when the text names no date


def expand_inputs(inputs: Iterable[str]) -> tuple[list[Path], list[InputError]]:
    """The statement files named by command-line inputs, and an error for each input that names none.

    An input is a file, a folder (searched recursively for supported files, hidden ones skipped)
    or a glob pattern the shell left unexpanded ("docs/**/*.html"). Paths come back sorted,
    each file once however many inputs reach it, in the spelling the user gave.
    """
    found: list[Path] = []
    errors: list[InputError] = []
    for given in inputs:
        try:
            found.extend(_expand_input(given))
        except InputError as err:
            errors.append(err)
    return _unique_sorted(found), errors


def _expand_input(given: str) -> list[Path]:
    path = Path(given)
    if path.is_dir():
        return _supported_files_under(path)
    if path.is_file():
        if not _is_supported(path):
            raise UnsupportedTypeError(given, path.suffix or "no suffix")
        return [path]
    if _GLOB_MAGIC.search(given):
        return _expand_pattern(given)
    raise FileMissingError(given)


def _expand_pattern(pattern: str) -> list[Path]:
    matches = _glob(pattern)
    if not matches:
        raise FileMissingError(pattern, "nothing matches this pattern")
    # Unlike a file named outright, a file a pattern happens to match (a README beside the
    # statements) is skipped quietly.
    files = [
        file
        for match in matches
        for file in (_supported_files_under(match) if match.is_dir() else [match])
        if _is_supported(file)
    ]
    if not files:
        raise FileMissingError(pattern, "no .txt, .html, .htm or .pdf file matches this pattern")
    return files


def _glob(pattern: str) -> list[Path]:
    """The paths a pattern matches ("docs/**/*.html"), hidden names left out unless the pattern names them.

    Not glob.glob, whose "**" follows links to folders: two links back up a tree make it walk an exponential number
    of paths, forever to a user. pathlib's "**" does not follow them, as os.walk does not for a folder named outright.
    """
    parts = Path(pattern).parts
    first_magic = next(index for index, part in enumerate(parts) if _GLOB_MAGIC.search(part))
    base = Path(*parts[:first_magic]) if first_magic else Path()
    rest = parts[first_magic:]
    hidden_named = any(part.startswith(".") for part in rest)
    return [match for match in base.glob(str(Path(*rest)))
            if hidden_named or not any(part.startswith(".") for part in match.relative_to(base).parts)]


def _supported_files_under(folder: Path) -> list[Path]:
    files = []
    for root, dirnames, filenames in os.walk(folder):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        files.extend(
            Path(root, name) for name in filenames if not name.startswith(".") and _is_supported(Path(name))
        )
    return files


def _is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _unique_sorted(paths: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    unique = []
    for path in sorted(paths):
        # Not Path.resolve, which raises on a symbolic link that leads back to itself: such a file is one input,
        # which fails alone when it is read.
        key = Path(os.path.realpath(path))
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None,
                  max_pages: int = MAX_PDF_PAGES) -> Document:
    """Read one statement file into a Document, or raise the InputError that says why it cannot be read.

    `encoding` is that of a text file whose bytes carry no byte-order mark (for a batch of files one knows to be
    windows-1251, say); without it, such a file is read as UTF-8, else in the encoding it confidently reads in.
    A PDF of more than `max_pages` pages is refused before any page is read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedTypeError(path, suffix or "no suffix")
    raw = _read_bytes(path, max_bytes)
    if suffix == ".txt" and encoding:
        text, metadata = _read_text(path, raw, encoding)
    elif suffix == ".pdf":
        text, metadata = _read_pdf(path, raw, max_pages)
    else:
        text, metadata = _READERS[suffix](path, raw)
    return document_from_text(text, name=path.name, media_type=MEDIA_TYPES[suffix], title=metadata.title,
                              publisher=metadata.publisher, published=metadata.published,
                              created=metadata.created, source_path=str(path))


def document_from_text(text: str, *, name: str, media_type: str = "text/plain", title: str | None = None,
                       publisher: str | None = None, published: dt.date | None = None,
                       created: dt.date | None = None, source_path: str | None = None) -> Document:
    """The Document of a statement's text, as every reader (and `claimledger.extract`) makes it.

    A declared title and publication date are trusted over the text's first line and heading
    date; `created`, when the file was made, stands in only when the text names no date.
    """
    return Document(
        name=name,
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        media_type=media_type,
        title=title or _first_line_title(text),
        publisher=publisher,
        published=published or publication_date(text) or created,
        language=detect_language(text),
        source_path=source_path,
    )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        status = path.stat()
    except FileNotFoundError:
        raise FileMissingError(path) from None
    except OSError as err:
        raise InputError(path, err.strerror) from None
    if stat.S_ISDIR(status.st_mode):
        raise FileMissingError(path, "it is a folder")
    if not stat.S_ISREG(status.st_mode):
        raise InputError(path, "not a regular file")
    # Sized before reading, so that a stray disk image is refused without being loaded.
    if status.st_size > max_bytes:
        raise FileTooLargeError(path, f"{status.st_size:,} bytes, limit {max_bytes:,}")
    try:
        with path.open("rb") as file:
            raw = file.read(max_bytes + 1)
    except OSError as err:
        raise InputError(path, err.strerror) from None
    if len(raw) > max_bytes:  # it grew after stat()
        raise FileTooLargeError(path, f"over {max_bytes:,} bytes, limit {max_bytes:,}")
    if not raw:
        raise EmptyFileError(path, "0 bytes")
    if not raw.strip():
        raise EmptyFileError(path, "only whitespace")
    return raw


def _read_text(path: Path, raw: bytes, encoding: str | None = None) -> tuple[str, _Metadata]:
    return _decode(path, raw, forced=encoding), _Metadata()


def _decode(path: Path, raw: bytes, declared: str | None = None, forced: str | None = None) -> str:
    """The text of a file: by its byte-order mark, else in the `forced` encoding (--encoding), else as UTF-8, else in
    its declared or a confidently guessed encoding."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            text = _decode_as(path, raw, encoding)
            _reject_binary(path, text)
            break
    else:
        # Latin-1 maps each byte to one character: a view of the raw bytes to sniff for binary.
        _reject_binary(path, raw.decode("latin-1"))
        text = _decode_as(path, raw, forced) if forced else _decode_unmarked(path, raw, declared)
    if not text.strip():
        raise EmptyFileError(path, "only whitespace")
    return text


def _decode_unmarked(path: Path, raw: bytes, declared: str | None) -> str:
    # UTF-8 before the declared charset: bytes that are valid UTF-8 are UTF-8 in practice,
    # while pages re-saved as UTF-8 often keep an old <meta charset="iso-8859-1">.
    for encoding in ["utf-8", declared] if declared else ["utf-8"]:
        try:
            return _with_universal_newlines(raw, encoding)
        except UnicodeDecodeError:
            pass
    return _decode_as(path, raw, _guess_encoding(path, raw))


def _decode_as(path: Path, raw: bytes, encoding: str) -> str:
    try:
        return _with_universal_newlines(raw, encoding)
    except UnicodeDecodeError as err:
        raise EncodingError(path, f"not valid {encoding}: {err.reason} at byte {err.start}") from None


def _with_universal_newlines(raw: bytes, encoding: str) -> str:
    # Exactly what Path.read_text(encoding=...) returns ("\r\n" and "\r" read as "\n"): claims'
    # character spans index into this text, and scorers read the files that way.
    return io.TextIOWrapper(io.BytesIO(raw), encoding=encoding, newline=None).read()


def _guess_encoding(path: Path, raw: bytes) -> str:
    matches = list(charset_normalizer.from_bytes(raw))
    if not matches:
        raise EncodingError(path, "it is not UTF-8 and fits no other encoding")
    best, *others = matches
    if best.chaos > _MAX_CHAOS:
        raise EncodingError(path, f"it is not UTF-8 and reads as garbled text even in {best.encoding}")
    if best.coherence == 0:
        raise EncodingError(path, "it is not UTF-8 and has too few words to tell its encoding")
    rivals = [
        match.encoding
        for match in others
        if match.chaos <= best.chaos + _RIVAL_CHAOS_MARGIN
        and match.coherence >= best.coherence - _RIVAL_COHERENCE_MARGIN
    ]
    if rivals:
        *others_named, last = sorted({best.encoding, *rivals})
        candidates = f"{', '.join(others_named)} or {last}"
        raise EncodingError(path, f"it is not UTF-8 and could be {candidates}, which read differently")
    return best.encoding


def _reject_binary(path: Path, text: str) -> None:
    if "\x00" in text:
        raise BinaryFileError(path, "it contains NUL bytes; UTF-16 text needs a byte-order mark")
    sample = text[:_SNIFF_CHARS]
    controls = len(_CONTROL_CHARS.findall(sample))
    if controls > len(sample) * _MAX_CONTROL_SHARE:
        raise BinaryFileError(path, f"{controls} control characters in its first {len(sample):,}")


def _read_html(path: Path, raw: bytes) -> tuple[str, _Metadata]:
    markup = _INVALID_XML_CHARS.sub("", _decode(path, raw, _declared_charset(raw)))
    # lxml and trafilatura raise anything from ParserError to AssertionError on malformed
    # pages; each is this file's problem, to report, not a crash of the batch.
    try:
        tree = lxml.html.document_fromstring(markup.encode("utf-8"), parser=_HTML_PARSER)
        if (depth := _nesting_depth(tree)) > MAX_HTML_DEPTH:
            raise BrokenHTMLError(path, f"its elements are nested {depth:,} deep, more than any page's "
                                        f"{MAX_HTML_DEPTH:,}")
        metadata = _html_metadata(tree)  # before scripts go: JSON-LD metadata lives in <script>
        _drop_active_content(tree)
        text = _html_text(tree)
    except BrokenHTMLError:
        raise
    except Exception as err:
        raise BrokenHTMLError(path, _describe(err)) from err
    if not text:
        raise BrokenHTMLError(path)
    return text, metadata


def _nesting_depth(tree: lxml.html.HtmlElement) -> int:
    """How many elements deep the page's deepest element is (the root is 1)."""
    deepest = 0
    depths: dict[lxml.html.HtmlElement, int] = {}
    for element in tree.iter():
        parent = element.getparent()
        depths[element] = depth = depths[parent] + 1 if parent is not None else 1
        deepest = max(deepest, depth)
    return deepest


def _declared_charset(raw: bytes) -> str | None:
    head = raw[:4096]
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if found is None:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return None
    # As browsers do (WHATWG Encoding): pages labelled Latin-1 or ASCII are written in windows-1252.
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def _html_metadata(tree: lxml.html.HtmlElement) -> _Metadata:
    # extract_metadata dates the page with htmldate.find_date, given the parsed tree, so no URL is fetched.
    found = trafilatura.extract_metadata(tree, date_config=dict(_HTML_DATE_CONFIG))
    return _Metadata(
        title=_clean(found.title),
        publisher=_clean(found.sitename) or _clean(found.author),
        published=_iso_date(found.date),
    )


def _drop_active_content(tree: lxml.html.HtmlElement) -> None:
    for element in list(tree.iter(*_ACTIVE_TAGS)):
        element.drop_tree()


def _html_text(tree: lxml.html.HtmlElement) -> str:
    # Recall mode rescues a short page (a three-line casualty update) that the default
    # heuristics discard as boilerplate.
    for favor_recall in (False, True):
        text = trafilatura.extract(
            tree,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            favor_recall=favor_recall,
        )
        if text and text.strip():
            return text
    return ""


def _read_pdf(path: Path, raw: bytes, max_pages: int = MAX_PDF_PAGES) -> tuple[str, _Metadata]:
    if b"%PDF-" not in raw[:1024]:
        raise BrokenPDFError(path, "no %PDF- header, so it is not a PDF")
    # pypdf raises anything from PdfReadError to KeyError or zlib.error on damaged files.
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
            raise BrokenPDFError(path, "it is encrypted with a password")
        if len(reader.pages) > max_pages:
            raise TooManyPagesError(path, f"{len(reader.pages):,} pages, limit {max_pages:,}")
        pages = [page.extract_text() for page in reader.pages]
        metadata = _pdf_metadata(reader)
    except InputError:
        raise
    except pypdf.errors.LimitReachedError as err:
        raise PDFBombError(path, _describe(err)) from err
    except Exception as err:
        detail = _describe(err)
        if b"%%EOF" not in raw:
            detail += "; it has no %%EOF marker, so it was cut short"
        raise BrokenPDFError(path, detail) from err
    text = "\n\n".join(pages)
    if not text.strip():
        raise NoTextError(path, f"{len(pages)} page(s) without a text layer")
    return text, metadata


def _pdf_metadata(reader: pypdf.PdfReader) -> _Metadata:
    info = reader.metadata
    if info is None:
        return _Metadata()
    try:
        created = info.creation_date
    except ValueError:  # a malformed /CreationDate string
        created = None
    return _Metadata(
        title=_clean(info.title),
        # /Author is all a PDF offers: often a person or "Administrator", but better than nothing.
        publisher=_clean(info.author),
        created=created.date() if created else None,
    )


_READERS: dict[str, Callable[[Path, bytes], tuple[str, _Metadata]]] = {
    ".txt": _read_text,
    ".html": _read_html,
    ".htm": _read_html,
    ".pdf": _read_pdf,
}


def _first_line_title(text: str) -> str | None:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if 0 < len(first) < _TITLE_MAX_CHARS else None


def detect_language(text: str) -> str | None:
    """The ISO 639 code of the language a text is written in, or None when that cannot be told.

    Names and figures say nothing of the language around them, and a statement full of them
    (an English report of shelled villages spelled the Azerbaijani way) would pass for
    Azerbaijani: only the words without a capital letter or a digit are weighed. Too few of
    them (a loss tally, "Tanks – 250"), or a best guess the detector is not sure of, is None.
    """
    words = [word for word in text[:_LANGUAGE_SAMPLE_CHARS].split()
             if not any(char.isupper() or char.isdigit() for char in word)]
    sample = " ".join(words)
    if sum(char.isalpha() for char in sample) < _LANGUAGE_MIN_LETTERS:
        return None
    code, probability = _language_identifier().classify(sample)
    if code == "zxx" or probability < _LANGUAGE_MIN_PROBABILITY:  # zxx: "no linguistic content"
        return None
    return code


@functools.cache
def _language_identifier() -> LanguageIdentifier:
    # With normalised probabilities (py3langid's default gives raw log scores), so that how sure
    # the detector is can be compared with one threshold whatever the length of the text.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _describe(err: Exception) -> str:
    return str(err) or type(err).__name__
