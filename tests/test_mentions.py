"""Which words the tool names as the speaker mention: sentences written for each pattern.

Rows are ``(text, quote it starts with, expected mention, expected speaker key)`` where a
None mention means "no mention at all" (better than a wrong one). Articles are dated
2023-05-01.
"""

from __future__ import annotations

from datetime import date

import pytest

from quotes.attribute.lexicon import default_lexicon
from quotes.attribute.phrases import Phrase, resolve
from quotes.attribute.registry import load_registry
from quotes.attribute.runner import extract
from quotes.config import speakers_path
from quotes.types import Article

REGISTRY = load_registry(speakers_path())
DAY = date(2023, 5, 1)
LEXICON = default_lexicon()


def mention_of(text: str, quote: str) -> tuple[str | None, str | None]:
    doc = extract(Article("t.txt", text, "sha", DAY), REGISTRY)
    for q in doc.quotes:
        if q.text.startswith(quote):
            return q.attribution.mention, q.attribution.speaker
    raise AssertionError(f"no quote starting {quote!r} in {[q.text for q in doc.quotes]}")


SENTENCE_END = [
    # The quote's full stop ends the writer's sentence: the next one's subject is not its cue.
    (
        'Peskov told reporters: "We are ready to talk." Putin said the talks were over.',
        "We are ready",
        "Peskov",
        "peskov",
    ),
    (
        'The aide said: "Nothing was agreed." Lukashenko then said the border would close.',
        "Nothing was agreed",
        "The aide",
        None,
    ),
    # A short closing sentence is still the cue.
    ('"We are ready." Putin said on Monday.', "We are ready", "Putin", "putin"),
    ('"Why?" Putin asked, adding that it was late.', "Why?", "Putin", "putin"),
    # A question mark is the English way to end a quote before its cue.
    (
        '"Who knows?" Peskov told reporters in Moscow after a long meeting on Monday.',
        "Who knows?",
        "Peskov",
        "peskov",
    ),
    # And the next quote, after "." and a new sentence, is not held by the earlier cue.
    (
        '"We are ready to talk," Peskov said. "It is late." Lukashenko said there was no deal.',
        "It is late",
        "Peskov",
        "peskov",
    ),
]


@pytest.mark.parametrize(("text", "quote", "mention", "speaker"), SENTENCE_END)
def test_a_sentence_ends_after_a_quotes_full_stop(
    text: str, quote: str, mention: str | None, speaker: str | None
) -> None:
    assert mention_of(text, quote) == (mention, speaker)


