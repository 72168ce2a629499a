"""Each sieve called on its own, on sentences written for it: what it answers, or None.

Rows are ``(text, expected)`` for the last quote of the text: ``expected`` is the
(speaker key, mention) the sieve gives, or None when it must not fire. Earlier quotes of
the text are attributed by the whole runner first, as they would be in an article.
"""

from __future__ import annotations

from datetime import date

import pytest

from quotes.attribute import sieves
from quotes.attribute.lexicon import default_lexicon
from quotes.attribute.registry import load_registry
from quotes.attribute.runner import _first, build_context
from quotes.attribute.sieves import SIEVES, Sieve
from quotes.config import speakers_path
from quotes.extract.splitter import split
from quotes.types import NO_ATTRIBUTION, Article

REGISTRY = load_registry(speakers_path())
DAY = date(2023, 5, 1)
Expected = tuple[str | None, str | None] | None


def run(sieve: Sieve, text: str) -> Expected:
    article = Article("t.txt", text, "sha", DAY)
    spans = split(text, 0)
    assert spans, f"no quote in {text!r}"
    ctx = build_context(article, spans, REGISTRY, default_lexicon())
    for span in spans[:-1]:
        ctx.cache.answers.append(_first(span, ctx, SIEVES) or NO_ATTRIBUTION)
    found = sieve(spans[-1], ctx)
    return None if found is None else (found.speaker, found.mention)


