"""factcheck.speakers on hand-written sentences, one per case (real spaCy model)."""

from __future__ import annotations

import pytest

from factcheck import nlp as fnlp
from factcheck.lexicon.speech import speech_verbs


def _quotes(text: str):
    (doc,) = fnlp.parse([text])
    return fnlp.quotes(doc)


def _speaker(text: str, start: str) -> str | None:
    found = [q for q in _quotes(text) if q.text.startswith(start)]
    assert len(found) == 1, found
    return found[0].speaker


@pytest.mark.parametrize(
    ("text", "start", "speaker"),
    [
        # a partial quotation inside reported speech
        (
            "Dana Whitfield said that the board takes the complaint \u201cvery seriously\u201d "
            "and will review it.",
            "very",
            "Dana Whitfield",
        ),
        # the name after the quotation, in apposition to a title
        (
            "\u201cThat is simply untrue!\u201d said the editor, Marcus Bell.",
            "That is",
            "Marcus Bell",
        ),
        # inverted "said X"
        (
            '"The roads will reopen on Friday," said Priya Natarajan.',
            "The roads",
            "Priya Natarajan",
        ),
        # a title the article gave a person earlier
        (
            "The mayor, Olga Brandt, opened the new bridge on Tuesday.\n\n"
            '"It took eleven years," the mayor said.',
            "It took",
            "Olga Brandt",
        ),
        # a role with a possessor resolves through the apposition that named it
        (
            "Her son, Tomas Reyes, joined the rally in the afternoon.\n\n"
            '"She never gives up," the candidate\'s son told the crowd.',
            "She never",
            "Tomas Reyes",
        ),
        # "he said" after another person is named as an object: the subject is meant
        (
            'Victor Lang criticised Helen Moss for the delay.\n\n"This cannot go on," he said.',
            "This cannot",
            "Victor Lang",
        ),
        # a relative pronoun is not a speaker: its antecedent is
        (
            'It was Ruth Okafor who said the plan was "dead on arrival."',
            "dead",
            "Ruth Okafor",
        ),
        # a fragment of a name resolves to the full name
        (
            'Keir Halloran arrived late to the summit.\n\n"We are ready," Keir said.',
            "We are",
            "Keir Halloran",
        ),
        # an organisation stays itself
        (
            '"No decision has been taken," the ministry said in a statement.',
            "No decision",
            "the ministry",
        ),
        # "according to"
        (
            'The deal is "almost done," according to Lena Fischer.',
            "almost",
            "Lena Fischer",
        ),
    ],
)
def test_speaker(nlp, text, start, speaker):
    assert _speaker(text, start) == speaker


def test_a_place_in_the_sentence_is_not_the_speaker(nlp):
    text = 'The party dropped a call for "more aid" to Moldova from its platform.'
    assert all(q.speaker != "Moldova" for q in _quotes(text))


def test_it_and_that_are_never_speakers(nlp):
    text = 'It said the figures were "provisional," and that was that.'
    assert all(q.speaker not in {"It", "it", "that"} for q in _quotes(text))


def test_dash_line_names_the_speaker(nlp):
    text = "\u201cI had never voted before this year.\u201d\n\n\u2015 Carla Mendes, 41, Tucson"
    assert _quotes(text)[0].speaker == "Carla Mendes"


def test_a_closing_mark_that_opens_a_paragraph_opens_the_quotation(nlp):
    text = "\u201dWe will keep going,\u201d said Anna Wolff."
    (q,) = _quotes(text)
    assert q.text == "We will keep going,"
    assert q.speaker == "Anna Wolff"


def test_offsets_are_characters_and_source_span_points_at_the_mention(nlp):
    text = 'After the vote, "we won," Iris Cole said.'
    (q,) = _quotes(text)
    assert text[q.start : q.end] == q.text == "we won,"
    assert q.source is not None and text[q.source[0] : q.source[1]] == "Iris Cole"


@pytest.mark.parametrize("verb", ["say", "add", "insist", "warn", "describe", "call", "tweet"])
def test_reporting_verbs_come_from_wordnet(verb):
    assert verb in speech_verbs()


@pytest.mark.parametrize("verb", ["take", "give", "be", "have", "run"])
def test_common_verbs_are_not_reporting_verbs(verb):
    assert verb not in speech_verbs()


