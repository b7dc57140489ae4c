"""Segmentation of statements into headlines, sentences, list items, speaker sections and interview turns.

The words are those of lang/en/segments.toml: the tests at the end take each word of a table from the file and
check that segmentation reads it.
"""

from __future__ import annotations

import pytest

from claimledger.extract.segment import clean_person, segment, split_sentences
from claimledger.lang import load_topic
from test_lang import written

SEGMENTS = load_topic("en", "segments")

PRESS_CONFERENCE = """Press Conference

March 3, 2021, Ankara

(by Col. Ayaz Mammadov, Defence Attache)

 By 2 March, the Army has the following losses: –
o Tanks – 12
o Artillery & MLRS – 7
 The enemy retreated. H.E. Mr. Smith visited the U.S. Embassy in Washington, D.C. on Monday.

(by H.E. Mrs. Leyla Karimova, Ambassador)

Thank you.
"""


def texts(text: str, kind: str | None = None) -> list[str]:
    return [text[s.start:s.end] for s in segment(text) if kind is None or s.kind == kind]


def test_speaker_sections_and_their_speakers() -> None:
    segments = segment(PRESS_CONFERENCE)
    speakers = {PRESS_CONFERENCE[s.start:s.end]: s.speaker for s in segments}
    assert speakers["The enemy retreated."] == "Ayaz Mammadov"
    assert speakers["Thank you."] == "Leyla Karimova"


def test_list_items_point_at_their_lead_line() -> None:
    segments = segment(PRESS_CONFERENCE)
    items = [s for s in segments if s.kind == "list_item"]
    assert [PRESS_CONFERENCE[s.start:s.end] for s in items] == ["Tanks – 12", "Artillery & MLRS – 7"]
    lead = segments[items[0].lead]
    assert PRESS_CONFERENCE[lead.start:lead.end].startswith("By 2 March")


def test_headlines_and_datelines() -> None:
    assert texts(PRESS_CONFERENCE, "headline") == ["Press Conference", "March 3, 2021, Ankara"]


def test_sentences_are_not_cut_after_titles_initials_or_abbreviations() -> None:
    assert "H.E. Mr. Smith visited the U.S. Embassy in Washington, D.C. on Monday." in texts(PRESS_CONFERENCE)


def test_sentence_with_a_missing_space_and_a_footnote_mark() -> None:
    text = "Missiles were destroyed in start position.Armenia intended to attack. Gubadli was hit.[2] On Monday, more."
    spans = split_sentences(text, 0, len(text))
    assert [text[s:e] for s, e in spans] == [
        "Missiles were destroyed in start position.", "Armenia intended to attack.", "Gubadli was hit.[2]",
        "On Monday, more."]


INTERVIEW = """Nikol Pashinyan was interviewed by a TV channel

-Thank you for joining us. How many soldiers did you lose?

-We lost 50 soldiers in the first days.

-And the other side?

-They lost far more.

Another headline
"""


def test_interview_turns_alternate_and_answers_are_the_interviewees() -> None:
    segments = segment(INTERVIEW, people=["Nikol Pashinyan"])
    turns = [(INTERVIEW[s.start:s.end], s.turn, s.speaker) for s in segments if s.turn]
    assert turns[0] == ("Thank you for joining us.", "question", None)
    assert ("We lost 50 soldiers in the first days.", "answer", "Nikol Pashinyan") in turns
    assert ("They lost far more.", "answer", "Nikol Pashinyan") in turns
    after = [s for s in segments if INTERVIEW[s.start:s.end] == "Another headline"][0]
    assert after.kind == "headline" and after.turn is None


def test_quote_ending_with_the_name_of_who_said_it() -> None:
    text = "We will not stop. Our army is strong. Ilham Aliyev\n"
    segments = segment(text, people=["Ilham Aliyev"])
    assert [s.kind for s in segments] == ["sentence", "sentence", "attribution"]
    assert all(s.speaker == "Ilham Aliyev" for s in segments)


def test_clean_person() -> None:
    assert clean_person("H.E. Mr. Ali Alizada, Ambassador") == "Ali Alizada"
    assert clean_person("Col Mehman Novruzov, Military Attache") == "Mehman Novruzov"