NOT_A_SPEAKER = [
    # A registry name that is the object of a preposition is not the phrase's head.
    ('Critics of Putin say his policies are "a disaster".', "a disaster", "Critics of Putin", None),
    ('A source close to Peskov said the plan was "dead".', "dead", "A source close", None),
    ('"It is dead," a source close to Peskov said.', "It is dead", "a source close", None),
    # A registry name as a modifier ("A Putin ally") or in a relative clause ("who met
    # Putin") does not speak; "Putin himself" does.
    ('A Putin ally said the West was "weak".', "weak", "A Putin ally", None),
    (
        '"It is useful," a Lukashenko spokeswoman said.',
        "It is useful",
        "a Lukashenko spokeswoman",
        None,
    ),
    ('Putin himself said it was "useful".', "useful", "Putin", "putin"),
    ('The man who met Putin said the talks were "tense".', "tense", "The man", None),
    # A speaker phrase too long to be one: the name before its "of" heads it.
    (
        '"It is a stretch," Ann Baker of the James Martin Center for Arms Control Studies wrote.',
        "It is a stretch",
        "Ann Baker",
        None,
    ),
    # A role its holder no longer (or not yet) holds names nobody in the registry.
    (
        'The former Russian president said the war was "a mistake".',
        "a mistake",
        "The former Russian president",
        None,
    ),
    (
        'A former Belarusian leader said it was "a mistake".',
        "a mistake",
        "A former Belarusian leader",
        None,
    ),
    (
        "Бывший президент России заявил, что это «ошибка».",
        "ошибка",
        "Бывший президент России",
        None,
    ),
    (
        'Putin spoke.\n\nThe former president said it was "a mistake".',
        "a mistake",
        "The former president",
        None,
    ),
    (
        'The Russian president said the war was "a mistake".',
        "a mistake",
        "Russian president",
        "putin",
    ),
    # A title, then the name set off after it: the name speaks.
    (
        'The spokesman for Putin, Dmitry Peskov, said it was "over".',
        "over",
        "Dmitry Peskov",
        "peskov",
    ),
    # A conjunction, an adverb or a determiner alone is nobody.
    ('The rally ended, and said: "We go home now."', "We go home", None, None),
    ('"We are done," and then the hall emptied.', "We are done", None, None),
    ('Even said: "It is over."', "It is over", None, None),
    ('The plan was called a "disaster."', "disaster", None, None),
    # A noun that names a thing said, not a sayer.
    ('Lawmakers declined to say the words "radical change."', "radical change", None, None),
    # "comment" is never the mention; "He", who repeated it, may be (with no registry speaker).
    ('He repeated the comment "no deal" twice.', "no deal", "He", None),
    # An opener before the name is not part of it.
    ('Then Putin said: "We are ready."', "We are ready", "Putin", "putin"),
    ('But Peskov told reporters: "Nothing is planned."', "Nothing is planned", "Peskov", "peskov"),
    # A coordinated verb takes the first clause's subject.
    (
        'Lukashenko spoke for an hour, and added: "Our doors are open."',
        "Our doors are open",
        "Lukashenko",
        "lukashenko",
    ),
    (
        'Peskov declined to name a date and said: "The president will decide."',
        "The president will decide",
        "Peskov",
        "peskov",
    ),
    # A person named like a word still speaks when the word is not an opener.
    ('"We are ready," Read said.', "We are ready", "Read", None),
    # "the United States" is no verb: no speaker is read before it.
    ('The vote in the United States "changed everything."', "changed", None, None),
    ('Officials in the United States "will not accept this," he wrote.', "will not", "he", None),
    ('Putin states: "We are ready."', "We are ready", "Putin", "putin"),
    # A preposition's object, a manner adverb or a time word is nobody.
    ('"We won," Ann Baker, beaming, on Friday said.', "We won", "Ann Baker", None),
    ('"We won," said matter-of-factly a voice.', "We won", None, None),
    ('"We won," Putin has repeatedly said.', "We won", "Putin", "putin"),
    ('Hours later, a spokesman called it "a farce."', "a farce", "a spokesman", None),
    ('A spokesman said Wednesday, "We are ready."', "We are ready", "A spokesman", None),
    # A wire dateline is no subject; the sentence's own subject follows its dash.
    (
        'Washington (AFP) – Senator Ann Baker took a swipe at it, saying it was "reckless."',
        "reckless",
        "Senator Ann Baker",
        None,
    ),
    (
        'MINSK, Dec. 8 (Belta) — In response, Lukashenko met the press, saying: "We are ready."',
        "We are ready",
        "Lukashenko",
        "lukashenko",
    ),
    ('NATO – the alliance – met, saying it was "ready to act."', "ready", None, None),
    # An opening -ly or -ing phrase, a sentence adverb or a preposition opening the
    # sentence is nobody; a surname ending so still speaks.
    (
        'Hastily politicizing the tragedy, Ann Baker blamed rivals, saying it was "terror."',
        "terror",
        "Ann Baker",
        None,
    ),
    (
        'Alongside the mayor, a top strategist spoke, saying, "We must act."',
        "We must act",
        "a top strategist",
        None,
    ),
    ('Eventually Peskov said the plan was "dead."', "dead", "Peskov", "peskov"),
    ('Browning said the plan was "dead."', "dead", "Browning", None),
    # A passive participle with its agent is no speech verb; "by phone", "by pointing" are
    # how someone spoke.
    ('They cut the "poison pill" measures added by Ann Baker.', "poison pill", None, None),
    # "According to X" speaks for every quote of its sentence, past X's own earlier ones.
    (
        'According to Peskov, the talks were "long," "frank" and "useful."',
        "useful",
        "Peskov",
        "peskov",
    ),
    (
        'According to Peskov, the talks were "useful," but Ann Baker said they were "a farce."',
        "a farce",
        "Ann Baker",
        None,
    ),
    # A quote in single marks is no subject word of the next verb.
    ("Kremlin rejects Kyiv's 'provocation' claims\n\nMoscow.", "provocation", None, None),
    ('"It is over," Ann Baker added by phone.', "It is over", "Ann Baker", None),
    # An aside between dashes (or typewriter dashes) parts the subject from its verb; the
    # name after the verb is its object, not its subject.
    (
        'Lukashenko — who has ruled since 1994 — said Putin "is a brother."',
        "is a brother",
        "Lukashenko",
        "lukashenko",
    ),
    (
        'Lukashenko -- who has ruled since 1994 -- said Putin "is a brother."',
        "is a brother",
        "Lukashenko",
        "lukashenko",
    ),
    (
        'A former candidate -- Ann Baker, who lost in 2008 -- said the president "failed."',
        "failed",
        "A former candidate",
        None,
    ),
    # After words of its own clause, an English verb's subject stands before it, however
    # long; at the clause's start the name after it is the subject.
    (
        'The spokesman for the ministry of foreign affairs in Minsk said Putin "is a brother."',
        "is a brother",
        "The spokesman for the ministry of foreign affairs",
        None,
    ),
    ('Those who voted said Putin "is a brother."', "is a brother", None, None),
    ('Asked about it, said Peskov: "We are ready."', "We are ready", "Peskov", "peskov"),
    (
        'Ann Baker responded by pointing at him, saying: "It is over."',
        "It is over",
        "Ann Baker",
        None,
    ),
]


