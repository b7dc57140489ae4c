"""Reading statement files into Documents: every file here is written for real into tmp_path."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

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
    UnsupportedTypeError,
)
from claimledger.ingest import expand_inputs, read_document

ISLAMABAD_PRESS_CONFERENCE = (
    "Press Conference\n"
    "\n"
    "October 8, 2020, Islamabad\n"
    "\n"
    "(by Mr. Samir Guliyev, 2 nd Secretary)\n"
    "\n"
    "According to the information of 8 October 2020, 12:00, 31 civilians were killed and around "
    "150 wounded, meanwhile 576 houses and 72 civilian facilities were destroyed in Tərtər.\n"
)

MOD_ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Enemy losses in the Tartar direction</title>
<meta property="og:site_name" content="Ministry of Defence of Azerbaijan">
<meta name="date" content="2020-10-08">
<script>var tracker = "SCRIPT_PAYLOAD_IN_HEAD";</script>
<style>.article { color: red }</style>
</head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Enemy losses in the Tartar direction</h1>
<p>On October 7, the enemy lost 12 tanks and 3 artillery systems in the Tartar direction.</p>
<ul><li>Killed: 45 servicemen</li><li>Wounded: 120 servicemen</li></ul>
<script>document.write("SCRIPT_PAYLOAD_IN_BODY");</script>
<p>The operation continues along the entire front line.</p>
</article>
<footer>Copyright 2020</footer>
</body>
</html>
"""


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)
    return path


def make_pdf(
    text: str | None = None,
    *,
    title: str | None = None,
    author: str | None = None,
    created: dt.datetime | None = None,
    user_password: str | None = None,
) -> bytes:
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    if created:
        pdf.set_creation_date(created)
    if user_password:
        pdf.set_encryption(owner_password="owner", user_password=user_password)
    pdf.add_page()
    if text is None:
        pdf.rect(20, 20, 100, 50, style="F")  # a page of drawing only, as a scan without OCR
    else:
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("statement.txt", ISLAMABAD_PRESS_CONFERENCE)
    return buffer.getvalue()


# Plain text


def test_utf8_text_with_crlf_reads_exactly_like_read_text(tmp_path: Path) -> None:
    path = write(tmp_path / "statement.txt", ISLAMABAD_PRESS_CONFERENCE.replace("\n", "\r\n"))
    document = read_document(path)
    assert document.text == path.read_text(encoding="utf-8")
    assert "\r" not in document.text
    assert "Tərtər" in document.text
    assert document.media_type == "text/plain"
    assert document.name == "statement.txt"
    assert document.source_path == str(path)


def test_utf8_text_keeps_its_leading_and_trailing_whitespace(tmp_path: Path) -> None:
    text = "\n\n  September 28, 2020\n\nArmenia kills Azerbaijani civilians   \n\n\n"
    path = write(tmp_path / "padded.txt", text)
    assert read_document(path).text == path.read_text(encoding="utf-8") == text


