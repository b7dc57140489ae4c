"""The HTML report with charts, over a real ledger: statements of both sides written for these tests (one of them
hostile), independent counts, ingested through the whole pipeline; and the shipped sample statements."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from claimledger.cli import app
from claimledger.errors import ReportFolderError
from claimledger.ledger import Ledger, StoredClaim
from claimledger.models import Claim
from claimledger.pipeline import ingest_paths
from claimledger.reconcile import document_days, read_reference_csv
from claimledger.report import PALETTE, claimant_colours, write_report

AZ_MOD = "Ministry of Defense of the Republic of Azerbaijan\nBaku, {date}, 2020\n\n"
AM_MOD = "Ministry of Defence of the Republic of Armenia\nYerevan, {date}, 2020\n\n"
AZ_SHELLING = "as a result of the shelling by the armed forces of Armenia"
HOSTILE_QUOTE = "Tanks <script>alert</script> – 410"

# Both sides count Armenia's tank losses (Azerbaijan 130, 250; Armenia 30, 50), and each side its own civilian
# deaths, Azerbaijan's last in a retrospective that dates nothing but the war's end. Armenia's statement of
# October 10 hides a script tag in a list item's label, which becomes the quote of its claim of 410 tanks.
CORPUS = {
    "az_1005.txt": AZ_MOD.format(date="October 5") + "As of October 5, a total of 22 civilians have been killed and "
    f"80 civilians wounded {AZ_SHELLING}.\nSince September 27, the enemy has lost 130 tanks.\n",
    "az_1008.txt": AZ_MOD.format(date="October 8") + "As of October 8, a total of 31 civilians have been killed and "
    f"around 150 civilians wounded {AZ_SHELLING}.\nSince September 27, the enemy has lost 250 tanks.\n",
    "az_retrospective.txt": "Ministry of Foreign Affairs of the Republic of Azerbaijan\n\nThe war began on "
    "September 27, 2020. The military activities ended on November 10. As a result of Armenia's attacks 101 "
    "Azerbaijani civilians were killed.\n",
    "am_1006.txt": AM_MOD.format(date="October 6") + "As of October 6, a total of 19 civilians have been killed by "
    "Azerbaijani shelling. Since September 27, the Armenian side has lost 30 tanks, and the adversary has lost "
    "300 tanks.\n",
    "am_1009.txt": AM_MOD.format(date="October 9") + "As of October 9, a total of 25 civilians have been killed by "
    "Azerbaijani shelling. Since September 27, the Armenian side has lost 50 tanks, and the adversary has lost "
    "400 tanks.\n",
    "am_1010.txt": AM_MOD.format(date="October 10") + "As of October 10, the losses of the adversary are:\n"
    f"o {HOSTILE_QUOTE}\n",
}

REFERENCES_CSV = textwrap.dedent("""\
    source,kind,outcome,what,affected,date,value,url,note
    Visual confirmations,materiel,lost,tank,Armenia,2020-10-09,100,https://example.org/am,photos and videos
    Visual confirmations,materiel,lost,tank,Azerbaijan,2020-10-09,20,https://example.org/az,
    Casualty recorder,casualties,killed,civilians,Azerbaijan,2020-10-08,30,,named victims
    """)

SVG = "{http://www.w3.org/2000/svg}svg"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def corpus_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("both_sides")
    for name, text in CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "references.csv").write_text(REFERENCES_CSV, encoding="utf-8")
    db = folder / "ledger.sqlite"
    with Ledger(db) as ledger:
        assert not ingest_paths(sorted(folder.glob("*.txt")), ledger).failed
        ledger.import_references(read_reference_csv(folder / "references.csv", on_error=pytest.fail))
    return db


@pytest.fixture(scope="module")
def report_dir(corpus_ledger: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "story"
    result = run("report", "--out", out, "--db", corpus_ledger)
    assert result.exit_code == 0, result.output
    charts = sorted((out / "charts").glob("*.svg"))
    assert f"wrote {out / 'index.html'} with {len(charts)} charts" in result.output
    return out


# --------------------------------------------------------------------------- reading the page back


@dataclass
class Table:
    heading: str  # the h3 (else h2) above it
    section: str  # the id of its section
    rows: list[list[str]] = field(default_factory=list)


class Page(HTMLParser):
    """The parts of a report page the tests look at: elements, sections, headings, images, links, tables, text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.section_ids: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.links: list[str] = []
        self.tables: list[Table] = []
        self.text: list[str] = []
        self._heading: str | None = None
        self._last_heading = ""
        self._cell: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if tag == "section":
            self.section_ids.append(found.get("id") or "")
        elif tag == "img":
            self.images.append(found)
        elif tag == "a":
            self.links.append(found.get("href") or "")
        elif tag in ("h2", "h3"):
            self._heading = ""
        elif tag == "table":
            self.tables.append(Table(self._last_heading, self.section_ids[-1] if self.section_ids else ""))
        elif tag == "tr":
            self.tables[-1].rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3") and self._heading is not None:
            self._last_heading, self._heading = self._heading.strip(), None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1].rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            self._heading += data
        if self._cell is not None:
            self._cell.append(data)

    def table(self, heading: str) -> list[list[str]]:
        """The rows (header first) of the one table under `heading`."""
        found = [table for table in self.tables if table.heading == heading]
        assert len(found) == 1, [table.heading for table in self.tables]
        return found[0].rows

    def all_text(self) -> str:
        return " ".join("".join(self.text).split())


