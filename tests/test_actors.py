"""The actors stage and the entity ruler, on the fixture article and on small written articles."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from spacy.tokens import Doc

from eventcoder.actors.data import Person, Term, load_actor_data
from eventcoder.models import ActorMention, Document

FIXTURE_PUBLISHED = dt.date(2022, 9, 14)


def annotate(pipeline, text: str, published: dt.date | None) -> Doc:
    """Run the pipeline up to and including the actors stage (later stages are not needed)."""
    doc = pipeline.nlp.make_doc(text)
    doc._.document = Document(id="test", text=text, published=published)
    for name, component in pipeline.nlp.pipeline:
        doc = component(doc)
        if name == "eventcoder_actors":
            break
    return doc


def actors_of(pipeline, text: str, published: dt.date | None = None) -> list[ActorMention]:
    return annotate(pipeline, text, published)._.actors


def covering(actors: list[ActorMention], start: int, end: int) -> list[ActorMention]:
    return [a for a in actors if a.start <= start and end <= a.end]


def find(actors: list[ActorMention], needle: str) -> list[ActorMention]:
    return [a for a in actors if needle in a.text]


@pytest.fixture(scope="module")
def fixture_doc(pipeline, fixture_path) -> Doc:
    text = fixture_path.read_text(encoding="utf-8")
    return annotate(pipeline, text, FIXTURE_PUBLISHED)


@pytest.fixture(scope="module")
def fixture_actors(fixture_doc) -> list[ActorMention]:
    return fixture_doc._.actors


# ------------------------------------------------------------------ fixture article
def test_offsets_index_the_text(fixture_doc, fixture_actors):
    assert fixture_actors
    for actor in fixture_actors:
        assert fixture_doc.text[actor.start : actor.end] == actor.text


@pytest.mark.parametrize(
    ("word", "code"),
    [("Armenia", "ARM"), ("Armenian", "ARM"), ("Azerbaijan", "AZE"), ("Azerbaijani", "AZE")],
)
def test_every_armenia_azerbaijan_mention_resolves(fixture_doc, fixture_actors, word, code):
    occurrences = [m.span() for m in re.finditer(rf"\b{word}\b", fixture_doc.text)]
    assert len(occurrences) >= 3
    for start, end in occurrences:
        codes = {a.code for a in covering(fixture_actors, start, end)}
        assert codes == {code}, f"{word} at {start}: {codes}"


@pytest.mark.parametrize(
    ("surname", "code", "sector", "name"),
    [
        ("Hasanov", "AZE", "MIL", "Zakir Hasanov"),
        ("Akar", "TUR", "MIL", "Hulusi Akar"),
        ("Bayramov", "AZE", "GOV", "Jeyhun Bayramov"),
        ("Çavuşoğlu", "TUR", "GOV", "Mevlüt Çavuşoğlu"),
        ("Putin", "RUS", "GOV", "Vladimir Putin"),
        ("Macron", "FRA", "GOV", "Emmanuel Macron"),
        ("Reisi", "IRN", "GOV", "Ebrahim Raisi"),
        ("Pashinyan", "ARM", "GOV", "Nikol Pashinyan"),
    ],
)
def test_named_people(fixture_actors, surname, code, sector, name):
    found = find(fixture_actors, surname)
    assert found, surname
    for actor in found:
        assert (actor.code, actor.sector, actor.kind, actor.name) == (code, sector, "person", name)


def test_title_phrase_is_the_whole_mention(fixture_actors):
    texts = {a.text for a in fixture_actors}
    assert "Azerbaijan Defense Minister Zakir Hasanov" in texts
    assert "Russian President Vladimir Putin" in texts


def test_appositive_gives_country_and_sector(fixture_actors):
    (kenani,) = find(fixture_actors, "Kenani")
    assert kenani.text.startswith("Nasser Kenani, spokesman of the Iranian Ministry")
    assert (kenani.code, kenani.sector) == ("IRN", "GOV")


def test_international_organisations(fixture_actors):
    assert {a.code for a in find(fixture_actors, "CSTO")} == {"CSTO"}
    assert {a.code for a in find(fixture_actors, "Collective Security Treaty")} == {"CSTO"}
    assert {a.code for a in find(fixture_actors, "United Nations Security Council")} == {"UN"}
    assert {a.code for a in find(fixture_actors, "UNSC")} == {"UN"}
    assert {a.code for a in find(fixture_actors, "Shanghai Cooperation")} == {"SCO"}
    assert all(a.kind == "igo" for a in find(fixture_actors, "CSTO"))


def test_sectors_from_agent_words(fixture_actors):
    administration = find(fixture_actors, "Armenian administration")
    assert len(administration) >= 3
    assert {(a.code, a.sector) for a in administration} == {("ARM", "GOV")}
    assert {(a.code, a.sector) for a in find(fixture_actors, "Armenian soldiers")} == {
        ("ARM", "MIL")
    }
    assert {(a.code, a.sector) for a in find(fixture_actors, "Azerbaijani army")} == {
        ("AZE", "MIL")
    }
    assert {(a.code, a.sector) for a in find(fixture_actors, "Armenian side")} == {("ARM", None)}
    assert {(a.code, a.sector) for a in find(fixture_actors, "administration in Armenia")} == {
        ("ARM", "GOV")
    }


def test_capital_as_actor_but_not_as_place(fixture_doc, fixture_actors):
    acting = fixture_doc.text.index("Yerevan’s uncompromising")
    (yerevan,) = covering(fixture_actors, acting, acting + len("Yerevan"))
    assert (yerevan.code, yerevan.sector, yerevan.kind) == ("ARM", "GOV", "metonym")
    place = fixture_doc.text.index("influential in Yerevan") + len("influential in ")
    assert covering(fixture_actors, place, place + len("Yerevan")) == []


def test_entity_ruler_keeps_rare_places_from_person(fixture_doc):
    persons = {ent.text for ent in fixture_doc.ents if ent.label_ == "PERSON"}
    assert "Dashkesen" not in persons
    assert "Kelbacer" not in persons
    labels = {ent.text: ent.label_ for ent in fixture_doc.ents}
    assert labels.get("Dashkesen") in {"GPE", "LOC"}
    assert labels.get("Mevlüt Çavuşoğlu") == "PERSON"  # the model alone says ORG


# ------------------------------------------------------------------ small articles
def test_police_rebels_and_metonyms(pipeline):
    text = (
        "Nigerian police arrested twelve protesters in Lagos on Monday. "
        "Separatist rebels attacked a checkpoint, and Moscow condemned the attack. "
        "Colombian troops later clashed with the rebels of the ELN near the border."
    )
    actors = actors_of(pipeline, text, dt.date(2023, 5, 2))
    police = find(actors, "police")[0]
    assert (police.code, police.sector) == ("NGA", "COP")
    moscow = find(actors, "Moscow")[0]
    assert (moscow.code, moscow.sector, moscow.kind) == ("RUS", "GOV", "metonym")
    troops = find(actors, "Colombian troops")[0]
    assert (troops.code, troops.sector) == ("COL", "MIL")
    assert not find(actors, "Lagos")


def test_rebels_of_a_country(pipeline):
    actors = actors_of(pipeline, "The rebels of Mali seized the town after Malian soldiers left.")
    rebels = find(actors, "rebels")[0]
    assert (rebels.code, rebels.sector) == ("MLI", "REB")
    assert (find(actors, "Malian soldiers")[0].sector) == "MIL"


def test_leader_looked_up_at_publication_date(pipeline):
    text = "Hakan Fidan met the delegation in Ankara and said talks would continue."
    spy_chief = find(actors_of(pipeline, text, dt.date(2020, 3, 1)), "Fidan")[0]
    minister = find(actors_of(pipeline, text, dt.date(2024, 3, 1)), "Fidan")[0]
    assert (spy_chief.code, spy_chief.sector) == ("TUR", "SPY")
    assert (minister.code, minister.sector) == ("TUR", "GOV")


def test_former_office_holder_keeps_country_without_sector(pipeline):
    text = "Mike Pompeo criticised the deal in a speech on Tuesday."
    in_office = find(actors_of(pipeline, text, dt.date(2019, 6, 1)), "Pompeo")[0]
    after = find(actors_of(pipeline, text, dt.date(2023, 6, 1)), "Pompeo")[0]
    assert (in_office.code, in_office.sector) == ("USA", "GOV")
    assert (after.code, after.sector) == ("USA", None)
    before = actors_of(pipeline, "Volodymyr Zelensky performed a comedy show.", dt.date(2015, 1, 1))
    assert find(before, "Zelensky") == []  # not yet in any office the dictionary knows


def test_title_in_text_and_dictionary_combine(pipeline):
    text = "Defense Minister Hulusi Akar spoke by phone with his counterpart on Friday."
    (akar,) = find(actors_of(pipeline, text, dt.date(2021, 4, 9)), "Akar")
    assert (akar.code, akar.sector, akar.text) == ("TUR", "MIL", "Defense Minister Hulusi Akar")


def test_unknown_person_with_title(pipeline):
    text = "Kenyan Foreign Minister Jane Wanjiru Otieno told reporters the talks had failed."
    (person,) = find(actors_of(pipeline, text, dt.date(2023, 1, 1)), "Otieno")
    assert (person.code, person.sector, person.kind) == ("KEN", "GOV", "person")


def test_pronouns_and_lower_case_words_are_not_actors(pipeline):
    text = "The officials who told us about the plan said it was a matter for the un-elected."
    actors = actors_of(pipeline, text, dt.date(2023, 1, 1))
    assert actors == []


def test_possessive_surname_reuses_earlier_mention(pipeline):
    text = (
        "Iranian Foreign Ministry spokesman Esmaeil Baghaei Hamaneh said on Monday that Tehran "
        "would respond. Hamaneh's remarks came after the meeting."
    )
    actors = actors_of(pipeline, text, dt.date(2025, 1, 10))
    later = [a for a in find(actors, "Hamaneh") if a.text == "Hamaneh"]
    assert later and (later[0].code, later[0].sector) == ("IRN", "GOV")
    tehran = find(actors, "Tehran")[0]
    assert (tehran.code, tehran.kind) == ("IRN", "metonym")


# ------------------------------------------------------------------ data
def test_person_terms_by_date():
    person = Person(
        name="A. Minister",
        terms=[
            Term("AAA", "MIL", dt.date(2010, 1, 1), dt.date(2015, 1, 1), "curated"),
            Term("AAA", "GOV", dt.date(2015, 1, 1), None, "curated"),
        ],
    )
    assert person.at(dt.date(2009, 1, 1)) is None
    assert person.at(dt.date(2012, 1, 1)) == ("AAA", "MIL")
    assert person.at(dt.date(2020, 1, 1)) == ("AAA", "GOV")
    assert person.at(None) == ("AAA", "GOV")


def test_data_tables_are_consistent():
    data = load_actor_data()
    assert data.states["armenian"].code == "ARM"
    assert data.states["yerevan"].role == "capital"
    assert data.igos["united nations security council"] == "UN"
    assert data.agents["soldiers"] == "MIL"
    assert data.agents["police"] == "COP"
    assert data.agents["side"] is None
    for code in set(data.igos.values()):
        assert code in data.igo_names, code
    for state in data.states.values():
        assert state.code in data.countries, state


def test_names_inside_longer_place_and_organisation_names(pipeline):
    text = (
        "MANILA (AP) - New Jersey police and Washington University staff met the Senate. "
        "The English teacher said Rome police were helpful."
    )
    actors = actors_of(pipeline, text, dt.date(2023, 1, 1))
    # No state or capital is read out of the longer names ("Jersey", "Washington", "Rome",
    # "English") or the dateline ("MANILA"). The agents layer now codes the police and the
    # Senate, each with the country of the place its phrase names or of the dateline.
    assert not [a for a in actors if a.country_source is None], actors
    assert {(a.text, a.code, a.sector) for a in actors} == {
        ("police", "USA", "COP"),
        ("Senate", "USA", "LEG"),  # the place in its clause: New Jersey
        # A document set in the US reads "Rome" as Rome, New York, as the geocoder does.
        ("teacher", "USA", "EDU"),  # the place in its sentence: Rome
        ("Rome police", "USA", "COP"),
        # The university itself is an organisation actor (org_heads.tsv: university -> EDU),
        # with the country of the place it is named after; still no state read out of it.
        ("Washington University", "USA", "EDU"),
    }


def test_possessor_and_object_roles(pipeline):
    text = "Georgia's government protested after Moscow warned Tbilisi, and Russia's army withdrew."
    actors = actors_of(pipeline, text, dt.date(2023, 1, 1))
    assert {(a.text, a.code, a.sector) for a in actors} == {
        ("Georgia's government", "GEO", "GOV"),
        ("Moscow", "RUS", "GOV"),
        ("Tbilisi", "GEO", "GOV"),
        ("Russia's army", "RUS", "MIL"),
    }


def test_whole_pipeline_carries_the_actors(fixture_coded):
    """Through read -> clean -> the full pipeline, the coded document keeps the actors."""
    actors = fixture_coded.actors
    text = fixture_coded.document.text
    assert all(text[a.start : a.end] == a.text for a in actors)
    people = {a.name: (a.code, a.sector) for a in actors if a.kind == "person"}
    assert people["Zakir Hasanov"] == ("AZE", "MIL")
    assert people["Hulusi Akar"] == ("TUR", "MIL")
    assert people["Jeyhun Bayramov"] == ("AZE", "GOV")
    assert people["Mevlüt Çavuşoğlu"] == ("TUR", "GOV")
    assert people["Vladimir Putin"] == ("RUS", "GOV")
    assert "CSTO" in {a.code for a in actors}


def test_conjoined_countries_share_the_sector_word(pipeline):
    text = "Armenian and Azerbaijani soldiers exchanged fire as Russian and Turkish envoys met."
    actors = actors_of(pipeline, text, dt.date(2022, 9, 14))
    assert {(a.text, a.code, a.sector) for a in actors} >= {
        ("Armenian", "ARM", "MIL"),
        ("Azerbaijani soldiers", "AZE", "MIL"),
    }


def test_mentions_do_not_overlap(fixture_actors):
    ordered = sorted(fixture_actors, key=lambda a: a.start)
    for left, right in itertools.pairwise(ordered):
        assert left.end <= right.start, (left.text, right.text)


def test_person_like_names_that_are_not_titled_people(pipeline):
    text = (
        "INNISFAIL - Nine-year-old Georgia Stevens is lacing her skates. "
        "Fernando Suarez, who heads the King Juan Carlos University in Madrid, resigned. "
        "The Trump administration imposed tariffs."
    )
    actors = actors_of(pipeline, text, dt.date(2018, 4, 1))
    # "Georgia" is a first name, not the state: at most a private person (CVL, country from
    # the context: actors/private_persons.py), never Georgia's.
    stevens = find(actors, "Stevens")
    assert all(a.code != "GEO" and (a.kind, a.sector) == ("person", "CVL") for a in stevens)
    assert not find(actors, "Juan Carlos")
    (administration,) = find(actors, "Trump administration")
    assert (administration.code, administration.sector, administration.kind) == (
        "USA",
        "GOV",
        "state",
    )


def test_resolver_works_without_a_parse():
    """Standalone use (no parser, no NER): dictionary matches still resolve, nothing crashes."""
    import spacy

    from eventcoder.actors.resolve import ActorResolver

    nlp = spacy.blank("en")
    resolver = ActorResolver.from_package_data(nlp)
    actors = resolver.resolve(nlp("Armenian soldiers fired at Azerbaijani positions."), None)
    assert [a.code for a in actors] == ["ARM", "AZE"]
    assert resolver.resolve(nlp(""), None) == []


def test_phoenix_offices_are_not_trusted_long_after_2014():
    data = load_actor_data()
    (bouteflika,) = data.people["abdelaziz bouteflika"]
    assert bouteflika.at(dt.date(2010, 1, 1)) == ("DZA", "GOV")
    assert bouteflika.at(dt.date(2022, 1, 1)) == ("DZA", None)


def test_conjunction_after_a_prepositional_title(pipeline):
    text = (
        "The visit of the leaders of Armenia and Azerbaijan ended. "
        "Armenian soldiers and Azerbaijan clashed."
    )
    actors = actors_of(pipeline, text, dt.date(2022, 9, 14))
    azerbaijan = [a for a in actors if a.text == "Azerbaijan"]
    assert [(a.code, a.sector) for a in azerbaijan] == [("AZE", "GOV"), ("AZE", None)]


# ------------------------------------------------------------------ coverage: acronyms, seats,
# leaders' governments, armed groups and NGOs (small written articles)
def resolved(actors: list[ActorMention], needle: str) -> tuple[str, str | None]:
    found = find(actors, needle)
    assert found, f"no actor for {needle!r} in {[a.text for a in actors]}"
    return found[0].code, found[0].sector


@pytest.mark.parametrize(
    ("sentence", "needle", "code", "sector"),
    [
        ("The PRC warned Taiwan on Monday.", "PRC", "CHN", None),
        ("The DPRK fired two missiles into the sea.", "DPRK", "PRK", None),
        ("The ROK condemned the launch.", "ROK", "KOR", None),
        ("The UAE signed a trade deal with India.", "UAE", "ARE", None),
        ("The KSA pledged aid to Sudan.", "KSA", "SAU", None),
        ("The U.K. imposed sanctions on the banks.", "U.K.", "GBR", None),
        ("The Kremlin rejected the proposal on Tuesday.", "Kremlin", "RUS", "GOV"),
        ("The White House condemned the attack.", "White House", "USA", "GOV"),
        ("Downing Street denied the report.", "Downing Street", "GBR", "GOV"),
        ("The Elysee welcomed the ceasefire.", "Elysee", "FRA", "GOV"),
        ("The Pentagon deployed two destroyers to the region.", "Pentagon", "USA", "MIL"),
    ],
)
def test_state_acronyms_and_seats_of_government(pipeline, sentence, needle, code, sector):
    assert resolved(actors_of(pipeline, sentence, dt.date(2023, 5, 2)), needle) == (code, sector)


def test_seats_of_government_as_places_are_not_actors(pipeline):
    text = "Reporters gathered at the Pentagon and outside Downing Street on Friday."
    actors = actors_of(pipeline, text, dt.date(2023, 5, 2))
    assert not find(actors, "Pentagon")
    assert not find(actors, "Downing Street")


@pytest.mark.parametrize(
    ("sentence", "needle", "code"),
    [
        ("The Bush administration invaded Iraq in 2003.", "Bush administration", "USA"),
        ("The Biden administration imposed new sanctions.", "Biden administration", "USA"),
        ("Putin's government expelled the diplomats.", "government", "RUS"),
        ("The Erdogan government detained the journalists.", "Erdogan government", "TUR"),
        ("The Assad regime bombed the town of Idlib.", "Assad regime", "SYR"),
    ],
)
def test_leader_government_is_the_state(pipeline, sentence, needle, code):
    # Published well outside most of these leaders' terms: the phrase names the government.
    actors = actors_of(pipeline, sentence, dt.date(2030, 1, 1))
    assert resolved(actors, needle) == (code, "GOV")


@pytest.mark.parametrize(
    ("sentence", "needle", "code", "sector", "name"),
    [
        ("Al-Qaeda claimed the bombing in Kabul.", "Qaeda", "IMG", "REB", "al-Qaeda"),
        ("Al Qaida militants attacked the convoy.", "Qaida", "IMG", "REB", "al-Qaeda"),
        ("ISIS fighters seized the village.", "ISIS", "IMG", "REB", "Islamic State"),
        ("Daesh attacked an army post.", "Daesh", "IMG", "REB", "Islamic State"),
        ("The Islamic State claimed the attack.", "Islamic State", "IMG", "REB", "Islamic State"),
        ("Hezbollah fired rockets at the border.", "Hezbollah", "LBN", "REB", "Hezbollah"),
        ("Hamas released two hostages.", "Hamas", "PSE", "REB", "Hamas"),
        ("The Taliban seized Kandahar.", "Taliban", "AFG", "REB", "Taliban"),
        ("Al-Shabaab attacked a hotel.", "Shabaab", "SOM", "REB", "al-Shabaab"),
        ("Boko Haram abducted students.", "Boko Haram", "NGA", "REB", "Boko Haram"),
        ("The PKK attacked a police station.", "PKK", "TUR", "REB", "PKK"),
        ("The Houthis attacked a tanker.", "Houthis", "YEM", "REB", "Houthis"),
        ("Ansar Allah claimed the drone strike.", "Ansar Allah", "YEM", "REB", "Houthis"),
        ("The Wagner Group took Bakhmut.", "Wagner Group", "RUS", "MIL", "Wagner Group"),
    ],
)
def test_armed_groups(pipeline, sentence, needle, code, sector, name):
    found = find(actors_of(pipeline, sentence, dt.date(2023, 5, 2)), needle)
    assert found, sentence
    assert (found[0].code, found[0].sector, found[0].name) == (code, sector, name)


@pytest.mark.parametrize(
    ("sentence", "needle", "name"),
    [
        ("Amnesty International accused the army of torture.", "Amnesty", "Amnesty International"),
        ("Human Rights Watch criticised the law.", "Human Rights Watch", "Human Rights Watch"),
        (
            "The Red Cross delivered medical supplies.",
            "Red Cross",
            "International Committee of the Red Cross",
        ),
        ("The ICRC visited the detainees.", "ICRC", "International Committee of the Red Cross"),
        ("Doctors Without Borders evacuated staff.", "Doctors", "Doctors Without Borders (MSF)"),
        ("MSF evacuated its staff.", "MSF", "Doctors Without Borders (MSF)"),
        ("Oxfam warned of famine.", "Oxfam", "Oxfam"),
        ("Save the Children condemned the strike.", "Save the Children", "Save the Children"),
        (
            "Reporters Without Borders condemned the arrest.",
            "Reporters",
            "Reporters Without Borders (RSF)",
        ),
    ],
)
def test_international_ngos(pipeline, sentence, needle, name):
    found = find(actors_of(pipeline, sentence, dt.date(2023, 5, 2)), needle)
    assert found, sentence
    assert (found[0].code, found[0].name) == ("NGO", name)


def test_ordinary_words_are_not_groups(pipeline):
    text = "The government granted an amnesty to 300 prisoners, and children were saved."
    actors = actors_of(pipeline, text, dt.date(2023, 5, 2))
    assert not [a for a in actors if a.code in {"NGO", "IMG"}]


# ------------------------------------------------------------------ agents layer (issue 9)
def agent(actors: list[ActorMention], text: str) -> tuple[str, str | None, str | None]:
    found = [a for a in actors if a.text == text]
    assert found, f"no actor {text!r} in {[(a.text, a.code) for a in actors]}"
    return found[0].code, found[0].sector, found[0].country_source


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        # Generic agents get their sector from the agents dictionary.
        ("Police arrested two men in Lahore on Friday.", "Police", ("PAK", "COP", "sentence")),
        ("Police arrested two men in Lahore on Friday.", "men", ("PAK", "CVL", "sentence")),
        ("Gunmen opened fire on a bus near Peshawar.", "Gunmen", ("PAK", "UAF", "sentence")),
        ("Assailants stabbed a teenager in Marseille.", "teenager", ("FRA", "CVL", "sentence")),
        ("Demonstrators marched through Caracas.", "Demonstrators", ("VEN", "CVL", "sentence")),
        (
            "Activists rallied outside the court in Hong Kong.",
            "Activists",
            ("HKG", "OPP", "sentence"),
        ),
        ("Lawmakers in Nairobi passed the budget.", "Lawmakers", ("KEN", "LEG", "phrase")),
        ("Prosecutors in Ankara charged the editor.", "Prosecutors", ("TUR", "JUD", "phrase")),
        ("Residents of Mosul fled the fighting.", "Residents", ("IRQ", "CVL", "phrase")),
        ("Lagos police said the suspects had escaped.", "police", ("NGA", "COP", "phrase")),
    ],
)
def test_generic_agents_get_a_sector_and_the_country_of_their_place(
    pipeline, text, needle, expected
):
    assert agent(actors_of(pipeline, text, dt.date(2024, 3, 1)), needle) == expected


def test_country_written_in_the_phrase_needs_no_inference(pipeline):
    text = "Turkish officials and Armenia's forces met the army of Mali and the Kenyan police."
    actors = actors_of(pipeline, text, dt.date(2024, 3, 1))
    assert agent(actors, "Turkish officials") == ("TUR", "GOV", None)
    assert agent(actors, "Armenia's forces") == ("ARM", "MIL", None)
    assert agent(actors, "Kenyan police") == ("KEN", "COP", None)


def test_inference_order_sentence_then_dateline_then_article(pipeline):
    text = (
        "KANO, Nigeria (AP) - Officials said on Monday that the talks would resume. "
        "Ghana's president visited Accra, Kumasi and Tamale last week, and Ghana's army paraded. "
        "Soldiers later detained a man in Kumasi."
    )
    actors = actors_of(pipeline, text, dt.date(2024, 3, 1))
    # No place in its sentence: the dateline, which names its country, wins over the
    # article's most-named country (Ghana).
    assert agent(actors, "Officials") == ("NGA", "GOV", "dateline")
    assert agent(actors, "man") == ("GHA", "CVL", "phrase")  # "a man in Kumasi"
    assert agent(actors, "Soldiers") == ("GHA", "MIL", "sentence")
    assert not [a for a in actors if a.text == "KANO" or a.text == "Nigeria"]


def test_hub_dateline_gives_way_to_the_article_country(pipeline):
    text = (
        "BEIRUT (AP) - Syrian troops shelled Idlib on Tuesday, and Syria's government said "
        "the offensive would go on. Rebels said they had repelled the attack."
    )
    actors = actors_of(pipeline, text, dt.date(2024, 3, 1))
    # BEIRUT names no country of its own and the body never names Lebanon: the article's
    # country (Syria) wins.
    assert agent(actors, "Rebels") == ("SYR", "REB", "article")


def test_institutions_take_a_place_only_from_their_own_clause(pipeline):
    text = (
        "WASHINGTON (Reuters) - The United States imposed new sanctions. Officials said an "
        "airstrike in Idlib killed 12 civilians."
    )
    actors = actors_of(pipeline, text, dt.date(2024, 3, 1))
    assert agent(actors, "civilians") == ("SYR", "CVL", "sentence")
    assert agent(actors, "Officials") == ("USA", "GOV", "dateline")


def test_ambiguous_place_names_follow_the_document(pipeline):
    text = "Officials in Kentucky said the storm hit hard. In Paris, the mayor opened a shelter."
    actors = actors_of(pipeline, text, dt.date(2024, 3, 1))
    assert agent(actors, "mayor") == ("USA", "GOV", "sentence")


def test_international_militant_groups_keep_their_code(pipeline):
    text = "Islamic State fighters attacked troops near Raqqa, and al-Qaeda militants fled."
    actors = actors_of(pipeline, text, dt.date(2024, 3, 1))
    assert agent(actors, "Islamic State fighters") == ("IMG", "REB", None)
    assert agent(actors, "al-Qaeda militants") == ("IMG", "REB", None)
    assert agent(actors, "troops") == ("SYR", "MIL", "sentence")


def test_agents_of_no_single_country_and_modifiers_are_not_actors(pipeline):
    text = (
        "International observers and foreign journalists watched police stations in Minsk "
        "as Belarus voted, and world leaders sent greetings."
    )
    actors = actors_of(pipeline, text, dt.date(2024, 3, 1))
    texts = {a.text for a in actors}
    assert not texts & {"observers", "journalists", "leaders", "police"}, texts


def test_titled_person_without_country_gets_the_context(pipeline):
    text = "Police chief Daniel Okoro told reporters in Abuja that two suspects were held."
    actors = actors_of(pipeline, text, dt.date(2024, 3, 1))
    (chief,) = [a for a in actors if "Okoro" in a.text]
    assert (chief.code, chief.sector, chief.kind) == ("NGA", "COP", "person")


def test_agent_inside_an_unknown_organisation_name_is_not_an_agent(pipeline):
    text = "The Progressive Workers Congress accused Kenya's government of fraud."
    actors = actors_of(pipeline, text, dt.date(2024, 3, 1))
    assert not [a for a in actors if a.text.endswith("Congress")]


def test_document_with_no_country_drops_its_agents(pipeline):
    actors = actors_of(pipeline, "Police said the suspects fled.", dt.date(2024, 3, 1))
    assert actors == []


@pytest.mark.parametrize(
    ("sentence", "needle", "code", "sector"),
    [
        ("Talks with the Kremlin stalled in Geneva.", "Kremlin", "RUS", "GOV"),
        ("Protesters blamed the White House for the delay.", "White House", "USA", "GOV"),
        ("The plan won support from Downing Street.", "Downing Street", "GBR", "GOV"),
        ("The Elysee's envoy arrived in Beirut.", "Elysee", "FRA", "GOV"),
        ("Zhongnanhai ordered the reshuffle.", "Zhongnanhai", "CHN", "GOV"),
        ("Russia condemned the French government on Monday.", "French government", "FRA", "GOV"),
        (
            "Armenia's talks with the Iranian foreign ministry ended.",
            "Iranian foreign ministry",
            "IRN",
            "GOV",
        ),
        ("Critics of the Ukrainian army were arrested.", "Ukrainian army", "UKR", "MIL"),
    ],
)
def test_seats_and_demonym_institutions_in_any_role(pipeline, sentence, needle, code, sector):
    assert resolved(actors_of(pipeline, sentence, dt.date(2023, 5, 2)), needle) == (code, sector)


def test_regime_without_demonym_resolves_by_inference(pipeline):
    text = "Syrian rebels shelled Damascus suburbs, and the regime responded with airstrikes."
    actors = actors_of(pipeline, text, dt.date(2019, 5, 2))
    assert agent(actors, "regime")[:2] == ("SYR", "GOV")


def test_agent_data_covers_common_news_nouns():
    agents = load_actor_data().agents
    expected = {
        "gunmen": "UAF",
        "attackers": "UAF",
        "assailants": "UAF",
        "victims": "CVL",
        "bystanders": "CVL",
        "man": "CVL",
        "teenager": "CVL",
        "civilians": "CVL",
        "residents": "CVL",
        "tourists": "CVL",
        "pilgrims": "CVL",
        "regime": "GOV",
        "authorities": "GOV",
        "officials": "GOV",
        "protesters": "CVL",
        "demonstrators": "CVL",
        "activists": "OPP",
        "lawmakers": "LEG",
        "senate": "LEG",
        "parliament": "LEG",
        "congress": "LEG",
        "court": "JUD",
        "judge": "JUD",
        "prosecutors": "JUD",
        "officers": "COP",
        "imam": "REL",
        "christians": "REL",
    }
    assert {word: agents.get(word) for word in expected} == expected


def test_origin_of_a_visitor_and_destinations_are_not_locations(pipeline):
    text = "Three police officers and a woman visiting from Norway were wounded in Tunis."
    actors = actors_of(pipeline, text, dt.date(2024, 3, 1))
    assert agent(actors, "woman") == ("NOR", "CVL", "phrase")
    assert agent(actors, "police officers")[:2] == ("TUN", "COP")
    text = (
        "The Texas governor met officials in Austin. He said the National Guard would be sent "
        "to the Mexico border."
    )
    actors = actors_of(pipeline, text, dt.date(2024, 3, 1))
    # "to the Mexico border" is where the guard goes, not whose guard it is.
    assert agent(actors, "National Guard") == ("USA", "MIL", "article")


def test_masked_men_are_unidentified_armed_men_of_the_place(pipeline):
    actors = actors_of(pipeline, "Masked men attacked a bank in Nairobi.", dt.date(2024, 3, 1))
    assert agent(actors, "Masked men") == ("KEN", "UAF", "sentence")


@pytest.mark.parametrize(
    ("sentence", "needle", "code", "sector"),
    [
        ("HTS fighters seized the town of Saraqeb.", "HTS", "SYR", "REB"),
        (
            "The Syrian Democratic Forces detained three men.",
            "Syrian Democratic Forces",
            "SYR",
            "REB",
        ),
        ("The RSF shelled El Fasher overnight.", "RSF", "SDN", "REB"),
        ("M23 rebels advanced on Goma.", "M23", "COD", "REB"),
        ("JNIM claimed the ambush in Burkina Faso.", "JNIM", "IMG", "REB"),
        ("ISWAP fighters raided a base in Borno.", "ISWAP", "NGA", "REB"),
        ("The Pakistani Taliban attacked a checkpoint.", "Pakistani Taliban", "PAK", "REB"),
        ("Palestinian Islamic Jihad fired rockets at Sderot.", "Islamic Jihad", "PSE", "REB"),
        ("Fatah accused its rivals of a coup.", "Fatah", "PSE", "GOV"),
        ("The Azov brigade held the line.", "Azov", "UKR", "MIL"),
        ("The Arakan Army captured a border post.", "Arakan Army", "MMR", "REB"),
    ],
)
def test_armed_groups_newer_than_phoenix(pipeline, sentence, needle, code, sector):
    assert resolved(actors_of(pipeline, sentence, dt.date(2024, 6, 1)), needle) == (code, sector)


@pytest.mark.parametrize(
    ("sentence", "published", "needle", "code", "sector"),
    [
        ("Tinubu ordered troops to the north.", dt.date(2024, 2, 1), "Tinubu", "NGA", "GOV"),
        ("Maduro denounced the sanctions.", dt.date(2019, 2, 1), "Maduro", "VEN", "GOV"),
        ("Hemedti vowed to fight on.", dt.date(2023, 6, 1), "Hemedti", "SDN", "REB"),
        ("Hemedti signed the deal.", dt.date(2020, 6, 1), "Hemedti", "SDN", "MIL"),
        ("Min Aung Hlaing visited Moscow.", dt.date(2022, 9, 1), "Min Aung Hlaing", "MMR", "GOV"),
        ("Tsai Ing-wen thanked the delegation.", dt.date(2022, 8, 3), "Tsai Ing-wen", "TWN", "GOV"),
        (
            "Abiy Ahmed met Debretsion Gebremichael.",
            dt.date(2021, 1, 1),
            "Debretsion",
            "ETH",
            "REB",
        ),
        ("Ibrahim Traoré addressed the nation.", dt.date(2023, 1, 1), "Traoré", "BFA", "GOV"),
        ("Gustavo Petro met ELN negotiators.", dt.date(2023, 3, 1), "Petro", "COL", "GOV"),
        ("Sirajuddin Haqqani spoke in Kabul.", dt.date(2022, 5, 1), "Haqqani", "AFG", "GOV"),
    ],
)
def test_leaders_after_the_phoenix_dictionaries(
    pipeline, sentence, published, needle, code, sector
):
    assert resolved(actors_of(pipeline, sentence, published), needle) == (code, sector)


def test_police_agencies_and_government_aides(pipeline):
    text = "The LAPD and the FBI arrested a suspect, and presidential aides in Paris met reporters."
    actors = actors_of(pipeline, text, dt.date(2024, 3, 1))
    assert resolved(actors, "LAPD") == ("USA", "COP")
    assert resolved(actors, "FBI") == ("USA", "COP")
    assert agent(actors, "presidential aides") == ("FRA", "GOV", "phrase")


def test_ap_style_is_for_the_islamic_state(pipeline):
    text = "IS fighters attacked a checkpoint near Raqqa. The town is calm, and fighters left."
    actors = actors_of(pipeline, text, dt.date(2018, 4, 1))
    assert resolved(actors, "IS fighters") == ("IMG", "REB")
    assert [a.code for a in actors if a.code == "IMG"] == ["IMG"]  # not the verb "is"


# ---------------------------------------------------------------- organisations (issue 9)
@pytest.mark.parametrize(
    ("sentence", "needle", "code", "sector"),
    [
        # A place opening the name gives the country (gazetteer): "Lagos" -> NGA.
        (
            "Officers of the Lagos State Traffic Authority seized 40 buses.",
            "Traffic Authority",
            "NGA",
            "GOV",
        ),
        ("The Mombasa County Police Service arrested six men.", "Police Service", "KEN", "COP"),
        # No place in the name: the context (here the sentence's place) gives it.
        (
            "Golden Crest Holdings Ltd closed its factory in Accra on Friday.",
            "Golden Crest",
            "GHA",
            "BUS",
        ),
    ],
)
def test_unknown_organisations_by_the_head_of_their_name(pipeline, sentence, needle, code, sector):
    mentions = find(actors_of(pipeline, sentence), needle)
    assert mentions, actors_of(pipeline, sentence)
    assert (mentions[0].code, mentions[0].sector) == (code, sector)
    assert "org_heads.tsv" in (mentions[0].source or "")


def test_acronym_defined_after_the_full_name_takes_its_code(pipeline):
    text = (
        "The Lagos State Traffic Management Authority (LASTMA) impounded 40 buses on Monday. "
        "Drivers said LASTMA had targeted them unfairly."
    )
    actors = actors_of(pipeline, text)
    later = [a for a in actors if a.text == "LASTMA" and a.start > text.index("Drivers")]
    assert later, actors
    assert (later[0].code, later[0].sector) == ("NGA", "GOV")
    assert "acronym of" in (later[0].source or "")


def test_acronym_spelled_by_initials_without_definition(pipeline):
    text = (
        "The Accra Port Workers Union held a meeting on Monday. "
        "On Tuesday APWU called a strike in Tema."
    )
    actors = actors_of(pipeline, text)
    later = [a for a in actors if a.text == "APWU"]
    assert later, actors
    assert (later[0].code, later[0].sector) == ("GHA", "LAB")


def test_a_person_named_institution_is_not_an_organisation_actor_of_the_person(pipeline):
    actors = actors_of(pipeline, "Students of King Juan Carlos University protested in Madrid.")
    assert not [a for a in actors if "Juan Carlos" in a.text and a.kind == "person"]


def test_group_name_inside_an_unknown_organisation_name_is_not_the_group(pipeline):
    # "Bersatu" alone is a Thai insurgent group (Phoenix); inside a longer party name with
    # other unexplained capitalised words it is part of that name.
    actors = actors_of(pipeline, "The Parti Pribumi Bersatu Malaysia held a rally in Penang.")
    assert not [a for a in actors if a.code == "THA"], actors
    assert [a for a in actors if a.text == "Malaysia" and a.code == "MYS"], actors


def test_short_form_refers_to_the_organisation_named_before(pipeline):
    text = (
        "Police in Lagos raided the offices of the Labour Party on Monday. "
        "The party said the raid was illegal."
    )
    actors = actors_of(pipeline, text)
    later = [a for a in actors if a.text == "party"]
    assert later, actors
    assert (later[0].code, later[0].sector) == ("NGA", "PTY")
    assert "short form" in (later[0].source or "")


def test_the_group_refers_to_a_named_group_and_modified_short_forms_do_not(pipeline):
    text = "Hamas fired rockets on Tuesday. The group said it would continue."
    (group,) = [a for a in actors_of(pipeline, text) if a.text == "group"]
    assert group.code == "PSE"
    text = "Hamas fired rockets on Tuesday. The Kurdish group said it would continue."
    assert not [a for a in actors_of(pipeline, text) if a.code == "PSE" and "group" in a.text]


# ------------------------------------------------------------------ flag carriers, namesakes
@pytest.mark.parametrize(
    ("text", "needle", "code"),
    [
        ("Ukraine banned Belavia flights over its territory.", "Belavia", "BLR"),
        ("Hijackers seized an EgyptAir jet and forced it to land in Cyprus.", "EgyptAir", "EGY"),
        ("Customs officers in Oslo searched a Lufthansa cargo plane.", "Lufthansa", "DEU"),
    ],
)
def test_a_flag_carrier_is_its_states_business(pipeline, text, needle, code):
    mentions = find(actors_of(pipeline, text), needle)
    assert [(m.code, m.sector) for m in mentions] == [(code, "BUS")]


def test_a_carrier_named_with_its_state_still_resolves_by_its_head_word(pipeline):
    mentions = find(actors_of(pipeline, "Kenya Airways cancelled flights to Mogadishu."), "Kenya")
    assert [(m.code, m.sector) for m in mentions] == [("KEN", "BUS")]


def test_a_small_namesake_town_does_not_settle_shared_names(pipeline):
    # Heathrow is also a Florida town of 6,000 people: the airport must not pull "London" (a
    # name London, Kentucky shares) or the men detained there to the United States.
    text = (
        "Two men were detained at Heathrow airport after a flight from Moscow. "
        "The Home Office in London confirmed the arrests."
    )
    actors = actors_of(pipeline, text)
    assert [m.code for m in find(actors, "Home Office")] == ["GBR"]
    assert "USA" not in {m.code for m in find(actors, "men")}


# ------------------------------------------------------------------ diplomats abroad
def test_a_titled_diplomat_is_the_state_an_earlier_mention_named(pipeline):
    text = (
        "Iran's ambassador to Kenya was expelled on Friday. Kenyan police escorted Ambassador "
        "Hamid Rezaei to the airport in Nairobi, where Rezaei boarded a flight home."
    )
    actors = actors_of(pipeline, text)
    assert [m.code for m in find(actors, "Hamid Rezaei")] == ["IRN"]
    assert {m.code for m in find(actors, "Rezaei")} == {"IRN"}  # the bare surname too


def test_a_bare_envoy_is_the_earlier_envoys_state_not_the_hosts(pipeline):
    text = (
        "Kenyan officials summoned the Ugandan envoy on Monday. "
        "In Nairobi, they told the envoy that the raids must stop."
    )
    envoys = [m for m in actors_of(pipeline, text) if m.text == "envoy"]
    assert [(m.code, m.sector) for m in envoys] == [("UGA", "GOV")]


def test_an_ambassador_of_no_named_state_is_no_actor(pipeline):
    # Not Kenya's: an ambassador in Nairobi is another state's envoy.
    actors = actors_of(pipeline, "The ambassador said the talks in Nairobi went well.")
    assert not find(actors, "ambassador")


# ------------------------------------------------------------------ the institution just named
def test_a_bare_institution_is_the_one_just_named_with_its_country(pipeline):
    text = (
        "Israeli jets struck targets near Damascus overnight, Israel's military said. "
        "The Syrian army said its air defences shot down several Israeli missiles. "
        "Israel has carried out hundreds of strikes in Syria since 2017, Israeli officials say. "
        "The army said two soldiers were wounded."
    )
    armies = [m for m in actors_of(pipeline, text) if m.text == "army"]
    assert [(m.code, m.sector, m.country_source) for m in armies] == [("SYR", "MIL", "earlier")]


def test_a_bare_ministry_follows_the_ministry_named_before(pipeline):
    text = (
        "China's commerce ministry said on Thursday it had filed a complaint against US tariffs. "
        "Washington imposed the tariffs in March, and US officials defended them. "
        "The ministry said the US measures were protectionism."
    )
    ministries = [m for m in actors_of(pipeline, text) if m.text == "ministry"]
    assert [m.code for m in ministries] == ["CHN"]


def test_an_office_holder_does_not_follow_an_earlier_title(pipeline):
    text = (
        "Turkish President Recep Tayyip Erdogan met US officials in Ankara. "
        "Washington wants Turkey to release an American pastor. "
        "The president said on Monday that the courts would decide."
    )
    presidents = [m for m in actors_of(pipeline, text) if m.text == "president"]
    assert all(m.country_source != "earlier" for m in presidents)