# Words that end a clause, not a noun phrase: no speaker however they stand next to a verb.
CLAUSE_ENDINGS = [
    "appeared",
    "voters shouldn't",
    "he’s",
    "Wednesday",
    "the comment",
    # A clause cut short: ending on a determiner or an auxiliary, opening on an auxiliary,
    # a pronoun with a verb after it, a verb and its object, a preposition, an adverb alone.
    "the council represented the",
    "Mr. Baker had",
    "has set up a website",
    "he heard Baker talk of",
    "shared a syllabus",
    "around sensitive emails",
    "clearly",
    "Baker cannot",
    "Jindal signed an order",
    "the movement have ever",
]
NOUN_PHRASES = [
    "a source involved",
    "the accused's lawyer",
    "Ann Baker",
    "the newspaper",
    "unnamed officials",
    "he only",
    "a member of the",  # cut by a quote: 'a member of the "Zapad" staff said'
    "another",
]


@pytest.mark.parametrize("words", CLAUSE_ENDINGS)
def test_a_clause_ending_is_no_speaker_phrase(words: str) -> None:
    assert resolve(Phrase(0, len(words), words), DAY, REGISTRY, LEXICON).kind == "invalid"


@pytest.mark.parametrize("words", NOUN_PHRASES)
def test_a_noun_phrase_is_a_speaker_phrase(words: str) -> None:
    assert resolve(Phrase(0, len(words), words), DAY, REGISTRY, LEXICON).kind != "invalid"


@pytest.mark.parametrize(("text", "quote", "mention", "speaker"), NOT_A_SPEAKER)
def test_words_that_are_no_speaker(
    text: str, quote: str, mention: str | None, speaker: str | None
) -> None:
    assert mention_of(text, quote) == (mention, speaker)


HONORIFICS = [
    ('"We are ready," said Sen. Ted Cruz.', "Sen. Ted Cruz"),
    ('Rep. Hakeem Jeffries said: "It should shock us."', "Rep. Hakeem Jeffries"),
    ('"No comment," Gov. Greg Abbott told reporters.', "Gov. Greg Abbott"),
    ('"Fine," Lt. Gen. Mark Smith said.', "Lt. Gen. Mark Smith"),
    ('"It is late," said Ms. Anna Hale.', "Ms. Anna Hale"),
    ('"We will see," Pres. Obama said.', "Pres. Obama"),
    ('"Take the pills," Dr. Jones said.', "Dr. Jones"),
]


@pytest.mark.parametrize(("text", "mention"), HONORIFICS)
def test_an_honorific_keeps_the_name_whole(text: str, mention: str) -> None:
    assert mention_of(text, text.split('"')[1][:5]) == (mention, None)


