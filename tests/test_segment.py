"""Segmentation of statements into headlines, sentences, list items, speaker sections and interview turns."""

from __future__ import annotations

from claimledger.segment import clean_person, segment, split_sentences

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