def test_a_sentence_opening_with_by_and_a_date_is_not_a_speaker_note() -> None:
    text = "(by Col. A. Person)\n\nBy 7 October 2020, troops have liberated 25 villages.\n"
    segments = segment(text)
    assert [s.kind for s in segments] == ["speaker_note", "sentence"]


def list_items(text: str) -> list[tuple[str, str]]:
    """Each list item with the text of its lead."""
    segments = segment(text)
    return [(text[s.start:s.end], text[segments[s.lead].start:segments[s.lead].end])
            for s in segments if s.kind == "list_item" and s.lead is not None]


@pytest.mark.parametrize("text, lead", [
    ("General Staff update\n\nThe enemy's total combat losses from 24.02.22 to 05.03.23 amounted to:\n\n"
     "personnel – about 150,000 (+600) persons;\ntanks – 3,400 (+7);\nhelicopters – 290;\nboats – 18.\n",
     "The enemy's total combat losses from 24.02.22 to 05.03.23 amounted to:"),
    ("Ministry of Defence of the Russian Federation\n\nIn total, since the start of the operation the following "
     "have been destroyed:\naircraft – 400;\nhelicopters – 230;\ntanks and other armoured combat vehicles – 7,800;\n"
     "multiple rocket launchers – 1,100.\n",
     "In total, since the start of the operation the following have been destroyed:"),
    ("Ministry of Defense of Azerbaijan\n\nThe adversary's losses over the day:\nTanks – 14,\nHowitzers – 6,\n"
     "Drones – 2.\n", "The adversary's losses over the day:"),
])
def test_tally_lines_ending_in_commas_or_semicolons_are_items_of_their_lead(text: str, lead: str) -> None:
    items = list_items(text)
    assert len(items) == 4 if "boats" in text or "aircraft" in text else len(items) == 3
    assert all(item_lead == lead for _, item_lead in items)


@pytest.mark.parametrize("text", [
    "Artsakh Defense Army\n\nEnemy losses (total):\nTanks – 120 (+3)\nHelicopters – 14\n",
    "Azerbaijani MoD\n\nArmenian losses since 27 September:\nManpower (killed) – 2,300\nArtillery – 90 (+2)\n",
    "OHCHR update\n\nCivilian casualties recorded in March:\nKilled – 1,120\nInjured – 1,800\n",
])
def test_short_rows_after_a_colon_are_list_items_not_headlines(text: str) -> None:
    assert [kind for kind in (s.kind for s in segment(text)) if kind != "headline"] == ["sentence", "list_item",
                                                                                         "list_item"]


@pytest.mark.parametrize("text, lead", [
    ("Ombudsman report\n\nBy 1 May, the deaths of 70 civilians had been documented. The breakdown is as follows:\n"
     "By cause\n  Shelling and air strikes .... 50\n  Shooting .... 20\nBy sex\n  Men .... 55\n  Women .... 15\n",
     "By 1 May, the deaths of 70 civilians had been documented."),
    ("Human Rights Watch\n\nWe documented 30 children wounded in the attacks. The figures are as follows:\n"
     "Region\n  North …… 12\n  South …… 18\n", "We documented 30 children wounded in the attacks."),
    ("Ministry of Health\n\nDeaths among medical staff:\nDoctors .... 12\nNurses .... 20\nParamedics .... 9\n",
     "Deaths among medical staff:"),
])
def test_dotted_leader_rows_and_subheadings_belong_to_the_lists_lead(text: str, lead: str) -> None:
    items = list_items(text)
    assert items and all(item_lead == lead for _, item_lead in items)
    assert any(item.endswith(("20", "18", "9")) for item, _ in items)


@pytest.mark.parametrize("text", [
    "Casualties by region\nRegion | Killed | Injured\nKharkiv | 120 | 300\nKherson | 40 | 90\n",
    "Losses of the Armenian side\nCategory | Total | Since last report\nTanks | 250 | 4\nHowitzers | 80 | 1\n",
    "Key figures\nIndicator | Figure\nPeople displaced | 1.2 million+\nHouses destroyed | 4,500\n",
])
def test_table_rows_are_list_items_led_by_the_header_row(text: str) -> None:
    header = text.split("\n")[1]
    items = list_items(text)
    assert [item for item, _ in items] == text.split("\n")[2:4]
    assert all(item_lead == header for _, item_lead in items)