def read_page(out: Path) -> Page:
    return Page((out / "index.html").read_text(encoding="utf-8"))


def rows_as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    header, *body = rows
    return [dict(zip(header, row)) for row in body]


# --------------------------------------------------------------------------- the report of both sides


def test_the_page_is_self_contained_and_every_chart_it_shows_is_an_svg_file(report_dir: Path) -> None:
    page = read_page(report_dir)
    assert page.tags.count("html") == 1 and page.tags.count("body") == 1
    assert page.section_ids == ["series", "side-by-side", "claimed-confirmed", "anomalies", "allegations", "method"]
    assert "script" not in page.tags and "link" not in page.tags
    assert all(href.startswith("#") for href in page.links)  # nothing outside the page
    sources = [image["src"] or "" for image in page.images]
    assert sources and all(re.fullmatch(r"charts/[a-z-]+(-[0-9a-f]{10})?\.svg", src) for src in sources)
    assert all(image["alt"] for image in page.images)
    for src in sources:
        assert ElementTree.parse(report_dir / src).getroot().tag == SVG
    assert sorted(sources) == sorted(f"charts/{path.name}" for path in (report_dir / "charts").iterdir())


def test_every_point_of_a_series_is_listed_with_its_quote_day_and_document(report_dir: Path) -> None:
    page = read_page(report_dir)
    killed = rows_as_dicts(page.table("Azerbaijan: casualties killed civilians (Azerbaijan)"))
    # The retrospective gives its figure no date: it stands at the latest date the document mentions.
    assert [(row["day"], row["figure"], row["running total / event"], row["quote"], row["document"])
            for row in killed] == [
        ("2020-10-05", "22", "running total", "“a total of 22 civilians”", "az_1005.txt"),
        ("2020-10-08", "31", "running total", "“a total of 31 civilians”", "az_1008.txt"),
        ("placed at 2020-11-10 (latest date in document)", "101", "running total", "“101 Azerbaijani civilians”",
         "az_retrospective.txt"),
    ]
    wounded = rows_as_dicts(page.table("Azerbaijan: casualties wounded civilians (Azerbaijan)"))
    assert [row["figure"] for row in wounded] == ["80", "around 150"]
    tanks = rows_as_dicts(page.table("Azerbaijan: materiel lost tank (Armenia)"))
    assert [(row["day"], row["figure"], row["document"]) for row in tanks] == [
        ("2020-09-27 to 2020-10-05", "130", "az_1005.txt"), ("2020-09-27 to 2020-10-08", "250", "az_1008.txt")]


def test_a_script_in_a_statement_is_shown_as_text_never_run(report_dir: Path) -> None:
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    assert "script" not in page.tags
    assert "<script" not in html.casefold()
    assert "Tanks &lt;script&gt;alert&lt;/script&gt; – 410" in html
    rows = rows_as_dicts(page.table("Armenia: materiel lost tank (Azerbaijan)"))
    assert rows[-1]["quote"] == f"“{HOSTILE_QUOTE}”" and rows[-1]["document"] == "am_1010.txt"