TABLES: dict[Sieve, list[tuple[str, Expected]]] = {
    sieves.nested_speech: [
        ("Peskov said Putin had told him: \"'We will not retreat.'\"", ("putin", "Putin")),
        ('Lukashenko said Putin had told him: "We will not retreat."', ("putin", "Putin")),
        ('Peskov said Zelensky told reporters: "We fight on."', (None, "Zelensky")),
        # A quote wholly inside a quote, no inner speaker named: nobody's.
        ("Peskov said: \"'We will not retreat.'\"", (None, None)),
        # Negatives: one speaker; "X said he ..." is the pronoun sieves' to resolve.
        ('Peskov said: "We will not retreat."', None),
        ('Lukashenko said he had told Putin: "We will not retreat."', None),
        ('Peskov said Putin warned the "red lines" were clear.', None),
    ],
    sieves.quoted_as_saying: [
        ('"We are ready," Belta quoted Lukashenko as saying.', ("lukashenko", "Lukashenko")),
        ('Putin was quoted by TASS as saying: "Talks go on."', ("putin", "Putin")),
        # "quoted him as saying": the pronoun resolved like any other.
        (
            'Lukashenko spoke in Minsk. "We are ready," state media quoted him as saying.',
            ("lukashenko", "him"),
        ),
        ('"We are ready," state media quoted him as saying.', (None, "him")),
        ('"We are ready," Lukashenko said.', None),
        # A quoting verb right after the quote, then the outlet and whom it quotes, in
        # either order; the outlet alone, or a description, names nobody.
        ("„Jsme spojenci,“ citovala Lukašenka agentura Belta.", ("lukashenko", "Lukašenka")),
        ("„Jsme připraveni,“ cituje agentura BelTA Lukašenka.", ("lukashenko", "Lukašenka")),
        ("„Me oleme liitlased,“ vahendas Belta Lukašenka sõnu.", ("lukashenko", "Lukašenka")),
        ("«Мы готовы», — цитирует БелТА Лукашенко.", ("lukashenko", "Лукашенко")),
        ("«Мы готовы», — приводит РИА Новости слова Пескова.", ("peskov", "Пескова")),
        ("«Мы готовы», — передает ТАСС слова Лукашенко.", ("lukashenko", "Лукашенко")),
        ("«Мы готовы», — передает ТАСС.", None),
        ("„Jsme připraveni,“ citovala agentura BelTA.", None),
        ("„Jsme připraveni,“ citovala agentura ČTK mluvčího vlády.", None),
        # The verb must follow the quote: one further on quotes someone else.
        ("„Jsme připraveni,“ řekl Zelenskyj, kterého citovala agentura BelTA.", None),
    ],
    sieves.cue_after_quote: [
        # A party and state tag between the name and the verb.
        ('"We agree," Sen. Ann Baker (D-Ohio) said on Monday.', (None, "Sen. Ann Baker")),
        ('"We agree," the senators (all of them from Ohio and Iowa) said.', None),
        # An aside set off by dashes, as by commas.
        ('"The talks were useful," Peskov — the Kremlin spokesman — said.', ("peskov", "Peskov")),
        # A fragment handed to a name by its own clause right before it is not the cue's.
        ('In his speech, which Lukashenko called "historic," Putin said little.', None),
        ('Nothing the president said "will help," the senator said.', (None, "the senator")),
        # A quote between two dashes is an aside of the clause before it, not the next one's.
        ('Ann Baker faulted it – "why now?" – voters who watched it said.', None),
        ('Ann Baker faulted it: "Why now?" – voters said.', (None, "voters")),
        # The tag may stand before the verb's auxiliary or adverb too.
        ('"We agree," Sen. Ann Baker (D-Ohio) has said.', (None, "Sen. Ann Baker")),
        ('"The talks went well," Peskov said.', ("peskov", "Peskov")),
        ('"The talks went well," said Dmitry Peskov.', ("peskov", "Dmitry Peskov")),
        ('"We need air defence," Zelensky said.', (None, "Zelensky")),
        ('"The talks went well," he said.', None),  # a pronoun: pronoun_cue's
        ('"The talks went well." Peskov left the room.', None),
        # A short closing clause, whatever its verb: subject and a past form, then the stop.
        ('"We will never give in," an angry Ann Baker retaliated.', (None, "an angry Ann Baker")),
        ('"Talks are over," the statement read.', (None, "the statement")),
        ('"Talks are over," read the statement from Minsk.', (None, "the statement")),
        ('"Talks are over," the two senators write.', (None, "the two senators")),
        ('"We are ready," Peskov retorted.', ("peskov", "Peskov")),
        # A party-and-state tag as the aside between the name and its verb.
        ('"We lost," Sen. Ann Baker, R-Ky., said.', (None, "Sen. Ann Baker")),
        ('"We lost," Ann Baker, D-N.Y., said on Monday.', (None, "Ann Baker")),
        # Negatives: a passive or a plural noun closing the sentence; a new sentence.
        ('"So, who?" Her name is redacted.', None),
        ('"We are ready," the Iowa caucuses.', None),
        ('"We are ready." Peskov smiled.', None),
        ('"Ready?" The crowd roared and cheered.', None),
        # A signature line after a quote that closes its paragraph.
        ('"We will win."\n\n- Ann Baker, Minsk.', (None, "Ann Baker")),
        ('"We will win."\n\n— Vladimir Putin, on Telegram.', ("putin", "Vladimir Putin")),
        ('"We will win."\n\n- and then the hall emptied after the long speech.', None),
        ('"We will win," she said at last.\n\n- Ann Baker, Minsk.', None),
        # A long appositive between the name and the verb.
        (
            '"We lost," Ann Baker, director of the Centre for Applied Studies at the'
            " long-established Eastport Institute, said in an interview.",
            (None, "Ann Baker"),
        ),
    ],
    sieves.cue_before_quote: [
        ('Putin said: "We have all we need."', ("putin", "Putin")),
        ('Peskov: "There is no such plan."', ("peskov", "Peskov")),
        # A clause before the colon is no label: its verb's subject speaks.
        ('Putin told Shoigu: "Start the drills."', ("putin", "Putin")),
        # The name after "said to" is the one spoken to: not a label, the subject speaks.
        ('Shoigu said to Putin: "The drills went well."', None),
        # So is a name after the verb when a subject stands before it (a dative, in the
        # languages that mark one); with none before, the name after the verb is its subject.
        ("Шойгу сказал Путину: «Операция идёт по плану».", ("shoigu", "Шойгу")),
        ("Лукашенко заявил Путину: «Мы с вами».", ("lukashenko", "Лукашенко")),
        ("Šojgu řekl Putinovi: „Vše jde podle plánu.“", ("shoigu", "Šojgu")),
        ("Šoigu ütles Putinile: „Kõik läheb plaanipäraselt.“", ("shoigu", "Šoigu")),
        ("Об этом заявил журналистам Песков: «Мы готовы».", ("peskov", "Песков")),
        # A name in the dative before the colon is the addressee, no label.
        ("Лукашенко — Путину: «Мы с вами».", None),
        # "as" after a verb opens the speaker's clause; after a name it gives a role.
        ('Putin watched as Shoigu said: "The drills went well."', ("shoigu", "Shoigu")),
        ('The crowd cheered as Lukashenko said: "We are ready."', ("lukashenko", "Lukashenko")),
        ('Medvedev as president said: "We are ready."', (None, "Medvedev")),
        # Verbs of manner and writing are cues as "said" is; verbs of belief are not.
        ('Ann Baker interjected: "So you agree?"', (None, "Ann Baker")),
        ('Ann Baker wrote in a memo: "We agree."', (None, "Ann Baker")),
        ('Ann Baker thinks: "We agree."', None),
        # After a naming verb come its object's words, never the speaker.
        ('Putin called the plan "a farce".', ("putin", "Putin")),
        ('The leader, who has called the pact "insanity," left.', None),
        ('Putin left the hall. "We have all we need."', None),
        # A sentence opening with "And" or "But" goes on with its main clause's subject.
        ('And then Ann Baker left the hall, saying, "He must go."', (None, "Ann Baker")),
        # ("As" opens a clause of its own: its subject is not the participle's.)
        ('As Ann Baker left the hall, officials cheered, saying, "He must go."', None),
    ],
    sieves.according_to: [
        ('"The economy adapted," according to Putin.', ("putin", "Putin")),
        ('According to Peskov, "no decision was taken."', ("peskov", "Peskov")),
        # No comma after the source: the name ends where the clause goes on (German V2).
        ('According to Putin the West is "to blame".', ("putin", "Putin")),
        ("Laut Scholz ist die Lage \u201eunter Kontrolle\u201c.", (None, "Scholz")),
        ('According to Ann Baker and Tom Holt the West is "to blame".', None),
        ('Putin spoke on Friday.\n\nAccording to him, "the economy adapted."', ("putin", "him")),
        # An outlet is the source of its own report: a mention, never a registry speaker.
        ('According to Belta, "the talks went well."', (None, "Belta")),
        # The whole sentence's source, the quote inside it, with nobody else's verb between.
        (
            'According to Ann Baker, the plan had "no future" at all.',
            (None, "Ann Baker"),
        ),
        ('The plan had "no future", according to Dmitry Peskov.', ("peskov", "Dmitry Peskov")),
        ('Putin spoke. According to his spokesman, "talks are over."', (None, "his spokesman")),
        # Negatives: a speech verb of someone else's, or another quote, stands between.
        ('According to Belta, Putin called the plan "a farce."', None),
        ('According to Ann Baker, "we lost" and Tom Hill said it was "over."', None),
        ('The plan was "dead" before Putin spoke, Peskov said, according to Belta.', None),
    ],
    sieves.role_cue: [
        # A registry name inside another speaker's role, in the genitive, is the role
        # holder's principal: Putin's press secretary speaks, not Putin.
        ("Пресс-секретарь Путина заявил: «Мы готовы».", ("peskov", "Пресс-секретарь Путина")),
        ("Mluvčí Putina řekl: „Jsme připraveni.“", ("peskov", "Mluvčí Putina")),
        ("Der Sprecher Putins sagte: „Wir sind bereit.“", ("peskov", "Sprecher Putins")),
        ('The spokesman for Putin said: "We are ready."', ("peskov", "spokesman for Putin")),
        (
            "«Мы не предадим», — заявил глава белорусского государства.",
            ("lukashenko", "глава белорусского государства"),
        ),
        ("«Мы готовы», — сказал хозяин Кремля.", ("putin", "хозяин Кремля")),
        ("„Wir sind bereit“, sagte der Kremlherrscher.", ("putin", "Kremlherrscher")),
        ('"No decision yet," said the Kremlin spokesman.', ("peskov", "Kremlin spokesman")),
        ('"We stand firm," the Belarusian leader said.', ("lukashenko", "Belarusian leader")),
        ('"No decision yet," Peskov said.', None),
    ],
    sieves.pronoun_cue: [
        ('Putin spoke in Sochi. "We are ready," he said.', ("putin", "he")),
        # A one-word name opening the sentence before may be the one "he" means: rather
        # than reach past it to a registry speaker, the pronoun stays unresolved.
        (
            'Putin spoke in Sochi. Zelensky rejected the talks. "It is theatre," he said.',
            (None, "he"),
        ),
        ('Putin spoke in Sochi. Moscow cheered. "It is a start," he said.', ("putin", "he")),
        (
            "Lukashenko visits Moscow\n\nThe Belarusian leader landed on Friday.\n\n"
            "The talks lasted hours. Journalists waited outside.\n\n"
            'But the mood was tense.\n\n"We agreed on gas," he said.',
            ("lukashenko", "he"),
        ),
        ('Peskov spoke. After the talks, Putin left.\n\n"We are ready," he said.', ("putin", "he")),
        # "she" skips the men the registry knows, and nobody else is named: the mention
        # "she" and no speaker.
        ('Putin spoke in Sochi. "We are ready," she said.', (None, "she")),
        ('"We are ready," Peskov said.', None),
        # "it" and the writer's "I" speak, but never stand for a person: no speaker.
        ('Putin spoke. "We will win," it read.', (None, "it")),
        ('Putin spoke. "We will win," I said.', (None, "I")),
        ('Putin spoke. "We lost," it read. "We will win," he said.', ("putin", "he")),
        # A name set off before the pronoun's cue is the topic, not the speaker: "he" is
        # someone else, here not known, so no speaker.
        ('Zelensky thanked allies. Putin, he said, "will lose this war."', (None, "he")),
        ('Zelensky spoke. Lukashenko, she said, "is a dictator."', (None, "she")),
        # The topic is not the person named before, who still may be meant.
        ('Putin spoke in Sochi. The West, he said, "is weak."', ("putin", "he")),
        ('Putin spoke in Sochi. Putin, he said, "is tired."', (None, "he")),
        # "сказал он Путину", "řekl Putinovi": the one spoken to is not who "he" means.
        ("Лукашенко прилетел в Москву.\n\n«Мы с вами», — сказал он Путину.", ("lukashenko", "он")),
        ("Lukašenko přiletěl do Moskvy.\n\n„Jsme s vámi,“ řekl Putinovi.", ("lukashenko", "řekl")),
        # A sentence that opens on a described person stands between "he" and a name
        # further back; a registry title names its holder.
        ('Putin arrived. His host greeted him. "Welcome, brother," he said.', (None, "he")),
        (
            'Lukashenko freed her. The 34-year-old left prison. "I am free," she said.',
            (None, "she"),
        ),
        (
            'Lukashenko thanked Putin. The Russian president smiled. "We help friends," he said.',
            ("putin", "he"),
        ),
        ('Putin arrived. The talks lasted hours. "We agreed," he said.', ("putin", "he")),
        (
            "Putin traf Tokajew. Der kasachische Präsident lobte ihn. „Wir sind Freunde“, sagte er",
            (None, "er"),
        ),
    ],
    sieves.follows_previous_quote: [
        ('"We are ready," Putin said. "The West is not."', ("putin", "Putin")),
        (
            '"We will see," said Acme Watch president Tom Baker. "The court decides."',
            (None, "Acme Watch president Tom Baker"),
        ),
        # Names in the cue's own appositive are nobody new; a sentence of the writer's is.
        (
            '"It is over," said Ann Baker, a director of the Acme Bank in Ohio. "We appeal."',
            (None, "Ann Baker"),
        ),
        ('"It is over," said Ann Baker. Acme Bank disagreed. "We will appeal."', None),
        ('"We are ready," Putin said. Lavrov agreed. "The West is not."', None),
        # A sentence of the writer's that names only places brings in nobody new; one that
        # opens on a description ("The mayor") may, and a quote after a colon is introduced.
        (
            '"It is a small town," Ann Baker said. It lies far from Mason City. "We like it."',
            (None, "Ann Baker"),
        ),
        ('"It is a small town," Ann Baker said. The mayor disagreed. "We like it."', None),
        ('"It is small," Ann Baker said. Her rival went further: "We like it."', None),
        # The quote's own sentence closes on an attribution: that one speaks for it.
        ('"It is over," Ann Baker said. "We won" because we tried, Tom Holt said.', None),
        ('The "Zapad" drills began. "The West is not ready."', None),  # a term links nobody
        # A show's name between two quotes of one speaker is the writer's, not a new voice.
        (
            '"We lost," Ann Baker said on NBC\'s "Morning Hour" today. "We will be back."',
            (None, "Ann Baker"),
        ),
        ('"We lost," Ann Baker said on "Morning Hour." Tom Hill laughed. "We won."', None),
        # A party-and-state tag's initials are no new person.
        (
            '"We lost," said Sen. Ann Baker, R-S.C. "We will be back. All of us."',
            (None, "Sen. Ann Baker"),
        ),
        ('"We lost," said Sen. Ann Baker. T. Hill laughed. "We won."', None),
    ],
    sieves.enclosing_speech: [
        ('Lukashenko claimed the forces will "never be defeated".', ("lukashenko", "Lukashenko")),
        # A quote in the aside between a subject and its verb is another's label or a
        # question put, not words the verb reports; a name set off after a title still
        # speaks across its closing comma.
        ('Putin, dubbed "the tsar" by his critics, said the war goes on.', None),
        ('Lukashenko, whom critics call "the last dictator", said he would run.', None),
        ('Peskov, asked about "the incident", said nothing.', None),
        (
            'The Kremlin spokesman, Dmitry Peskov, said the talks were "useful".',
            ("peskov", "Dmitry Peskov"),
        ),
        ('Peskov, 56, said the talks were "useful".', ("peskov", "Peskov")),
        ('Zelensky said the strikes were "a war crime".', (None, "Zelensky")),
        ('Peskov — the Kremlin spokesman — said the talks were "useful".', ("peskov", "Peskov")),
        ('Jo Sims — a teacher from Ohio — says it was "a big deal".', (None, "Jo Sims")),
        # The sentence's subject speaks across an appositive or through a second verb.
        (
            'Ann Baker, a director of the Acme Bank in Ohio, said the deal was "a fraud".',
            (None, "Ann Baker"),
        ),
        ('After the vote, Putin left the hall and said the talks were "over".', ("putin", "Putin")),
        # A semicolon closes the subject's clause; "who" opens someone else's, and speaks
        # for the name it follows.
        ('Putin left the hall; the talks, officials said, were "over".', (None, "officials")),
        ('Putin met Ann Baker, who said the talks were "over".', (None, "who")),
        ('Ann Baker met Vladimir Putin, who also said it was "over".', ("putin", "who")),
        # Without a comma too: the relative's verb is its noun's ("a man who said").
        ('Putin met a man who said the talks were "over".', (None, "who")),
        ('Putin dismissed critics who say he is "weak".', (None, "who")),
        ('Putin replied to a reporter who asked, "Will you run?"', (None, "who")),
        # A relative after the quote restricts its noun; it is no cue for the quote.
        ('Most saw the "right direction" against 24 percent who said otherwise.', None),
        # "who founded the site" is the relative's own clause: "tweeted" is the head's.
        (
            'Ann Baker, the pollster who founded the site, tweeted that it was "over".',
            (None, "Ann Baker"),
        ),
        # A subordinate clause with its own speaker holds the quote; an absolute participle
        # with a name before it ("– Ryan saying …") speaks with that name.
        (
            'McCain issued a statement after Ann Baker told a rally it was "peanuts".',
            (None, "Ann Baker"),
        ),
        (
            'Both issued a statement \u2013 Ann Baker saying she was "encouraged" and more.',
            (None, "Ann Baker"),
        ),
        # The subordinate clause's subject may carry a title, or be a common noun when an
        # auxiliary marks the clause; a preposition's object before "said" is no subject.
        (
            "McCain issued a statement after Republican contender Ann Baker told a rally it"
            ' was "peanuts".',
            (None, "Republican contender Ann Baker"),
        ),
        (
            'A judge fined a man after the man had posted that they should "go home".',
            (None, "the man"),
        ),
        ('Putin after the talks said they were "useful".', ("putin", "Putin")),
        ('Putin after meeting Ann Baker said it was "useful".', ("putin", "Putin")),
        # A sentence opening with a subordinate clause: the main clause's act governs.
        (
            'Although Putin criticised the plan, Peskov said it was "a good start".',
            ("peskov", "Peskov"),
        ),
        ('When Putin spoke, Ann Baker told reporters it was "a good start".', (None, "Ann Baker")),
        (
            'Although Putin criticised it and said it was "a bad start," Peskov left.',
            ("putin", "Putin"),
        ),
        # "with X saying": an absolute clause with a subject of its own.
        (
            "The attack sparked a debate, with Senator Ann Baker telling reporters it was"
            ' "a failure".',
            (None, "Senator Ann Baker"),
        ),
        ('With Peskov saying the talks were "over," the ruble fell.', ("peskov", "Peskov")),
        ('Ann Baker spoke with Tom Hill and said it was "over".', (None, "Ann Baker")),
        # The relative clause belongs to the person before "who"; a thing's names no one.
        ('The man who met Putin said the talks were "useful".', (None, "The man")),
        ('Messages that reached Putin were labelled "secret".', None),
        ('At the time, she released a statement saying, "We are confident."', (None, "she")),
        # The relative's own verb holds the quote that follows it: its antecedent speaks.
        ('Lukashenko thanked Putin, who called him "a true friend".', ("putin", "who")),
        (
            'Lukashenko, who met Putin on Friday, said the talks were "useful".',
            ("lukashenko", "Lukashenko"),
        ),
        # An inverted cue set off by commas inside the sentence; "told" takes an object.
        (
            'The paradox, says Ann Baker, a historian, is that it was "a power".',
            (None, "Ann Baker"),
        ),
        ('The plan, told reporters, was "a disaster".', None),
        # Two opening phrases before the subject, the second a subordinate one.
        (
            'On Friday, after weeks of silence, Ann Baker backed him, saying "He is ready".',
            (None, "Ann Baker"),
        ),
        (
            'In three interviews, the judge spoke out, saying she did "not want it".',
            (None, "the judge"),
        ),
        # A description opening the sentence, up to its verb, speaks through a participle;
        # a thing said is no description of a speaker.
        (
            'The retired surgeon began by talking about costs, saying care is "too dear".',
            (None, "The retired surgeon"),
        ),
        (
            'The former minister has given no details, saying "it is early".',
            (None, "The former minister"),
        ),
        ('The words rang out, saying "it is early".', None),
        # The sentence's opening phrase, set off from its verb by an aside in commas.
        (
            'One attendee, who spoke on condition of anonymity, said it was "not over".',
            (None, "One attendee"),
        ),
        (
            'Rep. Ann Baker (D-Md.), chair of the committee, said it was "open to all".',
            (None, "Rep. Ann Baker"),
        ),
        (
            'Ohio Sen. Ann Baker\'s campaign, for example, said she would "back him".',
            (None, "Ohio Sen. Ann Baker's campaign"),
        ),
        # Negatives: an opening phrase of place or time, or a clause, before the comma.
        ('On Tuesday at the hall in Minsk, after the vote, said it was "over".', None),
        # A description opening on an article is a subject set off as a name is.
        (
            'A senior official, speaking on condition of anonymity, said Ann Baker "will go".',
            (None, "A senior official"),
        ),
        # (past both opening phrases, the name is the subject)
        (
            'On Tuesday at the hall in Minsk, after the vote, Putin, said it was "over".',
            ("putin", "Putin"),
        ),
        ('Whatever Putin thinks, most analysts, it seems, said it was "over".', None),
        ('Every Putin ally, it seems, said it was "over".', None),
        # The attribution closing the sentence speaks for all of it, "and" or not.
        (
            'Leaders grew more "conversant" and more willing to act, Ann Baker said.',
            (None, "Ann Baker"),
        ),
        (
            'Leaders grew more "conversant" and more willing to act, Peskov said on Monday.',
            ("peskov", "Peskov"),
        ),
        ('Leaders grew more "conversant" and Peskov said it was good.', None),
        ("Putin: West Is 'Lying' About 'Everything'", ("putin", "Putin")),
        ("Ann Baker: We Are 'Horrified' By the Vote", (None, "Ann Baker")),
        # Negatives: a headline whose words before the colon are more than a name.
        ("Lukashenko Backs Putin: West Is 'Lying'", None),
        ("The Latest: West Is 'Lying' About It", None),
        # The subject right after a quote opens the attribution its participle goes on.
        (
            'Putin spoke. "We are ready," he said, adding that the "red lines" held.',
            ("putin", "he"),
        ),
        ('Putin met the press, who said the talks were "over".', (None, "who")),  # not Putin
        # Words between "who" and its verb; a noun phrase or a name with no comma.
        ('Ann Baker, who has in the past described it as "a farce", left.', (None, "who")),
        ('A tweet came from Ann Baker who wrote, "They lie."', (None, "who")),
        ('Trump heard the Mexican president, who said it was "good for all".', (None, "who")),
        # Negatives: the name inside the antecedent is not its head.
        ('Reporters met the wife of Putin, who said it was "a mistake".', (None, "who")),
        # A conjunction opens a clause with a speaker of its own, before or after the quote.
        (
            'Putin accuses the West of "lying" and Ann Baker says it is "a fiction" now.',
            (None, "Ann Baker"),
        ),
        ('The plan was "a fiction" and Ann Baker says so.', None),
        # A name set off by commas inside an opening phrase is not the sentence's subject.
        (
            "Putin spoke. On the topic of a rival, Mr. Putin, Tom Baker was asked why he had"
            ' said it was "a great honor".',
            (None, "he"),
        ),
        # A time word opening the subject is not the speaker; the name by the verb is.
        (
            'Saturday at the convention Sen. Ann Baker said it was a "failure".',
            (None, "Sen. Ann Baker"),
        ),
        ('Although in May she left, in June she said it was "a failure".', (None, "she")),
        ('Monday at noon Peskov said the talks were "useful".', ("peskov", "Peskov")),
        # Lowercase titles inside the subject's name phrase; a verb is no title.
        (
            'Ohio state delegate Ann Baker, in a red cape, said it could be a "failure".',
            (None, "Ohio state delegate Ann Baker"),
        ),
        ('Putin met Ann Baker and said the talks were "useful".', ("putin", "Putin")),
        # A participle speaks for the sentence's subject, a pronoun included.
        ('Ann Baker left early, calling the vote "a farce".', (None, "Ann Baker")),
        ('Putin spoke. However, he left early, calling the vote "a farce".', ("putin", "he")),
        # After a determiner a verb's spelling is a noun: "the claims" claim nothing.
        ('She rejected the claims about "a secret deal" outright.', None),
        # "states" alone is the noun: "eleven states" speak no words.
        ('Votes in eleven primary states gave him "a lot of delegates".', None),
        # An inverted cue closing the sentence speaks for the fragment inside it.
        (
            'The vote signals "the end" for the EU, said Ann Baker, a member of the party.',
            (None, "Ann Baker"),
        ),
        ('The vote signals "the end" for the EU, said in a report.', None),
        # ... and makes its fragment somebody's words, not the writer's scare quotes.
        ('China used "velvet gloves" there, said Ann Baker, an expert.', (None, "Ann Baker")),
        ('The strikes were "a war crime", the report found.', None),
    ],
    sieves.after_reported_speech: [
        ('Ann Baker says the rules are unfair. "Nobody asked us."', (None, "Ann Baker")),
        (
            'Putin spoke in Sochi. He said the talks had failed. "We are ready for more."',
            ("putin", "He"),
        ),
        # A paragraph of nothing but quote after a paragraph of reported speech.
        ('Ann Baker said the plan had failed.\n\n"Nobody asked us."', (None, "Ann Baker")),
        ('Ann Baker said the plan had failed.\n\n"Nobody asked us," a worker said.', None),
        # Not after a sentence of the writer's, nor after two speakers, nor a fragment.
        ('The rules changed in May. "Nobody asked us."', None),
        ('Ann Baker said one thing and Tom Hill said another. "Nobody asked us."', None),
        ('Ann Baker says the rules are "unfair".', None),
    ],
    sieves.colon_introduction: [
        ("Лукашенко — Путину: «Мы с вами».", ("lukashenko", "Лукашенко")),
        # "from" a person before the colon: the words are that person's; a place after
        # "from" leaves them to the subject, a joint source to nobody.
        ('Putin heard from Shoigu: "The drills went well."', ("shoigu", "Shoigu")),
        ('Peskov read a statement from Putin: "Russia mourns."', ("putin", "Putin")),
        ('Putin flew in from Sochi: "We are ready."', ("putin", "Putin")),
        ('Peskov read a statement from Putin and Lukashenko: "We mourn."', None),
        ('In an interview, Ann Baker went even further: "It is the end."', (None, "Ann Baker")),
        ('Putin spoke. Later he went further: "It is the end."', ("putin", "he")),
        # A place, a sentence adverb, a fragment, or a quote already in the sentence: no.
        ('At a rally in Aspen, Colo., the crowd sang: "It is the end."', None),
        ('Likewise, the paper had this to say: "It is the end."', None),
        ('Ann Baker went even further: it was "the end of it all".', None),
        # A passive verb of speaking to someone: its subject hears the words.
        ('Putin was asked whether he would run: "Will you?"', None),
        ('Putin was told by a reporter: "You will lose."', None),
        # Quoting someone: the words are the quoted person's, or nobody's.
        ('Putin quoted Tolstoy: "Everything comes to him who waits."', (None, "Tolstoy")),
        (
            'She ended by quoting Leonardo da Vinci in Italian: "Ogni cosa."',
            (None, "Leonardo da Vinci"),
        ),
        ('Putin quoted a line he liked: "Never give up."', None),
        # A joint voice is nobody's alone.
        ('Putin and Lukashenko went further: "We stand together."', None),
        # A label naming where the words come from, at the sentence's (or headline's) start.
        ('More from Ann Baker: "The count is a start."', (None, "Ann Baker")),
        ('WHAT IT MEANS - From the report: "The count is a start."', (None, "the report")),
        ('Ann Baker flew in from Ohio: "The count is a start."', (None, "Ann Baker")),
    ],
    sieves.possessive_speech: [
        (
            'Zelensky denied Lukashenko\'s claim that Kyiv "started it".',
            ("lukashenko", "Lukashenko"),
        ),
        ('Ann Baker mocked Putin\u2019s promise to "denazify" the country.', ("putin", "Putin")),
        (
            'Peskov, asked about Ann Baker\'s claim that it "failed," said nothing.',
            (None, "Ann Baker"),
        ),
        ('Putin\'s words: "We will win."', ("putin", "Putin")),
        # The noun phrase as the subject of the quoted words, or a verb of its own in the
        # tail: the possessor says nothing.
        ('Ann Baker told CNN that Putin\'s comments "show bias".', None),
        ('Putin\'s claim was rejected by Ann Baker as "absurd".', None),
        ('Putin\'s claim that Ann Baker said it was "absurd" is false.', None),
        ('Putin\'s dog was "a gift".', None),
        # Words handed on are the owner's; words answering them are not.
        ('Lukashenko recalled Putin\'s words: "We will not leave our allies."', ("putin", "Putin")),
        ('Peskov dismissed Ann Baker\'s claims: "This is nonsense."', None),
        # The sentence after a full quote opening with its owner's noun of speech.
        (
            '"We will not retreat." Lukashenko\'s words came after the vote.',
            ("lukashenko", "Lukashenko"),
        ),
        ('"We will not retreat." Lukashenko\'s army stood firm.', None),
    ],
    sieves.between_own_words: [
        # The last quote has no quote after it to take a speaker from (the positive rows,
        # on the middle quote, are in BETWEEN below).
        ('Ann Baker is upbeat.\n\n"We will win."', None),
    ],
    sieves.nearest_mention: [
        ('At the Putin summit, "historic days" were promised.', ("putin", "Putin")),
        ('The slogan "Peace now" was everywhere.', None),
    ],
}