def test_utf8_byte_order_mark_is_kept_so_spans_match_a_plain_utf8_reader(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.txt", codecs.BOM_UTF8 + ISLAMABAD_PRESS_CONFERENCE.encode("utf-8"))
    assert read_document(path).text == path.read_text(encoding="utf-8") == "\ufeff" + ISLAMABAD_PRESS_CONFERENCE


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    data = ISLAMABAD_PRESS_CONFERENCE.replace("\n", "\r\n").encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path = write(tmp_path / "notepad_unicode.txt", data)
    assert read_document(path).text == ISLAMABAD_PRESS_CONFERENCE


def test_cp1251_russian_statement_is_decoded(tmp_path: Path) -> None:
    text = (
        "Министерство обороны сообщает\n"
        "По уточнённым данным, противник потерял 12 танков и 3 артиллерийские системы. "
        "Ранены 120 военнослужащих, уничтожены 5 единиц техники на тертерском направлении.\n"
    )
    path = write(tmp_path / "mod_ru.txt", text.encode("cp1251"))
    assert read_document(path).text == text


def test_cp1252_text_too_short_to_guess_is_an_encoding_error(tmp_path: Path) -> None:
    path = write(tmp_path / "cafe.txt", "café résumé".encode("cp1252"))
    with pytest.raises(EncodingError) as caught:
        read_document(path)
    assert "not UTF-8" in str(caught.value)
    assert "save it as UTF-8" in str(caught.value)


def test_cp1252_french_communique_decodes_correctly_or_names_the_rival_encodings(tmp_path: Path) -> None:
    text = (
        "Communiqué du ministère de la Défense. Selon les données préliminaires, 12 soldats ont été "
        "blessés et 3 véhicules détruits près de la ville. "
    ) * 3
    path = write(tmp_path / "communique.txt", text.encode("cp1252"))
    try:
        assert read_document(path).text == text
    except EncodingError as err:
        assert "cp1252" in str(err)


@pytest.mark.parametrize("data", [b"", b" \r\n\t \n"], ids=["zero_bytes", "whitespace_only"])
@pytest.mark.parametrize("suffix", [".txt", ".html", ".pdf"])
def test_empty_file(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = write(tmp_path / f"empty{suffix}", data)
    with pytest.raises(EmptyFileError):
        read_document(path)


def test_whitespace_only_utf16_file_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path / "blank.txt", "  \r\n \r\n".encode("utf-16"))
    with pytest.raises(EmptyFileError):
        read_document(path)


@pytest.mark.parametrize("make", [png_bytes, zip_bytes], ids=["png", "zip"])
def test_binary_file_renamed_txt(tmp_path: Path, make) -> None:
    path = write(tmp_path / "statement.txt", make())
    with pytest.raises(BinaryFileError):
        read_document(path)


def test_control_characters_without_nul_bytes_are_binary(tmp_path: Path) -> None:
    junk = bytes(range(1, 32)) * 20 + b"casualties"
    path = write(tmp_path / "terminal_dump.txt", junk)
    with pytest.raises(BinaryFileError):
        read_document(path)


def test_file_over_max_bytes(tmp_path: Path) -> None:
    path = write(tmp_path / "long.txt", ISLAMABAD_PRESS_CONFERENCE)
    with pytest.raises(FileTooLargeError) as caught:
        read_document(path, max_bytes=100)
    size = path.stat().st_size
    assert f"{size:,} bytes" in str(caught.value)
    assert "limit 100" in str(caught.value)


def test_file_at_max_bytes_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "exact.txt", ISLAMABAD_PRESS_CONFERENCE)
    size = path.stat().st_size
    assert read_document(path, max_bytes=size).text == ISLAMABAD_PRESS_CONFERENCE


# Metadata read from the text


def test_embassy_press_conference_dated_by_its_heading_line(tmp_path: Path) -> None:
    path = write(tmp_path / "000_press_conference.txt", ISLAMABAD_PRESS_CONFERENCE)
    document = read_document(path)
    assert document.published == dt.date(2020, 10, 8)
    assert document.title == "Press Conference"


def test_english_statement_language_is_en(tmp_path: Path) -> None:
    path = write(tmp_path / "statement.txt", ISLAMABAD_PRESS_CONFERENCE)
    assert read_document(path).language == "en"


def test_too_short_text_has_no_language(tmp_path: Path) -> None:
    path = write(tmp_path / "figures.txt", "12 / 45 / 120\n")
    assert read_document(path).language is None


@pytest.mark.parametrize("tally", [
    "Tanks – 250\nBMP – 40\nAircraft – 2\nUAVs – 12\nArtillery systems – 101\nAnti-aircraft systems – 9\n",
    "Enemy losses as of 20.10.2020:\nPersonnel – about 4 100\nTanks and ACVs – 230\nMLRS – 35\n"
    "Helicopters – 2\nUAVs – 164\nOperational-tactical missiles – 6\n",
])
def test_english_loss_tally_is_not_taken_for_another_language(tmp_path: Path, tally: str) -> None:
    # Labels and figures are too little to tell a language by: no guess rather than a wrong one.
    assert read_document(write(tmp_path / "tally.txt", tally)).language in (None, "en")