CUE_PREDICATES = [
    ('Peskov described the report as "utter nonsense."', "utter nonsense", "Peskov", "peskov"),
    ('Putin dubbed the plan "a farce."', "a farce", "Putin", "putin"),
    (
        'Lukashenko referred to the opposition as "runaways."',
        "runaways",
        "Lukashenko",
        "lukashenko",
    ),
    ('Putin praised the troops as "true heroes."', "true heroes", "Putin", "putin"),
    ('Peskov derided the claims as "fantasy."', "fantasy", "Peskov", "peskov"),
    ('"Get out!" Lukashenko shouted.', "Get out", "Lukashenko", "lukashenko"),
    ('"We regret it," Peskov said in a statement.', "We regret", "Peskov", "peskov"),
    ('In a statement, Peskov said: "We regret it."', "We regret", "Peskov", "peskov"),
    ('Peskov told reporters: "No plans."', "No plans", "Peskov", "peskov"),
    ('In his remarks, Putin stressed: "We are open."', "We are open", "Putin", "putin"),
    ('Peskov, in a statement, called it "a provocation."', "a provocation", "Peskov", "peskov"),
    ('"Nothing is decided," Peskov concludes.', "Nothing is decided", "Peskov", "peskov"),
    # Reporting verbs of judgement and appeal quote the subject; their object is no speaker.
    ('Putin decried the "systemic lies" of the West.', "systemic lies", "Putin", "putin"),
    ('Peskov often speaks of "a new era."', "a new era", "Peskov", "peskov"),
    ('Lukashenko thanked Putin for "real help."', "real help", "Lukashenko", "lukashenko"),
    ('He rails against its "cheating."', "cheating", "He", None),
    ('"The way I see it," she elaborated, "no one doubts it."', "The way", "she", None),
    ('Asked about it, Ann Baker could only quip: "Not today."', "Not today", "Ann Baker", None),
    ('He planned to write a book, tweeting that "I am bound."', "I am bound", "He", None),
    # Verbs of blame and acclaim name what the subject said of something.
    (
        'The governor blamed the floods on "years of neglect."',
        "years of neglect",
        "The governor",
        None,
    ),
    ('Putin heralded the deal as "a breakthrough."', "a breakthrough", "Putin", "putin"),
    ('Peskov credited the army with "holding the line."', "holding the line", "Peskov", "peskov"),
    (
        'Ann Baker sniped that the mayor was "learning on the job."',
        "learning on",
        "Ann Baker",
        None,
    ),
    ('Ann Baker fired back that the voters "chose me twice."', "chose me twice", "Ann Baker", None),
    ('Putin ripped the envoy for acting as "judge and jury."', "judge and jury", "Putin", "putin"),
    ('Peskov proclaims the plan "a fine piece of work."', "a fine piece", "Peskov", "peskov"),
    ('Putin defended his remarks as "a joke."', "a joke", "Putin", "putin"),
    ('"Is he profiling?" reacted Ann Baker.', "Is he profiling", "Ann Baker", None),
    ('"The attacks show it," they conclude.', "The attacks", "they", None),
    (
        'Putin clashed with him, chiding him, "What difference does it make?"',
        "What difference",
        "Putin",
        "putin",
    ),
    ('Putin issued a statement, "Last night we were attacked."', "Last night", "Putin", "putin"),
    ('Ann Baker echoed: "He speaks his mind."', "He speaks", "Ann Baker", None),
    ('The crowd answered him, softly echoing "too many."', "too many", "The crowd", None),
    ('The paper will accuse you of a "freak out."', "freak out", "The paper", None),
    # "echoes" as a noun is no verb.
    ('The echoes of the war were "everywhere," he wrote.', "everywhere", "he", None),
    # The wire services' present progressive, and a pronoun with its auxiliary clipped on.
    ('Ann Baker is pledging to "win every district."', "win every district", "Ann Baker", None),
    ('Putin is questioning whether the West "wants peace."', "wants peace", "Putin", "putin"),
    ('Ann Baker spoke. He’s predicting he will do "very well."', "very well", "He", None),
    # A participle set off after the quote speaks for the subject before it.
    (
        'Putin defended "traditional values," saying the West had lost them.',
        "traditional values",
        "Putin",
        "putin",
    ),
    # A clause after a common noun and "and" has a subject of its own.
    (
        'A woman asked for a photo and Ann Baker said, "Only if we are quick."',
        "Only if",
        "Ann Baker",
        None,
    ),
    # A modal that is also a name is the subject before a finite verb, not before a bare one.
    ('"It should end the race," Will wrote.', "It should end", "Will", None),
    ('Will described the senator as a "caricature."', "caricature", "Will", None),
    ('"We will see," Ann Baker said. Will voters agree?', "We will see", "Ann Baker", None),
    # A pronoun opening the sentence speaks through a second verb, past a number's comma.
    (
        'She greeted 2,000 supporters and told them they would "build ladders."',
        "build ladders",
        "She",
        None,
    ),
    # ... or whose subject is a pronoun after "and".
    (
        'Ann Baker fixed the tax system and he, once again, pledged a "revolution".',
        "revolution",
        "he",
        None,
    ),
    # A relative clause with its own (named) speaker holds the quote.
    (
        'Peskov faulted the report, which the inquiry said was "extremely careless."',
        "extremely careless",
        "the inquiry",
        None,
    ),
    # Negatives: the verb's own clause ("said it was") or a noun use is no cue of its own.
    ('Analysts said it was "a farce."', "a farce", "Analysts", None),
    ('His remarks "went too far," critics said.', "went too far", "critics", None),
    # An outlet speaks in its own words (an editorial): a mention, never a registry speaker;
    # a person at an agency is a person, not the agency.
    (
        '"He must go," the conservative newspaper wrote.',
        "He must go",
        "the conservative newspaper",
        None,
    ),
    (
        '"We are done," said one former agency official.',
        "We are done",
        "one former agency official",
        None,
    ),
]