def test_two_runs_give_the_same_chart_files(corpus_ledger: Path, tmp_path: Path) -> None:
    with Ledger(corpus_ledger) as ledger:
        claims, days = ledger.claims(), document_days(ledger.documents())
        references = [stored.reference for stored in ledger.references()]
    first = write_report(tmp_path / "first", claims, days, references, ledger_name="a",
                         generated_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    second = write_report(tmp_path / "second", claims, days, references, ledger_name="a",
                          generated_at=dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc))
    assert len(first.charts) >= 4
    assert [path.name for path in first.charts] == [path.name for path in second.charts]
    for one, other in zip(first.charts, second.charts):
        assert one.read_bytes() == other.read_bytes(), one.name
    assert "2024-01-01 00:00 UTC" in first.index.read_text(encoding="utf-8")


def test_a_metric_both_sides_state_is_set_side_by_side_with_ranges(report_dir: Path) -> None:
    page = read_page(report_dir)
    label = "materiel lost tank (Armenia)"
    assert f"Stated by: Armenia, Azerbaijan, independent count: Visual confirmations." in page.all_text()
    charts = [image["src"] for image in page.images if image["alt"] == f"Side-by-side chart: {label}"]
    assert len(charts) == 1 and (charts[0] or "").startswith("charts/compare-")
    ranges = {row["day"]: row for row in rows_as_dicts(page.table(label))}
    # Armenia admits 50, Azerbaijan claims 250, the independent count is 100: the count is the best estimate.
    assert (ranges["2020-10-09"]["low"], ranges["2020-10-09"]["best"], ranges["2020-10-09"]["high"],
            ranges["2020-10-09"]["best from"]) == ("50", "100", "250", "reference: Visual confirmations")
    # One claimant and an independent count are enough.
    assert "casualties killed civilians (Azerbaijan)" in [table.heading for table in page.tables
                                                          if table.section == "side-by-side"]


def test_a_claimant_has_the_same_colour_in_every_chart(report_dir: Path) -> None:
    assert claimant_colours(["Azerbaijan", None, "Armenia"]) == {
        "Armenia": PALETTE[0], "Azerbaijan": PALETTE[1], None: "#7F7F7F"}
    page = read_page(report_dir)
    svg = {image["alt"]: (report_dir / (image["src"] or "")).read_text(encoding="utf-8").casefold()
           for image in page.images}
    armenia, azerbaijan = PALETTE[0].casefold(), PALETTE[1].casefold()
    armenian_series = svg["Timeline chart: Armenia: materiel lost tank (Azerbaijan)"]
    azerbaijani_series = svg["Timeline chart: Azerbaijan: materiel lost tank (Armenia)"]
    assert armenia in armenian_series and azerbaijani_series.count(armenia) == 0
    assert azerbaijan in azerbaijani_series
    side_by_side = svg["Side-by-side chart: materiel lost tank (Armenia)"]
    assert armenia in side_by_side and azerbaijan in side_by_side


def test_claimed_against_confirmed_with_each_claimants_reporting_bias(report_dir: Path) -> None:
    page = read_page(report_dir)
    ratios = {(row["claimant"], row["metric"]): row["ratio"]
              for table in page.tables if table.section == "claimed-confirmed" and table.rows[0][0] == "claimant"
              and "ratio" in table.rows[0] for row in rows_as_dicts(table.rows)}
    assert ratios == {
        ("Armenia", "materiel lost tank (Armenia)"): "0.50",
        ("Armenia", "materiel lost tank (Azerbaijan)"): "20.00",
        ("Azerbaijan", "casualties killed civilians (Azerbaijan)"): "1.03",
        ("Azerbaijan", "materiel lost tank (Armenia)"): "2.50",
    }
    bias = rows_as_dicts(page.table("Reporting bias per claimant"))
    assert [(row["claimant"], row["own losses: median ratio"], row["other side's losses: median ratio"])
            for row in bias] == [("Armenia", "0.50", "20.00"), ("Azerbaijan", "1.03", "2.50")]
    assert "A ratio of 1 means the claim is what was independently confirmed" in page.all_text()
    assert any(image["src"] == "charts/claimed-vs-confirmed.svg" for image in page.images)


def test_the_method_says_every_figure_is_a_claim_and_names_the_ledger(report_dir: Path, corpus_ledger: Path) -> None:
    text = read_page(report_dir).all_text()
    assert "Every figure is a claim by the named claimant, not a fact." in text
    assert "UCDP GED" in text and str(corpus_ledger) in text
    assert re.search(r"generated \d{4}-\d\d-\d\d \d\d:\d\d UTC", text)