def test_english_statement_dense_with_azerbaijani_place_names_is_english(tmp_path: Path) -> None:
    statement = (
        "As a result of the shelling of Tərtər, Goranboy, Ağdam and Ağcabədi, houses were damaged in "
        "the villages of Qaradağlı, Şıxarx, Həsənqaya, Borsunlu, Qapanlı, Sarov and Yuxarı Quzanlı. "
        "The shelling of Bərdə and Gəncə also continues, and Mingəçevir, Naftalan and Xızı were reached "
        "by rockets.\n"
    )
    assert read_document(write(tmp_path / "shelling.txt", statement)).language == "en"


@pytest.mark.parametrize(("language", "paragraph"), [
    ("ru", "По данным министерства обороны, в течение ночи противник потерял несколько десятков "
           "беспилотников и единиц бронетехники, а обстрелы приграничных сёл продолжаются."),
    ("fr", "Le ministère arménien de la Défense a annoncé ce matin que les forces adverses avaient perdu "
           "plusieurs dizaines de drones et de blindés au cours de la nuit, tandis que les bombardements "
           "sur les villages frontaliers se poursuivaient."),
    ("hy", "Հայաստանի պաշտպանության նախարարությունը այսօր առավոտյան հայտարարեց, որ գիշերվա ընթացքում "
           "հակառակորդը կորցրել է տասնյակ անօդաչու թռչող սարքեր և զրահատեխնիկա, իսկ սահմանամերձ "
           "գյուղերի հրետակոծությունը շարունակվում է։"),
])
def test_statement_in_another_language_is_detected(tmp_path: Path, language: str, paragraph: str) -> None:
    assert read_document(write(tmp_path / "statement.txt", paragraph + "\n")).language == language


def test_first_line_is_no_title_when_it_is_a_whole_paragraph(tmp_path: Path) -> None:
    path = write(tmp_path / "one_paragraph.txt", "The enemy lost 12 tanks. " * 20)
    assert read_document(path).title is None


def test_same_statement_saved_twice_has_one_content_hash(tmp_path: Path) -> None:
    lf = read_document(write(tmp_path / "a.txt", ISLAMABAD_PRESS_CONFERENCE))
    crlf = read_document(write(tmp_path / "copy" / "b.txt", ISLAMABAD_PRESS_CONFERENCE.replace("\n", "\r\n")))
    utf16 = read_document(write(tmp_path / "c.txt", ISLAMABAD_PRESS_CONFERENCE.encode("utf-16")))
    other = read_document(write(tmp_path / "d.txt", ISLAMABAD_PRESS_CONFERENCE.replace("31", "32")))
    assert lf.content_hash == crlf.content_hash == utf16.content_hash
    assert other.content_hash != lf.content_hash
    assert len(lf.content_hash) == 64


# HTML


def test_html_article_text_title_publisher_and_date(tmp_path: Path) -> None:
    path = write(tmp_path / "mod.html", MOD_ARTICLE_HTML)
    document = read_document(path)
    assert "the enemy lost 12 tanks and 3 artillery systems" in document.text
    assert "Killed: 45 servicemen" in document.text
    assert "The operation continues" in document.text
    assert "SCRIPT_PAYLOAD" not in document.text
    assert "color: red" not in document.text
    assert document.title == "Enemy losses in the Tartar direction"
    assert document.publisher == "Ministry of Defence of Azerbaijan"
    assert document.published == dt.date(2020, 10, 8)
    assert document.media_type == "text/html"
    assert document.language == "en"


def test_html_paragraphs_and_list_items_are_lines(tmp_path: Path) -> None:
    document = read_document(write(tmp_path / "mod.htm", MOD_ARTICLE_HTML))
    lines = document.text.splitlines()
    assert any(line.endswith("Killed: 45 servicemen") for line in lines)
    assert any(line.endswith("Wounded: 120 servicemen") for line in lines)