# ------------------------------------------------------- rules for real news copy


@pytest.mark.parametrize(
    ("text", "start", "speaker"),
    [
        # a reporting verb in a preposition's complement: the subject of the verb above
        (
            "Rosa Imbert, a retired judge, went on the radio and began by saying she would "
            '"never" sign it.',
            "never",
            "Rosa Imbert",
        ),
        (
            "Tom Saska, despite admitting that the rules were \u201ctoo loose,\u201d voted "
            "for them.",
            "too loose",
            "Tom Saska",
        ),
        # a clause ending in a colon introduces the quotation, with any verb
        (
            'Nora Quill carried on: "They want all of it, and they want it now."',
            "They want",
            "Nora Quill",
        ),
        (
            "Ortiz went further in the afternoon.\n\n"
            '"There is no money left for the bridge," Ortiz said.\n\n'
            'Said Ann Lee: "I have heard that before."',
            "I have heard",
            "Ann Lee",
        ),
        (
            "Bela Hanko made the following remark in May:\n\n"
            '"If the mill closes, the valley closes with it."',
            "If the mill",
            "Bela Hanko",
        ),
        # a partial quotation in a clause whose subject is a person
        (
            'Laura Benson likened the new tariff to "a tax on breakfast" in his column.',
            "a tax",
            "Laura Benson",
        ),
        (
            "Greta Voss, a historian at the college, compared the mayor to a referee who "
            'keeps "changing the score" mid-game.',
            "changing",
            "Greta Voss",
        ),
        # the words of a claim belong to the person whose claim it is
        (
            'The panel looked at Ortiz\'s claim that the plant lost "nine jobs a week."',
            "nine jobs",
            "Ortiz",
        ),
        # a quotation standing alone after a sentence about a person
        (
            "Her old business partner at the bakery, Hanna Berg, called her a born negotiator. "
            '"She could sell sand in the desert."',
            "She could",
            "Hanna Berg",
        ),
        # the cue in the short sentence right after the quotation
        (
            '"Does anyone here remember the last flood?" Ortiz asked. "I do."',
            "Does anyone",
            "Ortiz",
        ),
        # ... or in the rest of the sentence the parser split after the quotation's "!"
        (
            'The crowd met Lee with chants of "Annie!" at the fair last month, according to '
            "Dara Holt-Moss of the union.",
            "Annie",
            "Dara Holt-Moss",
        ),
        # a noun that is mostly a thing is no person's title, whatever its rare senses
        (
            'Ann Lee signed the letter on Monday.\n\nThe letter read: "We ask for a vote."',
            "We ask",
            "The letter",
        ),
        # a participle on a name: "X asking, ..."
        (
            'The clip shows Ann Lee asking, "Why is the gate still shut?"',
            "Why is",
            "Ann Lee",
        ),
        # a dash line with a name the NER may not know
        (
            "\u201cWe waited four hours in the rain.\u201d \u2015 Jorunn Ashby\n"
            "\u201cThe line never moved.\u201d \u2015 Pia Lund",
            "We waited",
            "Jorunn Ashby",
        ),
        # "he" has no man to go to here and takes Ann Lee; that guess must not make her
        # a man for the rest of the article
        (
            'Ann Lee spoke after the vote.\n\n"We lost," he said.\n\n'
            'Ann Lee left early. "See you at the pier," she said.',
            "See you",
            "Ann Lee",
        ),
        # "Stone" alone is taken for an organisation; as a subject it is Ivo Stone, and
        # the president named after him in passing is not who "he" is
        (
            "Retired Gen. Ivo Stone spoke on the radio.\n\n"
            "There, Stone made it clear that he had doubts about the army under President "
            'Barbara Kent.\n\n"It was hard to serve," he told the host.',
            "It was hard",
            "Ivo Stone",
        ),
        # the subject of the main clause before one inside it
        (
            "Tomas Ortiz said he expects Dana Whitfield to recover fully before the vote."
            '\n\n"It is something you prepare for all the same," he said.',
            "It is something",
            "Tomas Ortiz",
        ),
        # a title the tagger reads as a proper noun, with the name in apposition
        (
            "The Executive Secretary of the Fund, Marta Kowalczyk, said: "
            '"One vote, one chance, and we took it."',
            "One vote",
            "Marta Kowalczyk",
        ),
        # "he" after a two-word name the tagger missed, with a person noun in apposition
        (
            "Oskar Brandvold, the regional finance minister chairing the board, has presented "
            "the budget to members, with Dana Whitfield and Rui Costa at his side. "
            '"We are nearly done, and ready for the next one," he told them.',
            "We are nearly done",
            "Oskar Brandvold",
        ),
    ],
)
def test_speaker_on_news_copy(nlp, text, start, speaker):
    assert _speaker(text, start) == speaker