def test_anomalies_are_listed_with_their_reasons_and_claims(tmp_path: Path) -> None:
    # A running total of tanks lower than the one stated three days before.
    folder = tmp_path / "statements"
    folder.mkdir()
    for name in ("az_1005.txt", "az_1008.txt"):
        (folder / name).write_text(CORPUS[name], encoding="utf-8")
    (folder / "az_1011.txt").write_text(AZ_MOD.format(date="October 11") + "Since September 27, the enemy has "
                                        "lost 240 tanks.\n", encoding="utf-8")
    db = tmp_path / "ledger.sqlite"
    with Ledger(db) as ledger:
        assert not ingest_paths(sorted(folder.glob("*.txt")), ledger).failed
    assert run("report", "--out", tmp_path / "out", "--db", db).exit_code == 0
    rows = rows_as_dicts(read_page(tmp_path / "out").table("4. Anomalies"))
    assert len(rows) == 1 and rows[0]["anomaly"] == "running total goes down"
    assert "goes down from 250" in rows[0]["why"] and "az_1011.txt" in rows[0]["why"]
    assert re.fullmatch(r"\d+, \d+", rows[0]["claims"])


def test_figures_of_one_weapon_model_are_set_side_by_side(tmp_path: Path) -> None:
    """Hand-made claims: both sides' counts of S-300 systems are one metric, apart from air defence in general."""
    def claim(claim_id: int, claimant: str, value: int, date: str, model: str = "S-300 ") -> StoredClaim:
        quote = f"{model}air defence systems – {value}"
        made = Claim(doc="d.txt", span=(0, len(quote)), quote=quote, value=value, kind="materiel", outcome="lost",
                     what=["air_defense"], affected="Armenia", claimant=claimant, date=date, cumulative=True,
                     model=model.strip() or None)
        return StoredClaim(id=claim_id, document_id=claim_id, file_name=f"{claimant.lower()}_{claim_id}.txt",
                           claim=made)

    claims = [claim(1, "Azerbaijan", 4, "2020-10-07"), claim(2, "Armenia", 1, "2020-10-09"),
              claim(3, "Azerbaijan", 6, "2020-10-12"), claim(4, "Azerbaijan", 60, "2020-10-07", model="")]
    write_report(tmp_path / "out", claims, {}, [], ledger_name="hand-made")
    page = read_page(tmp_path / "out")
    ranges = rows_as_dicts(page.table("materiel lost air_defense S-300 (Armenia)"))
    assert [(row["day"], row["low"], row["best"], row["high"], row["best from"]) for row in ranges] == [
        ("2020-10-07", "4", "4", "4", "median of claims"),
        ("2020-10-09", "1", "1", "4", "own figure: Armenia"),
        ("2020-10-12", "1", "1", "6", "own figure: Armenia"),
    ]
    # Air defence in general has one claimant and no independent count: nothing to set beside it.
    assert [table.heading for table in page.tables if table.section == "side-by-side"] == [
        "materiel lost air_defense S-300 (Armenia)"]


# --------------------------------------------------------------------------- folders and ledgers


def test_an_empty_ledger_still_gives_a_report(tmp_path: Path) -> None:
    db = tmp_path / "empty.sqlite"
    Ledger(db).close()
    result = run("report", "--out", tmp_path / "out", "--db", db)
    assert result.exit_code == 0, result.output
    assert "with 0 charts" in result.output
    page = read_page(tmp_path / "out")
    assert page.images == []
    assert "Nothing to chart: the ledger holds no claims with a figure." in page.all_text()
    assert list((tmp_path / "out" / "charts").iterdir()) == []


def test_out_pointing_at_a_file_is_one_clear_error(tmp_path: Path, corpus_ledger: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    result = run("report", "--out", target, "--db", corpus_ledger)
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"error: {target}: is a file, not a folder; give --out a new folder or the "
                                     f"folder of an earlier report")
    assert target.read_text(encoding="utf-8") == "mine"
    with pytest.raises(ReportFolderError, match="is a file, not a folder"):
        write_report(target, [], {}, [], ledger_name="none")


def test_a_new_report_replaces_only_the_reports_own_files(tmp_path: Path, corpus_ledger: Path) -> None:
    out = tmp_path / "out"
    (out / "charts").mkdir(parents=True)
    (out / "charts" / "series-0000000000.svg").write_text("<svg/>", encoding="utf-8")  # an earlier report's
    (out / "index.html").write_text("old", encoding="utf-8")
    (out / "story.docx").write_text("the journalist's own", encoding="utf-8")
    assert run("report", "--out", out, "--db", corpus_ledger).exit_code == 0
    assert (out / "story.docx").read_text(encoding="utf-8") == "the journalist's own"
    assert not (out / "charts" / "series-0000000000.svg").exists()
    assert (out / "index.html").read_text(encoding="utf-8") != "old"