def test_hostile_html_leaks_no_active_content(tmp_path: Path) -> None:
    html = """<html><head>
<script>alert("SCRIPT_IN_HEAD")</script>
<style>body::after { content: "STYLE_CONTENT" }</style>
</head>
<body onload="steal('ONLOAD_HANDLER')">
<noscript>NOSCRIPT_NAG please enable JavaScript</noscript>
<iframe src="https://tracker.example/frame">IFRAME_FALLBACK</iframe>
<p>On October 14, operational-tactical missile systems deployed near Kalbajar were neutralized.
<a href="javascript:steal('JS_LINK')">Read more</a></p>
<p>Five launchers were destroyed, according to the Ministry of Defence.</p>
<script type="text/javascript">var leak = "SCRIPT_IN_BODY";</script>
<template><p>TEMPLATE_CONTENT</p></template>
</body></html>"""
    document = read_document(write(tmp_path / "hostile.html", html))
    assert "missile systems deployed near Kalbajar were neutralized" in document.text
    for payload in (
        "SCRIPT_IN_HEAD", "STYLE_CONTENT", "ONLOAD_HANDLER", "NOSCRIPT_NAG", "IFRAME_FALLBACK",
        "JS_LINK", "javascript:", "SCRIPT_IN_BODY", "TEMPLATE_CONTENT",
    ):
        assert payload not in document.text


def test_html_of_scripts_only_is_broken(tmp_path: Path) -> None:
    html = """<html><head><script>var text = "The enemy lost 12 tanks";</script></head>
<body><script src="/app.js"></script><noscript>Please enable JavaScript to view this page.</noscript>
<script>render("The enemy lost 12 tanks")</script></body></html>"""
    with pytest.raises(BrokenHTMLError):
        read_document(write(tmp_path / "spa.html", html))


def test_html_truncated_mid_tag_still_yields_its_paragraph(tmp_path: Path) -> None:
    cut = MOD_ARTICLE_HTML.index("<script>document.write") + len("<scr")
    document = read_document(write(tmp_path / "truncated.html", MOD_ARTICLE_HTML[:cut]))
    assert "the enemy lost 12 tanks and 3 artillery systems" in document.text


def test_html_fragment_without_html_tag(tmp_path: Path) -> None:
    fragment = "<p>On October 7, the enemy lost 12 tanks and 3 artillery systems in the Tartar direction.</p>"
    document = read_document(write(tmp_path / "fragment.html", fragment))
    assert document.text == "On October 7, the enemy lost 12 tanks and 3 artillery systems in the Tartar direction."


def test_html_meta_charset_windows_1251_is_respected(tmp_path: Path) -> None:
    html = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Сводка</title></head><body><p>По уточнённым данным, противник потерял 12 танков и 3 артиллерийские