@pytest.mark.parametrize(
    "text",
    [
        # a phrase that is another person's, in someone else's sentence
        'Ann Lee mocked Ortiz\'s "bridge to nowhere" again on Monday.',
        # a thing as the subject of the clause is no speaker without a reporting verb
        'The storm left the harbour "a field of splinters," the photos show nothing else.',
    ],
)
def test_no_reporting_verb_and_no_person_gives_no_guess(nlp, text):
    assert all(q.speaker in {None, "the photos"} for q in _quotes(text))


def test_a_colon_after_an_abstract_subject_names_no_speaker(nlp):
    text = 'The slant shows from the first line: "Nobody here wanted the new pier."'
    (q,) = _quotes(text)
    assert q.speaker is None


def test_a_possessor_is_named_without_its_mark(nlp):
    text = 'The panel looked at Tomas Ortiz\' claim that the plant lost "nine jobs a week."'
    (q,) = _quotes(text)
    assert q.speaker == "Tomas Ortiz"


def test_a_paragraph_per_line_is_read_line_by_line(nlp):
    # single line breaks between paragraphs, and a quotation that runs on to the next
    # line: the block as a whole does not pair up, its lines do
    text = (
        "\u201cWe will rebuild the pier,\u201d Ortiz said. \u201cIt will take a year.\n"
        "\u201cAnd it will cost more than the old one.\u201d\n"
        "\u201cNobody asked us,\u201d said Ann Lee."
    )
    found = {q.text: q.speaker for q in _quotes(text)}
    assert found["Nobody asked us,"] == "Ann Lee"
    assert found["We will rebuild the pier,"] == "Ortiz"


def test_a_first_mark_followed_by_a_space_opens_the_paragraph_quotation(nlp):
    text = "\u201d \u2026 and the river rose all night,\u201d Ann Lee said."
    (q,) = _quotes(text)
    assert q.speaker == "Ann Lee"


def test_the_last_paragraph_of_a_run_on_quotation_may_lack_its_mark(nlp):
    text = (
        'Ortiz read the letter aloud:\n\n"We have waited long enough.\n\n'
        '"We will not wait another winter.'
    )
    texts = [q.text for q in _quotes(text)]
    assert "We will not wait another winter." in texts


def test_a_quotation_nested_in_other_marks_is_part_of_the_outer_one(nlp):
    text = '"As the \u201cHarbour Gazette\u201d wrote, the pier is unsafe," Ann Lee said.'
    (q,) = _quotes(text)
    assert q.text.startswith("As the") and q.speaker == "Ann Lee"


def test_a_transcript_line_names_its_speaker(nlp):
    text = (
        "Ann Lee spoke to Tomas Ortiz on the evening show.\n\n"
        '"ORTIZ: Will the pier reopen this year?\n\n"LEE: Not before the spring."'
    )
    found = {q.text[:5]: q.speaker for q in _quotes(text)}
    assert found == {"ORTIZ": "Tomas Ortiz", "LEE: ": "Ann Lee"}


def test_words_someone_hopes_will_be_said_have_no_speaker(nlp):
    text = 'I hope that next spring the whole town says, "Thank you, we are done."'
    (q,) = _quotes(text)
    assert q.speaker is None


def test_a_feeling_inside_the_quotation_does_not_make_the_cue_a_wish(nlp):
    text = '"We do not want to go back to that time, and we will not," Ann Lee said.'
    (q,) = _quotes(text)
    assert q.speaker == "Ann Lee"


def test_a_capitalised_dateline_is_no_person(nlp):
    from factcheck.speakers.article import _dateline

    doc = nlp("KARLSTAD NORTH, 3 May - Ann Lee opened the session.")
    assert _dateline(doc[0:2])
    assert not _dateline(doc[6:8])  # "Ann Lee"