@pytest.mark.parametrize("text, interviewee, answer", [
    # The same interview in both sides' voices, its turns labelled in two wordings.
    ("Nikol Pashinyan interviewed by Le Figaro\n\nQ: How many soldiers has Armenia lost?\n\n"
     "A: We have lost 729 servicemen.\n", "Nikol Pashinyan", "We have lost 729 servicemen."),
    ("Ilham Aliyev's interview with RIA Novosti\n\nQuestion - What are Azerbaijan's losses?\n\n"
     "Answer - We lost 2,783 servicemen.\n", "Ilham Aliyev", "We lost 2,783 servicemen."),
])
def test_labelled_turns_in_both_sides_interviews(text: str, interviewee: str, answer: str) -> None:
    turns = [(text[s.start:s.end], s.turn, s.speaker) for s in segment(text, people=[interviewee]) if s.turn]
    assert turns[0][1] == "question" and turns[0][2] is None
    assert (answer, "answer", interviewee) in turns


@pytest.mark.parametrize("word", SEGMENTS["interview"]["words"])
def test_every_interview_word_of_the_file_makes_answers_the_interviewees(word: str) -> None:
    text = f"Volodymyr Zelensky {word.upper()} by the BBC\n\n-How many soldiers has Ukraine lost?\n\n-About 31,000.\n"
    segments = segment(text, people=["Volodymyr Zelensky"])
    assert [(s.turn, s.speaker) for s in segments if s.turn] == [("question", None), ("answer", "Volodymyr Zelensky")]


LABELS = [(written(label), turn) for turn in ("question", "answer") for label in SEGMENTS["interview"][f"{turn}_labels"]]


@pytest.mark.parametrize("label, turn", LABELS)
def test_every_turn_label_of_the_file_opens_its_turn(label: str, turn: str) -> None:
    text = f"Interview with Sergei Shoigu\n\n{label}: Russia has lost 5,937 servicemen.\n"
    (labelled,) = [s for s in segment(text, people=["Sergei Shoigu"]) if s.turn]
    assert labelled.turn == turn and text[labelled.start:labelled.end] == "Russia has lost 5,937 servicemen."


@pytest.mark.parametrize("note", SEGMENTS["speakers"]["note"])
def test_every_speaker_note_word_of_the_file_opens_a_section(note: str) -> None:
    text = f"Press briefing\n\n({note.capitalize()} Col. Ayaz Mammadov, Defence Attache)\n\nThe enemy lost 12 tanks.\n"
    segments = segment(text)
    assert [s.kind for s in segments] == ["headline", "speaker_note", "sentence"]
    assert segments[-1].speaker == "Ayaz Mammadov"


@pytest.mark.parametrize("title", SEGMENTS["speakers"]["titles"])
def test_every_title_of_the_file_is_left_out_of_a_speakers_name(title: str) -> None:
    assert clean_person(f"{written(title)} Artsrun Hovhannisyan, Defence Ministry") == "Artsrun Hovhannisyan"


@pytest.mark.parametrize("particle", SEGMENTS["speakers"]["name_particles"])
def test_every_name_particle_of_the_file_is_part_of_a_speakers_name(particle: str) -> None:
    text = f"By Jean {particle} Drian\n\nFrance counts 12 of its citizens among the dead.\n"
    assert [(s.kind, s.speaker) for s in segment(text)] == [("speaker_note", f"Jean {particle} Drian"),
                                                            ("sentence", f"Jean {particle} Drian")]


@pytest.mark.parametrize("abbreviation", SEGMENTS["sentences"]["abbreviations"])
def test_every_abbreviation_of_the_file_does_not_end_a_sentence(abbreviation: str) -> None:
    for written_so in (written(abbreviation), written(abbreviation).capitalize()):
        text = f"The report cites {written_so}. Smith and 12 others. It was published."
        assert len(split_sentences(text, 0, len(text))) == 2, text