@pytest.mark.parametrize(("text", "quote", "mention", "speaker"), CUE_PREDICATES)
def test_cue_predicates(text: str, quote: str, mention: str | None, speaker: str | None) -> None:
    assert mention_of(text, quote) == (mention, speaker)


APPOSITIVES = [
    (
        'Peskov, 56, the spokesman of the Kremlin, and a former diplomat, said: "It is over."',
        "Peskov",
        "peskov",
    ),
    (
        "Dmitry Peskov, who has served as the Kremlin spokesman since 2012 and was earlier a"
        ' diplomat in Turkey and a press officer for the government, said: "It is over."',
        "Dmitry Peskov",
        "peskov",
    ),
    (
        'But Lukashenko, the long-serving leader, who met Putin in Sochi, said: "It is over."',
        "Lukashenko",
        "lukashenko",
    ),
    # A clause before the commas is no subject: the name inside it is not taken.
    (
        'Putin met Lukashenko, the Belarusian leader, and Zelensky, a rival, said: "It is over."',
        "Zelensky",
        None,
    ),
]


@pytest.mark.parametrize(("text", "mention", "speaker"), APPOSITIVES)
def test_a_long_appositive_between_subject_and_verb(
    text: str, mention: str, speaker: str | None
) -> None:
    assert mention_of(text, "It is over") == (mention, speaker)


COORDINATED = [
    (
        'When asked whom she supported, Ms. Sherry smiled and said, "I am waiting."',
        "Ms. Sherry",
        None,
    ),
    ('Putin noted the risks, and added: "I am waiting."', "Putin", "putin"),
    ('The hall was quiet and then said: "I am waiting."', None, None),
    # One comma right before "and" still joins the second verb to the first's subject;
    # a clause with a subject of its own between does not.
    ('Ann Baker compared it to a war, and added: "I am waiting."', "Ann Baker", None),
    ('Ann Baker left, the mayor stayed, and added: "I am waiting."', None, None),
    # The words commas set off before "and added" are the first clause, not an aside.
    (
        'Facing the press, Putin blamed the West, and added: "I am waiting."',
        "Putin",
        "putin",
    ),
]


@pytest.mark.parametrize(("text", "mention", "speaker"), COORDINATED)
def test_a_coordinated_verb_speaks_with_its_clauses_subject(
    text: str, mention: str | None, speaker: str | None
) -> None:
    assert mention_of(text, "I am waiting") == (mention, speaker)