ROWS = [
    pytest.param(sieve, text, expected, id=f"{sieve.__name__}-{i}")
    for sieve, rows in TABLES.items()
    for i, (text, expected) in enumerate(rows)
]


@pytest.mark.parametrize(("sieve", "text", "expected"), ROWS)
def test_sieve_alone(sieve: Sieve, text: str, expected: Expected) -> None:
    assert run(sieve, text) == expected


def test_every_sieve_has_a_table_with_a_negative() -> None:
    for sieve in (*SIEVES, *sieves.SUGGESTIONS):
        if sieve is sieves.continuation:
            continue  # needs a quote over several paragraphs: tests/test_attribution_rules.py
        assert any(expected is None for _, expected in TABLES[sieve]), sieve.__name__


# (text, expected) for the middle quote of three paragraphs: about someone, a quote alone,
# and a quote with a cue.
BETWEEN = [
    (
        'Ann Baker is upbeat about the race.\n\n"We will win."\n\n"Nobody doubts it," Baker notes.',
        (None, "Baker"),
    ),
    # The paragraph before is about someone else, or the cue names another person.
    (
        'Tom Holt is upbeat about the race.\n\n"We will win."\n\n"Nobody doubts it," Baker notes.',
        None,
    ),
    # The paragraph before has a quote of its own: the rules for quotes in a row decide.
    (
        'Ann Baker said it was "fine".\n\n"We will win."\n\n"Nobody doubts it," Baker notes.',
        None,
    ),
]


@pytest.mark.parametrize(("text", "expected"), BETWEEN)
def test_a_quote_between_a_persons_paragraph_and_their_quote(text: str, expected: Expected) -> None:
    article = Article("t.txt", text, "sha", DAY)
    spans = split(text, 0)
    ctx = build_context(article, spans, REGISTRY, default_lexicon())
    middle = spans[-2]
    for span in spans[:-2]:
        ctx.cache.answers.append(_first(span, ctx, SIEVES) or NO_ATTRIBUTION)
    found = sieves.between_own_words(middle, ctx)
    assert (None if found is None else (found.speaker, found.mention)) == expected