системы на тертерском направлении.</p></body></html>"""
    document = read_document(write(tmp_path / "svodka.html", html.encode("cp1251")))
    assert "противник потерял 12 танков" in document.text
    assert document.title == "Сводка"
    assert document.language == "ru"


def test_html_with_a_control_character_keeps_its_text(tmp_path: Path) -> None:
    html = "<html><body><p>On October 7, the enemy\x0b lost 12 tanks in the Tartar direction.</p></body></html>"
    document = read_document(write(tmp_path / "vertical_tab.html", html))
    assert "lost 12 tanks" in document.text


def test_html_heading_date_when_the_page_has_no_date_metadata(tmp_path: Path) -> None:
    html = f"<html><body><pre>{ISLAMABAD_PRESS_CONFERENCE}</pre></body></html>"
    document = read_document(write(tmp_path / "press.html", html))
    assert document.published == dt.date(2020, 10, 8)


def test_binary_file_renamed_html(tmp_path: Path) -> None:
    with pytest.raises(BinaryFileError):
        read_document(write(tmp_path / "page.html", png_bytes()))


# PDF


def test_pdf_text_and_metadata(tmp_path: Path) -> None:
    pdf = make_pdf(
        "October 8, 2020, Islamabad\nThe enemy lost 12 tanks and 3 artillery systems in the Tartar direction.",
        title="Press release of the Embassy",
        author="Embassy of Azerbaijan",
        created=dt.datetime(2020, 10, 9, tzinfo=dt.timezone.utc),
    )
    document = read_document(write(tmp_path / "release.pdf", pdf))
    assert "The enemy lost 12 tanks and 3 artillery systems" in document.text
    assert document.title == "Press release of the Embassy"
    assert document.publisher == "Embassy of Azerbaijan"
    assert document.published == dt.date(2020, 10, 8)  # the heading wins over /CreationDate
    assert document.media_type == "application/pdf"
    assert document.language == "en"


def test_pdf_creation_date_when_the_text_names_no_date(tmp_path: Path) -> None:
    pdf = make_pdf(
        "The enemy lost 12 tanks and 3 artillery systems in the Tartar direction.",
        created=dt.datetime(2020, 10, 9, tzinfo=dt.timezone.utc),
    )
    assert read_document(write(tmp_path / "undated.pdf", pdf)).published == dt.date(2020, 10, 9)


def test_pdf_pages_are_joined_by_a_blank_line(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for page in ("First page: 12 tanks destroyed.", "Second page: 3 artillery systems destroyed."):
        pdf.add_page()
        pdf.cell(0, 10, page)
    document = read_document(write(tmp_path / "two_pages.pdf", bytes(pdf.output())))
    assert document.text == "First page: 12 tanks destroyed.\n\nSecond page: 3 artillery systems destroyed."


def test_truncated_pdf_is_broken(tmp_path: Path) -> None:
    pdf = make_pdf("The enemy lost 12 tanks and 3 artillery systems in the Tartar direction.")
    with pytest.raises(BrokenPDFError) as caught:
        read_document(write(tmp_path / "download_cut.pdf", pdf[: len(pdf) // 2]))
    assert "cut short" in str(caught.value)


def test_a_pdf_of_more_pages_than_any_statement_is_refused_before_its_text_is_read(tmp_path: Path) -> None:
    # Thousands of pages, each cheap to store and slow to read: refused at once, naming the count and the limit.
    from claimledger.errors import TooManyPagesError
    from claimledger.ingest import MAX_PDF_PAGES

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for _ in range(MAX_PDF_PAGES + 1):
        pdf.add_page()
        pdf.cell(0, 8, "12 civilians were wounded.")
    with pytest.raises(TooManyPagesError, match=f"{MAX_PDF_PAGES + 1:,} pages, limit {MAX_PDF_PAGES:,}"):
        read_document(write(tmp_path / "archive.pdf", bytes(pdf.output())))


def test_a_pdf_of_more_pages_than_the_limit_given_is_refused_and_one_within_it_read(tmp_path: Path) -> None:
    from claimledger.errors import TooManyPagesError

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for page in ("Armenian shelling wounded 4 civilians in Tartar.", "Azerbaijani drones hit 3 houses in Martuni.",
                 "Russian strikes damaged 12 buildings in Kharkiv."):
        pdf.add_page()
        pdf.cell(0, 10, page)
    path = write(tmp_path / "three_pages.pdf", bytes(pdf.output()))
    with pytest.raises(TooManyPagesError, match="three_pages.pdf.*3 pages, limit 2"):
        read_document(path, max_pages=2)
    assert read_document(path, max_pages=3).text.count("\n\n") == 2


def test_password_protected_pdf_is_broken(tmp_path: Path) -> None:
    pdf = make_pdf("The enemy lost 12 tanks.", user_password="secret")
    with pytest.raises(BrokenPDFError) as caught:
        read_document(write(tmp_path / "locked.pdf", pdf))
    assert "encrypted" in str(caught.value)


def test_scanned_pdf_without_text_layer_has_no_text(tmp_path: Path) -> None:
    with pytest.raises(NoTextError):
        read_document(write(tmp_path / "scan.pdf", make_pdf(None)))


@pytest.mark.parametrize(
    "data",
    [ISLAMABAD_PRESS_CONFERENCE.encode("utf-8"), png_bytes()],
    ids=["text", "png"],
)
def test_file_that_is_not_a_pdf_renamed_pdf(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(BrokenPDFError) as caught:
        read_document(write(tmp_path / "statement.pdf", data))
    assert "not a PDF" in str(caught.value)


# Files that cannot be read at all


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = write(tmp_path / "statement.docx", zip_bytes())
    with pytest.raises(UnsupportedTypeError) as caught:
        read_document(path)
    assert ".docx" in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileMissingError):
        read_document(tmp_path / "nowhere.txt")


def test_folder_named_like_a_file(tmp_path: Path) -> None:
    (tmp_path / "archive.txt").mkdir()
    with pytest.raises(FileMissingError) as caught:
        read_document(tmp_path / "archive.txt")
    assert "folder" in str(caught.value)


def test_suffix_case_does_not_matter(tmp_path: Path) -> None:
    document = read_document(write(tmp_path / "STATEMENT.TXT", ISLAMABAD_PRESS_CONFERENCE))
    assert document.media_type == "text/plain"


def bad_files(tmp_path: Path) -> list[tuple[Path, int]]:
    """One file for each InputError read_document raises, with the size limit to read it under."""
    pdf = make_pdf("The enemy lost 12 tanks.")
    return [
        (tmp_path / "missing.txt", 10_000),
        (write(tmp_path / "a.docx", b"PK"), 10_000),
        (write(tmp_path / "empty.txt", b""), 10_000),
        (write(tmp_path / "big.txt", ISLAMABAD_PRESS_CONFERENCE), 100),
        (write(tmp_path / "png.txt", png_bytes()), 10_000),
        (write(tmp_path / "cafe.txt", "café résumé".encode("cp1252")), 10_000),
        (write(tmp_path / "spa.html", "<html><body><script>go()</script></body></html>"), 10_000),
        (write(tmp_path / "cut.pdf", pdf[: len(pdf) // 2]), 10_000),
        (write(tmp_path / "scan.pdf", make_pdf(None)), 10_000),
    ]


def test_every_error_names_the_file(tmp_path: Path) -> None:
    raised: set[type[InputError]] = set()
    for path, max_bytes in bad_files(tmp_path):
        with pytest.raises(InputError) as caught:
            read_document(path, max_bytes=max_bytes)
        assert str(caught.value).startswith(f"{path}: ")
        raised.add(type(caught.value))
    assert raised == {
        FileMissingError, UnsupportedTypeError, EmptyFileError, FileTooLargeError, BinaryFileError,
        EncodingError, BrokenHTMLError, BrokenPDFError, NoTextError,
    }


# Expanding command-line inputs


@pytest.fixture
def statement_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in (
        "docs/2020-10-08_islamabad.txt",
        "docs/mod/day_12.html",
        "docs/mod/archive/day_01.HTM",
        "docs/embassy/release.pdf",
        "docs/README.md",
        "docs/mod/notes.docx",
        "docs/.draft.txt",
        "docs/.git/cached.txt",
        "other/loose.txt",
    ):
        write(tmp_path / name, "x")
    return tmp_path


def test_expand_folder_tree_skips_hidden_and_unsupported_files(statement_tree: Path) -> None:
    paths, errors = expand_inputs(["docs"])
    assert errors == []
    assert paths == [
        Path("docs/2020-10-08_islamabad.txt"),
        Path("docs/embassy/release.pdf"),
        Path("docs/mod/archive/day_01.HTM"),
        Path("docs/mod/day_12.html"),
    ]


def test_expand_unexpanded_glob(statement_tree: Path) -> None:
    paths, errors = expand_inputs(["docs/**/*.html"])
    assert errors == []
    assert paths == [Path("docs/mod/day_12.html")]


def test_expand_reports_missing_paths_and_empty_globs(statement_tree: Path) -> None:
    paths, errors = expand_inputs(["docs/missing.txt", "docs/**/*.rtf", "docs/*.md", "other"])
    assert paths == [Path("other/loose.txt")]
    assert [type(err) for err in errors] == [FileMissingError, FileMissingError, FileMissingError]
    assert [err.path for err in errors] == ["docs/missing.txt", "docs/**/*.rtf", "docs/*.md"]


def test_expand_file_named_with_unsupported_suffix(statement_tree: Path) -> None:
    paths, errors = expand_inputs(["docs/README.md"])
    assert paths == []
    assert len(errors) == 1 and isinstance(errors[0], UnsupportedTypeError)
    assert str(errors[0]).startswith("docs/README.md: ")


def test_expand_hidden_file_named_outright_is_kept(statement_tree: Path) -> None:
    paths, errors = expand_inputs(["docs/.draft.txt"])
    assert (paths, errors) == ([Path("docs/.draft.txt")], [])


def test_expand_deduplicates_overlapping_inputs_keeping_the_given_spelling(statement_tree: Path) -> None:
    absolute = str(statement_tree / "docs" / "embassy" / "release.pdf")
    paths, errors = expand_inputs(["docs/embassy", "docs/embassy/release.pdf", "./docs/embassy/", absolute, "docs/*/*.pdf"])
    assert errors == []
    assert len(paths) == 1
    assert paths[0].resolve() == Path(absolute).resolve()


# --------------------------------------------------------------------------- hostile files


def _bomb_pdf(inflated_bytes: int) -> bytes:
    """A one-page PDF whose compressed content stream inflates to `inflated_bytes` of text operators."""
    import zlib

    operator = b"BT /F1 12 Tf 72 720 Td (12 tanks destroyed) Tj ET\n"
    stream = zlib.compress(operator * (inflated_bytes // len(operator)), 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)


def test_a_pdf_whose_stream_inflates_past_the_limit_is_refused_as_a_bomb(tmp_path: Path) -> None:
    from claimledger.errors import PDFBombError

    path = write(tmp_path / "bulletin.pdf", _bomb_pdf(100_000_000))
    assert path.stat().st_size < 1_000_000
    with pytest.raises(PDFBombError, match="bulletin.pdf: a compressed part of the PDF inflates beyond the limit"):
        read_document(path)


def test_a_link_to_itself_is_one_input_that_fails_alone_when_read(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", "Baku, October 5, 2020. 3 civilians were killed in Tartar.")
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    paths, errors = expand_inputs([str(tmp_path)])
    assert (paths, errors) == ([tmp_path / "good.txt", tmp_path / "loop.txt"], [])
    with pytest.raises(InputError, match="loop.txt: cannot be read .*symbolic links"):
        read_document(tmp_path / "loop.txt")


def test_a_fifo_named_like_a_statement_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(InputError, match="pipe.txt: cannot be read \\(not a regular file\\)"):
        read_document(tmp_path / "pipe.txt")


def test_links_that_lead_back_up_the_tree_are_not_followed_by_a_folder_or_a_glob(tmp_path: Path) -> None:
    # Two links back up the tree: a walk that followed them would visit 2^40 paths. The time limit turns a hang into
    # a failure of this test.
    from claimledger.pipeline import time_limit

    write(tmp_path / "war" / "day_1.txt", "Stepanakert, 3 October 2020. 4 civilians were wounded in Martuni.")
    write(tmp_path / "war" / "sub" / "day_2.txt", "Kyiv, 3 March 2022. 11 civilians were killed in Kharkiv.")
    (tmp_path / "war" / "sub" / "up").symlink_to("..")
    (tmp_path / "war" / "sub" / "top").symlink_to(tmp_path / "war")
    expected = [tmp_path / "war" / "day_1.txt", tmp_path / "war" / "sub" / "day_2.txt"]
    with time_limit(20, "the walk"):
        assert expand_inputs([str(tmp_path / "war")]) == (expected, [])
        assert expand_inputs([str(tmp_path / "war" / "**" / "*.txt")]) == (expected, [])


def test_html_nested_a_thousand_elements_deep_keeps_its_text(tmp_path: Path) -> None:
    text = "Azerbaijani drones struck Stepanakert; 5 civilians were wounded."
    page = f"<html><body>{'<div>' * 1000}<p>{text}</p>{'</div>' * 1000}</body></html>"
    assert read_document(write(tmp_path / "deep.html", page)).text == text


def test_html_nested_far_deeper_than_any_page_is_refused_with_a_hint(tmp_path: Path) -> None:
    page = f"<html><body>{'<div>' * 100_000}<p>3 civilians were killed.</p>{'</div>' * 100_000}</body></html>"
    with pytest.raises(BrokenHTMLError, match="abyss.html: .*its elements are nested [0-9,]+ deep, more than any page.s 2,000"):
        read_document(write(tmp_path / "abyss.html", page))


def test_a_text_of_two_encodings_at_once_is_refused_naming_the_encoding_option(tmp_path: Path) -> None:
    mixed = ("Kyiv – 12 tanks destroyed near Bakhmut, ".encode("utf-8")
             + "“the ministry” said – 5 drones were shot down".encode("cp1252"))
    with pytest.raises(EncodingError, match="mixed.txt: .*not UTF-8.*--encoding"):
        read_document(write(tmp_path / "mixed.txt", mixed))