OUTLET_GLUED = [
    ("«Мы готовы к диалогу», — цитирует Лукашенко БЕЛТА.", "Лукашенко", "lukashenko"),
    ("«Мы готовы к диалогу», — цитирует БелТА Лукашенко.", "Лукашенко", "lukashenko"),
    ("«Мы готовы к диалогу», — приводит слова Пескова ТАСС.", "Пескова", "peskov"),
    ('"Мы готовы к диалогу," Peskov TASS said.', "Peskov", "peskov"),
    # An acronym alone is an organisation: a mention, never a person of the registry.
    ('"Мы готовы к диалогу," NATO said.', "NATO", None),
]


@pytest.mark.parametrize(("text", "mention", "speaker"), OUTLET_GLUED)
def test_an_outlet_glued_to_the_name_is_not_part_of_it(
    text: str, mention: str, speaker: str | None
) -> None:
    assert mention_of(text, "Мы готовы") == (mention, speaker)


# One language's stop word is another's name part: Latvian "un" ("and") inside "Kim Jong Un".
NAME_PARTS = [
    ('"We will respond," Kim Jong Un said.', "We will respond,", "Kim Jong Un"),
    ('"Noted," Ban Ki Un Moon said.', "Noted,", "Ban Ki Un Moon"),
    # After the verb too: Latvian "jo" ("because") is the name Jo.
    ('"It is over," said Jo Baker.', "It is over,", "Jo Baker"),
    ('"Tas ir beigas," sacīja Peskovs, jo tā ir.', "Tas ir beigas,", "Peskovs"),
    # Lower case it is still a stop: the phrase before it is the subject.
    ('"Mēs atbildēsim," Peskovs un vakar sacīja.', "Mēs atbildēsim,", "Peskovs"),
]


@pytest.mark.parametrize(("text", "quote", "mention"), NAME_PARTS)
def test_a_capitalised_stop_word_inside_a_name_stays_in_it(
    text: str, quote: str, mention: str
) -> None:
    assert mention_of(text, quote)[0] == mention


# (sentence, quote, mention): a registry name after a noun that takes a person in the
# genitive ("critics of X") heads nothing, in the languages that put the person after it.
GENITIVE_MODIFIERS = [
    ("Критики Путина заявили, что это «катастрофа».", "катастрофа", "Критики Путина"),
    ("Сторонники Лукашенко заявили: «Мы победили».", "Мы победили", "Сторонники Лукашенко"),
    ("Соратник Путина сказал, что это «провал».", "провал", "Соратник Путина"),
    ("Kritici Putina řekli, že je to \u201ekatastrofa\u201c.", "katastrofa", "Kritici Putina"),
    (
        "Zwolennicy Łukaszenki powiedzieli: \u201eWygraliśmy\u201d.",
        "Wygraliśmy",
        "Zwolennicy Łukaszenki",
    ),
    (
        "Die Kritiker Putins sagten, es sei \u201eeine Katastrophe\u201c.",
        "eine Katastrophe",
        "Die Kritiker Putins",
    ),
]


@pytest.mark.parametrize(("text", "quote", "mention"), GENITIVE_MODIFIERS)
def test_a_name_in_the_genitive_after_a_relation_noun_is_no_speaker(
    text: str, quote: str, mention: str
) -> None:
    assert mention_of(text, quote) == (mention, None)


# ... while a title before the name, or the name alone, still speaks.
NOMINATIVE_SPEAKERS = [
    ("Президент Путин заявил, что это «провал».", "провал", "putin"),
    ("Песков назвал эти сообщения «уткой».", "уткой", "peskov"),
    ("Как отметил Путин, «ситуация остается сложной».", "ситуация", "putin"),
    # A demonstrative after a preposition is no subject: the name after the verb is.
    ("Об этом заявил журналистам Песков: «Мы готовы».", "Мы готовы", "peskov"),
    # The relative "который" speaks for the name it follows, as "who" does.
    ("Лукашенко поблагодарил Путина, который назвал его «настоящим другом».", "настоящим", "putin"),
    ("Путин встретился с Лукашенко, который заявил, что «всё хорошо».", "всё хорошо", "lukashenko"),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), NOMINATIVE_SPEAKERS)