@pytest.mark.parametrize("word", SEGMENTS["sentences"]["unfinished_line_ends"])
def test_a_short_line_ending_in_a_word_of_the_file_goes_on_in_the_next(word: str) -> None:
    text = f"Casualties {word}\nthe shelling of Tartar rose to 12.\n"
    assert [s.kind for s in segment(text)] == ["sentence"]


@pytest.mark.parametrize("qualifier", SEGMENTS["lists"]["row_qualifiers"])
def test_every_row_qualifier_of_the_file_keeps_a_row_a_list_item(qualifier: str) -> None:
    text = f"The adversary's losses over the day:\nTanks – {qualifier} 14,\nHowitzers – {qualifier} 6,\nDrones – 2.\n"
    assert list_items(text) == [(f"Tanks – {qualifier} 14,", "The adversary's losses over the day:"),
                                (f"Howitzers – {qualifier} 6,", "The adversary's losses over the day:"),
                                ("Drones – 2.", "The adversary's losses over the day:")]


@pytest.mark.parametrize("subject", SEGMENTS["announcement"]["subjects"])
@pytest.mark.parametrize("verb", SEGMENTS["announcement"]["verbs"])
def test_every_announcement_of_the_file_leaves_the_lead_to_the_sentence_before(subject: str, verb: str) -> None:
    lead = "By 1 May, 70 civilians had been killed."
    for article in ("", *(f"{a} " for a in SEGMENTS["announcement"]["article"])):
        for follows in SEGMENTS["announcement"]["follows"]:
            announcement = f"{article}{written(subject)} {verb} {follows}:".capitalize()
            text = f"Ombudsman report\n\n{lead} {announcement}\nMen .... 55\nWomen .... 15\n"
            assert [item_lead for _, item_lead in list_items(text)] == [lead, lead], text


def test_the_word_a_full_stop_ends_is_read_back_to_its_start_within_reach() -> None:
    # segment._word_before_stop reads back from a full stop what a search of "(?<![A-Za-z.])([A-Za-z][A-Za-z.]*)\\.$"
    # through the stretch before it finds: "U.S.", "Mr", no word after a digit or a run of dots, none that starts
    # before the reach.
    import random
    import re

    from claimledger.extract.segment import _word_before_stop

    last_word = re.compile(r"(?<![A-Za-z.])([A-Za-z][A-Za-z.]*)\.$")
    rnd = random.Random(14)
    for _ in range(5000):
        text = "".join(rnd.choice("aB. 1é-") for _ in range(rnd.randint(1, 14)))
        stops = [i for i, c in enumerate(text) if c == "."]
        if not stops:
            continue
        stop = rnd.choice(stops)
        reach = rnd.randint(0, stop)
        found = last_word.search(text, reach, stop + 1)
        assert _word_before_stop(text, stop, reach) == (found.group(1) if found else None), (text, stop, reach)


@pytest.mark.parametrize("clause", [
    "Azerbaijani forces shelled the villages of the Martuni district through the night, ",
    "the Armenian side fired on Tartar and Barda from positions near the line of contact; ",
    "Russian troops kept up the shelling of the Kharkiv suburbs for the third day in a row ",
])
def test_a_sentence_longer_than_the_limit_is_cut_at_a_clause_break_or_a_space(clause: str) -> None:
    from claimledger.extract.segment import MAX_SENTENCE

    text = clause * (3 * MAX_SENTENCE // len(clause)) + "and 12 people were wounded."
    pieces = segment(text)
    assert len(pieces) >= 3
    assert all(s.end - s.start <= MAX_SENTENCE for s in pieces)
    # Nothing lost between the pieces, each cut after a separator, never inside a word.
    assert [(a.end, b.start) for a, b in zip(pieces, pieces[1:]) if text[a.end:b.start].strip()] == []
    assert all(text[s.start - 1] in " ,;" for s in pieces[1:])


def test_a_line_with_no_space_longer_than_the_limit_is_cut_at_the_limit() -> None:
    from claimledger.extract.segment import MAX_SENTENCE

    pieces = segment("x" * (2 * MAX_SENTENCE + 10))
    assert [s.end - s.start for s in pieces] == [MAX_SENTENCE, MAX_SENTENCE, 10]