def test_no_ledger_is_an_error(tmp_path: Path) -> None:
    result = run("report", "--out", tmp_path / "out", "--db", tmp_path / "missing.sqlite")
    assert result.exit_code == 1
    assert "no ledger at" in result.stderr and not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- the seeds


def test_report_of_the_shipped_samples_lists_the_civilian_series(tmp_path: Path) -> None:
    """Azerbaijan's civilian deaths 31 -> 91 -> 101 and wounded 19 -> around 150 -> 404 -> 423, each with its
    document, the Prosecutor General's single attacks (Ganja, Garayusifli, Barda) between them in day order."""
    db = tmp_path / "seeds.sqlite"
    with resources.as_file(resources.files("claimledger") / "sample_data") as samples, Ledger(db) as ledger:
        assert not ingest_paths([samples], ledger).failed
    result = run("report", "--out", tmp_path / "out", "--db", db)
    assert result.exit_code == 0, result.output
    page = read_page(tmp_path / "out")
    killed = rows_as_dicts(page.table("Azerbaijan: casualties killed civilians (Azerbaijan)"))
    prosecutor = "2020-10-31_azerbaijan-prosecutor-general-civilian-toll.txt"
    totals = [(row["figure"], row["document"]) for row in killed if row["running total / event"] == "running total"]
    assert totals == [("31", "000_2d557154594d2a18.txt"), ("91", prosecutor), ("101", "004_70795b533543af9b.txt")]
    wounded = rows_as_dicts(page.table("Azerbaijan: casualties wounded civilians (Azerbaijan)"))
    assert [(row["figure"], row["document"][:3]) for row in wounded] == [
        ("19", "003"), ("around 150", "000"), ("35", "202"), ("more than 40", "202"), ("7", "202"),
        ("more than 70", "202"), ("404", "202"), ("423", "004")]
    assert {row["document"] for row in wounded if row["document"].startswith("202")} == {prosecutor}
    assert "around 150 wounded" in wounded[1]["quote"]
    assert wounded[-1]["day"] == "placed at 2020-11-10 (latest date in document)"
    assert all(re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt|2020-\d\d-\d\d_[a-z0-9-]+\.txt", row["document"])
               for row in killed + wounded)
    assert any(image["alt"] == "Timeline chart: Azerbaijan: casualties wounded civilians (Azerbaijan)"
               for image in page.images)


def test_the_report_counts_allegations_by_claimant_and_sets_each_contested_act_side_by_side(tmp_path: Path) -> None:
    import datetime as dt

    from claimledger.ledger import StoredAllegation
    from claimledger.models import Allegation

    def told(number: int, stance: str, subject: str, actor: str, claimant: str, quote: str) -> StoredAllegation:
        return StoredAllegation(number, number, f"d{number}.txt", dt.date(2020, 10, number),
                                Allegation(f"d{number}.txt", (0, len(quote)), quote, stance, subject, actor=actor,
                                           claimant=claimant, date=f"2020-10-0{number}" if number < 3 else None))

    allegations = [told(1, "asserts", "foreign_military", "Turkey", "Armenia", "Turkish F-16s took part"),
                   told(2, "denies", "foreign_military", "Turkey", "Azerbaijan", "as if <b>Turkish</b> F-16s fly"),
                   told(3, "asserts", "attack_on_civilians", "Armenia", "Azerbaijan", "Armenia shelled Ganja")]
    write_report(tmp_path / "out", [], {}, [], ledger_name="hand-made", allegations=allegations)
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    page = read_page(tmp_path / "out")
    counts = rows_as_dicts(page.table("5. Allegations and denials"))
    assert [(r["claimant"], r["subject"], r["asserts"], r["denies"]) for r in counts] == [
        ("Armenia", "foreign military", "1", "0"), ("Azerbaijan", "attack on civilians", "1", "0"),
        ("Azerbaijan", "foreign military", "0", "1")]
    assert "foreign military by Turkey: asserted by Armenia (1); denied by Azerbaijan (1)" in html
    assert "Armenia</strong>, 2020-10-01, d1.txt: “Turkish F-16s took part”" in html
    assert "as if &lt;b&gt;Turkish&lt;/b&gt; F-16s fly" in html and "<b>Turkish</b>" not in html
    assert "attack on civilians by Armenia" not in html  # asserted, denied by no one