def test_a_titled_or_bare_name_still_speaks(text: str, quote: str, speaker: str) -> None:
    assert mention_of(text, quote)[1] == speaker


# A registry surname after a given name that is not the speaker's own is another person of
# the family; in an article that names one, a bare surname names nobody in the registry.
OTHER_BEARERS = [
    (
        'Viktor Lukashenko, the president\u2019s son, said it was "fine".',
        "fine",
        "Viktor Lukashenko",
        None,
    ),
    ('"I am proud," said Yelizaveta Peskova.', "I am proud", "Yelizaveta Peskova", None),
    ('Lyudmila Putina said it was "fine".', "fine", "Lyudmila Putina", None),
    (
        'Viktor Lukashenko spoke.\n\n"We are fine," Lukashenko said.',
        "We are fine",
        "Lukashenko",
        None,
    ),
    # Titles, openers, outlets and the speaker's own names are no given name.
    ('Alexander Lukashenko said it was "fine".', "fine", "Alexander Lukashenko", "lukashenko"),
    ('President Lukashenko said it was "fine".', "fine", "Lukashenko", "lukashenko"),
    ('But Lukashenko said it was "fine".', "fine", "Lukashenko", "lukashenko"),
    ('Comrade Putin said it was "fine".', "fine", "Putin", "putin"),
    ("Вчера Лукашенко заявил, что всё «хорошо».", "хорошо", "Лукашенко", "lukashenko"),
    ("«Мы готовы», — цитирует БелТА Лукашенко.", "Мы готовы", "Лукашенко", "lukashenko"),
    # A relation noun before the genitive ("Kritici Lukašenka": his critics) is no namesake.
    (
        "Kritici Lukašenka tvrdí, že volby byly „fraška“.\n\n„Jsme připraveni,“ řekl Lukašenko.",
        "Jsme",
        "Lukašenko",
        "lukashenko",
    ),
    # The speaker's own given name with a case ending (Czech genitive "Dmitrije", Polish
    # "Władimira") is no namesake: the mention is the speaker, and so is a bare surname.
    (
        "Podle Dmitrije Peskova je situace „pod kontrolou“.",
        "pod kontrolou",
        "Peskova",
        "peskov",
    ),
    (
        "Podle mluvčího Kremlu Dmitrije Peskova je to „absurdní“.\n\n"
        "Peskov uvedl, že „jednání neprobíhají“.",
        "jednání",
        "Peskov",
        "peskov",
    ),
    (
        "Słowa Władimira Putina: „Nie ustąpimy”.\n\n„Jesteśmy gotowi” – powiedział Putin.",
        "Jesteśmy",
        "Putin",
        "putin",
    ),
    # Another given name still shadows the surname.
    ('Viktoria Peskova spoke.\n\n"We are fine," Peskov said.', "We are fine", "Peskov", None),
]


@pytest.mark.parametrize(("text", "quote", "mention", "speaker"), OTHER_BEARERS)
def test_another_bearer_of_a_registry_surname(
    text: str, quote: str, mention: str, speaker: str | None
) -> None:
    assert mention_of(text, quote) == (mention, speaker)


# (phrase, speaker): a registry surname in a Slavic oblique case after a lowercase noun
# is that noun's modifier, unless the noun is one of the speaker's own titles.
POSSESSORS = [
    ("представитель Путина", None),
    ("давний друг Путина", None),
    ("пресс-служба Путина", None),
    ("poradce Peskova", None),
    ("przyjaciel Putina", None),
    # His own title, in the same case: apposition, still him.
    ("президента Путина", "putin"),
    ("prezidenta Putina", "putin"),
    ("пресс-секретарь Пескова", "peskov"),
    # A nominative after a title, or the surname alone (after "по словам"), is him.
    ("президент Путин", "putin"),
    ("Путина", "putin"),
    # Baltic nominatives end like Slavic obliques: not read as one.
    ("prezidentas Putinas", "putin"),
]


@pytest.mark.parametrize(("phrase", "speaker"), POSSESSORS)
def test_a_surname_in_an_oblique_case_after_a_noun_is_its_modifier(
    phrase: str, speaker: str | None
) -> None:
    assert resolve(Phrase(0, len(phrase), phrase), DAY, REGISTRY, LEXICON).speaker == speaker
