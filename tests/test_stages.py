"""The extraction stages: the order of extract/stages.toml is checked, and every stage adds its layers to the Doc."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

import pytest

from claimledger.errors import ProfileError
from claimledger.extract import Doc, read
from claimledger.extract.stages import REGISTRY, check_order, configured_stages, run_stages
from claimledger.lang.lexicon import lexicon_for
from claimledger.models import Document
from claimledger.profile import load_profile

STATEMENT = ("Ministry of Defence of Armenia\nYerevan, 4 October 2020\n\nAs a result of the Azerbaijani shelling of "
             "Stepanakert, 2 civilians were killed, spokeswoman Narine Harutyunyan said.")


def document(text: str = STATEMENT) -> Document:
    return Document(name="case.txt", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())


def test_the_configured_order_runs_every_stage_and_fills_the_doc() -> None:
    doc = read(document(), load_profile("nagorno_karabakh_2020"))
    assert doc.done == [s.name for s in configured_stages()]
    assert doc.document.published == dt.date(2020, 10, 4)  # from the dateline
    assert doc.segments and doc.dates and doc.figures and doc.author == "Armenia"
    assert any(v is not None and v.speaker == "Narine Harutyunyan" for v in doc.voices)
    assert [(c.value, c.claimant, c.places) for c in doc.claims] == [(2, "Armenia", ["Stepanakert"])]


def test_a_stage_that_reads_a_layer_no_earlier_stage_adds_is_a_configuration_error() -> None:
    with pytest.raises(ProfileError, match="stage 'claims' reads .*segments.*move it after"):
        check_order(["claims", "segment"], "stages.toml")


def test_an_unknown_stage_is_named_with_the_known_ones() -> None:
    configured_stages()  # registers the shipped stages
    with pytest.raises(ProfileError, match="unknown stage 'ner'; the stages are .*segment"):
        check_order(["segment", "ner"], "stages.toml")


def test_a_new_stage_is_one_more_component_in_the_order() -> None:
    # A stage of one's own (here: one that drops claims of no value) runs in its place in the order.
    def drop_vague(doc: Doc) -> None:
        doc.claims = [c for c in doc.claims if c.value is not None]

    stages = (*configured_stages(), type(configured_stages()[0])("drop_vague", drop_vague, ("claims",), ()))
    text = STATEMENT + " Dozens of houses were damaged."
    profile = load_profile("nagorno_karabakh_2020")
    everything = read(document(text), profile).claims
    doc = run_stages(Doc(document=document(text), profile=profile, lex=lexicon_for(profile)), stages)
    assert any(c.value is None for c in everything) and all(c.value is not None for c in doc.claims)
    assert doc.done[-1] == "drop_vague" and "drop_vague" not in REGISTRY


def test_every_stage_reads_the_documents_language_files() -> None:
    """A document's language reaches the stages: a language code without files fails in the first stage that asks
    for its words, naming the file it looked for, instead of being read with English."""
    from claimledger.extract import extract_claims

    text = "Baku, 14 October 2020. Armenian shelling of Tartar killed 3 civilians."
    document = Document(name="case.txt", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                        language="xx")
    with pytest.raises(ProfileError, match=r"lang/xx/"):
        extract_claims(document, load_profile("nagorno_karabakh_2020"))
    assert extract_claims(replace(document, language="en"), load_profile("nagorno_karabakh_2020"))


def test_the_claims_alone_run_the_stages_they_need_and_not_the_allegations() -> None:
    from claimledger.extract import extract_claims
    from claimledger.extract.stages import stages_for

    names = [s.name for s in configured_stages()]
    assert [s.name for s in stages_for(("claims",))] == [n for n in names if n != "allegations"]
    assert [s.name for s in stages_for(("allegations",))] == names  # it reads the claims, and all they read
    assert [s.name for s in stages_for(("segments",))] == ["segment"]
    text = ("Yerevan, 4 October 2020. The Armenian Defence Ministry said Azerbaijani forces deliberately shelled "
            "residential areas of Stepanakert, wounding 12 civilians.")
    document = Document(name="x.txt", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())
    profile = load_profile("nagorno_karabakh_2020")
    whole = read(document, profile)
    assert [c.to_record() for c in extract_claims(document, profile)] == [c.to_record() for c in whole.claims]
    assert whole.allegations and whole.done == names
