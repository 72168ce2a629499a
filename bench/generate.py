"""A corpus of realistic news articles of any size, for the benchmarks.

Articles are built from sentence templates and quote patterns written for this file: the
writer's sentences around the quotes, cue verbs before and after, the four registry speakers
named by name, spelling variant, title or pronoun, speakers outside the registry, straight,
curly, «» and „“ marks, fragments sunk in the writer's sentence, quotes running over several
paragraphs, colon-introduced quotes, apostrophes that are not marks (Belarus’ border, won't),
names inside quotes, Russian and German reports, long transcripts, wire copy printed twice and
quotes re-reported with small changes (so claims group across documents). Most files open
with the corpus's ` date YYYY-MM-DD` token.

Everything depends on the seed only: article ``i`` of a seed is the same text on every
machine, whatever was generated before it.

    python bench/generate.py OUT_DIR --mb 10 --seed 1
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path


def _lines(block: str) -> tuple[str, ...]:
    """One entry per non-blank line: word lists stay readable and compact."""
    return tuple(line.strip() for line in block.strip().splitlines() if line.strip())


# --- Who speaks -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    """How an article may refer to a speaker: first, later, and by a title alone."""

    first: tuple[str, ...]  # a full introduction ("Belarusian President Alexander Lukashenko")
    short: tuple[str, ...]  # later mentions ("Lukashenko", "Lukashenka")
    titles: tuple[str, ...]  # a title that stands for them ("the Belarusian leader")
    pronoun: str = "he"


REGISTRY = (
    Person(
        _lines("""
            Belarusian President Alexander Lukashenko
            Belarus' long-serving leader Alexander Lukashenko
            Alexander Lukashenko
            Belarusian leader Aliaksandr Lukashenka
        """),
        ("Lukashenko", "Lukashenko", "Lukashenko", "Lukashenka"),
        ("the Belarusian leader", "the long-serving Belarusian leader", "the Belarusian President"),
    ),
    Person(
        ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov", "Putin's spokesman Dmitri Peskov"),
        ("Peskov",),
        ("the Kremlin spokesman", "the presidential press secretary"),
    ),
    Person(
        ("Russian President Vladimir Putin", "Vladimir Putin", "President Vladimir Putin"),
        ("Putin",),
        ("the Russian leader", "the Kremlin chief", "the Russian President"),
    ),
    Person(
        ("Russian Defence Minister Sergei Shoigu", "Sergei Shoigu", "Defense chief Sergey Shoygu"),
        ("Shoigu", "Shoigu", "Shoygu"),
        ("the Russian defence chief",),
    ),
)

# People the registry does not know, with invented names: their quotes are nobody's.
_FIRST_M = "Viktor Andrei Pavel Tomas Marek Janis Oleg Roman Stefan".split()
_FIRST_F = "Olena Irina Agnieszka Laura Marta Inga Daria Vera".split()
_SURNAMES = (
    "Hranevich Marchuk Valentas Kowalczyk Ozolins Brenner Lindqvist Sakalauskas Novak"
    " Tkachenko Ramirez Halvorsen Dobrev Kalnins"
).split()
_OFFICES = _lines("""
    Lithuanian Foreign Minister
    Polish Deputy Defence Minister
    NATO spokesperson
    Ukrainian presidential adviser
    Latvian border guard chief
    EU foreign policy envoy
    opposition leader
    senior Western diplomat
    military analyst
    Belarusian economist
""")
_GROUPS = ("the Lithuanian Foreign Ministry", "NATO officials", "the State Border Committee")

OUTLETS = ("Belta", "TASS", "RIA Novosti", "Interfax", "the state Belta news agency")

# --- What they say ----------------------------------------------------------------------

# Subjects of speech; a trailing "+" marks a plural ("are", "have").
_SUBJECTS = _lines("""
    We+
    Our army
    The Union State
    Russia and Belarus+
    Our partners+
    The West
    NATO
    Our border guards+
    The government
    Nobody
    Our people+
    Minsk
    These forces+
    The joint grouping
    Our engineers+
    Our farmers+
    The Americans+
    Moscow
    I+
""")
_MODALS = _lines("""
    will
    will not
    must
    cannot
    should
    may
    will never
    won't
    {be} ready to
    {be} going to
    {have} to
    {be} not going to
    would
    could
""")
_VERBS = _lines("""
    strengthen
    defend
    discuss
    deploy
    expand
    review
    protect
    accept
    support
    build up
    reinforce
    monitor
    modernise
    rebuild
    close
    open
    finance
    prepare
    coordinate
    restore
    sign
    give up
""")
_OBJECTS = _lines("""
    the western border
    air defence
    the grain corridor
    joint exercises
    the new treaty
    energy supplies
    our common position
    the regional group of forces
    the sanctions regime
    military cooperation
    the gas pipeline
    the union budget
    the nuclear umbrella
    migration flows
    the potash exports
    border crossings
    the railway link
    the agreements we signed
    our industrial plants
    the harvest
""")
_TAIL_WORDS = _lines("""
    this year
    near Kaliningrad
    as agreed in Moscow
    without delay
    in the coming months
    along the Baltic coast
    by the end of the year
    for as long as it takes
    with our Russian friends
    in Brest and Grodno
    despite the pressure
    from next Monday
    at any cost
""")
_TAILS = ("", "", "", "", *(f" {t}" for t in _TAIL_WORDS))
_ASIDES = _lines("""
    It's not a secret.
    Nobody should doubt that.
    I want to stress this.
    That's our position.
    We've said this many times.
    Let them hear it.
    This is not a threat.
    Everyone understands why.
    It won't happen overnight.
    I discussed this with Putin yesterday.
    Lukashenko knows this as well as I do.
    The Kremlin's position hasn't changed.
    Belarus' interests come first.
    Why should we wait?
    There is no other way.
    Don't make us laugh.
""")
# Fragments as the writer sinks them into a sentence: verb phrases, adjectives, nouns.
_VP_FRAGMENTS = _lines("""
    keep things calm
    respond harshly
    defend every metre
    stay as long as needed
    take appropriate measures
    act like one army
""")
_ADJ_FRAGMENTS = _lines("""
    tightly closed
    absolutely unacceptable
    fully justified
    purely defensive
    under control
    out of the question
""")
_NOUN_FRAGMENTS = _lines("""
    a provocation
    an act of aggression
    a failed attempt
    hybrid war
    a red line
    business as usual
    nonsense
    comprehensive measures
    a brotherly nation
    the final warning
    a dead end
    a sovereign decision
""")
_NESTED = ("peace plan", "green corridor", "buffer zone", "special operation", "reset")

# --- The writer's own sentences ---------------------------------------------------------

_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_EVENTS = _lines("""
    a meeting with security officials
    a session of the Supreme State Council
    talks in Minsk
    a visit to a tractor plant
    an annual press conference
    a Security Council meeting
    a phone call with a counterpart
    a ceremony in Brest
    a regional forum in Grodno
    the opening of a new bridge
""")
_TOPICS = _lines("""
    the deployment of a joint regional group of forces
    grain exports through the Baltic
    the price of Russian gas
    military drills near the Polish border
    new Western sanctions
    the construction of a nuclear plant
    migration at the border
    the Union State's integration roadmaps
    tactical nuclear weapons in Belarus
    potash shipments through Lithuania
    the detention of a journalist
""")
_BACKGROUND = _lines("""
    Belarus has been a close ally of Russia since the 1990s; the two form a Union State.
    Lithuania, Latvia and Poland have reinforced their borders with Belarus since 2021.
    Western governments have imposed several rounds of sanctions on Minsk and Moscow.
    The forces were first announced in October, after an attack on the Crimean Bridge.
    Belarus' western border with the European Union runs for more than 1,250 kilometres.
    Minsk's critics say the country's independence is being eroded step by step.
    The drills, which began on Monday, involve about 9,000 troops and 170 tanks.
    Analysts say the Kremlin's leverage over Minsk has grown since the 2020 protests.
    The countries' defence ministries did not say how long the troops would stay.
    Officials in Vilnius said they won't reopen the crossings until the situation changes.
    In the '90s the two governments signed the first of several integration treaties.
    The statement came hours after Ukraine's General Staff reported new troop movements.
    The agreement, signed in Moscow, runs until 2030 and can be extended by five years.
    The U.S. State Department called the move destabilising.
""")
_STATE_VERBS = ("said", "stressed", "noted", "added", "told reporters", "warned", "insisted")
_CLAIM_VERBS = ("claimed", "said", "insisted", "argued", "warned")

# (open, close, apostrophe): straight, curly, mixed as editors leave them, «», German „“.
_MARK_STYLES = (
    ('"', '"', "'"),
    ("“", "”", "’"),
    ("“", "”", "’"),
    ('"', "”", "'"),
    ("«", "»", "’"),
    ("„", "“", "’"),
)


class _Pool:
    """Statements on the wire, shared by all articles of one seed (re-reported by several)."""

    SIZE = 400

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.cache: dict[int, str] = {}

    def __call__(self, index: int) -> str:
        if index not in self.cache:
            self.cache[index] = statement(random.Random(f"{self.seed}:pool:{index}"))
        return self.cache[index]


@dataclass
class _Article:
    """One English article being written: its marks, its speakers so far, its randomness."""

    rng: random.Random
    pool: _Pool
    open: str
    close: str
    apostrophe: str
    separator: str
    last: Person | None = None
    met: set[tuple[str, ...]] = field(default_factory=set)

    def q(self, body: str) -> str:
        return f"{self.open}{body}{self.close}"

    def fix(self, text: str) -> str:
        """The article's own apostrophe, in the writer's words and the speaker's alike."""
        return text.replace("'", self.apostrophe)

    def speaker(self) -> Person:
        person = self.rng.choice(REGISTRY) if self.rng.random() < 0.8 else _stranger(self.rng)
        self.last = person
        return person

    def name(self, person: Person) -> str:
        """A first mention introduces the speaker; later ones use the short name."""
        if person.first in self.met:
            return self.rng.choice(person.short)
        self.met.add(person.first)
        return self.fix(self.rng.choice(person.first))


def _stranger(rng: random.Random) -> Person:
    if rng.random() < 0.15:
        group = rng.choice(_GROUPS)
        return Person((group,), (group,), (group,), "they")
    female = rng.random() < 0.4
    surname = rng.choice(_SURNAMES)
    office = rng.choice(_OFFICES)
    first = f"{office} {rng.choice(_FIRST_F if female else _FIRST_M)} {surname}"
    return Person((first,), (surname,), (f"the {office.split()[-1]}",), "she" if female else "he")


def _sentence(rng: random.Random) -> str:
    subject = rng.choice(_SUBJECTS)
    plural = subject.endswith("+")
    subject = subject.rstrip("+")
    be = "am" if subject == "I" else "are" if plural else "is"
    modal = rng.choice(_MODALS).replace("{be}", be).replace("{have}", "have" if plural else "has")
    text = f"{subject} {modal} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}{rng.choice(_TAILS)}"
    if rng.random() < 0.12:
        text += f", and {rng.randint(2, 40) * 50:,} more troops"
    if rng.random() < 0.08:
        text = text.replace(" the ", " the [Belarusian] ", 1)  # an editor's insertion
    return text + rng.choice((".", ".", ".", ".", "!"))


def statement(rng: random.Random, sentences: int | None = None) -> str:
    """A few sentences of speech, now and then with an aside naming somebody."""
    parts = [_sentence(rng) for _ in range(sentences or rng.choice((1, 1, 2, 2, 3, 4)))]
    if rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(_ASIDES))
    if rng.random() < 0.1:
        parts[-1] = parts[-1][:-1] + f", whatever they say about a ‘{rng.choice(_NESTED)}’."
    return " ".join(parts)


def _rereport(text: str, rng: random.Random) -> str:
    """What another outlet prints of the same words: cut, a word inserted, a typo."""
    words = text.split()
    change = rng.randrange(4)
    if change == 0 and len(words) > 8:
        words = words[: rng.randint(6, len(words) - 1)]
        words[-1] = words[-1].rstrip(".,!?") + "..."
    elif change == 1:
        words.insert(rng.randint(1, len(words) - 1), "[Belarus]")
    elif change == 2:
        i = rng.randrange(len(words))
        if len(words[i]) > 5 and words[i].isalpha():
            w = words[i]
            words[i] = w[:2] + w[3] + w[2] + w[4:]
    return " ".join(words)


def _speech(a: _Article) -> str:
    """What a speaker says: new words, or (often) words from the wire that others carry too."""
    if a.rng.random() < 0.3:
        return a.fix(_rereport(a.pool(a.rng.randrange(_Pool.SIZE)), a.rng))
    return a.fix(statement(a.rng))


def _comma(text: str) -> str:
    """``"… border," he said``: a final full stop becomes the comma before the cue."""
    return text[:-1] + "," if text.endswith(".") else text


# --- Paragraph patterns: each writes one paragraph (or a few, for a long quote) ----------


def p_cue_after(a: _Article) -> str:
    who = a.speaker()
    verb = a.rng.choice(("said", "said", "added", "stressed", "told reporters", "noted"))
    tail = a.rng.choice(
        ("", "", f" during {a.rng.choice(_EVENTS)}", f", according to {a.rng.choice(OUTLETS)}")
    )
    return f"{a.q(_comma(_speech(a)))} {a.name(who)} {verb}{tail}."


def p_cue_inverted(a: _Article) -> str:
    who = a.speaker()
    return f"{a.q(_comma(_speech(a)))} said {a.name(who)}."


def p_cue_before_colon(a: _Article) -> str:
    who = a.speaker()
    when = a.rng.choice(("", f" on {a.rng.choice(_WEEKDAYS)}", f" during {a.rng.choice(_EVENTS)}"))
    return f"{a.name(who)} said{when}: {a.q(_speech(a))}"


def p_cue_before_comma(a: _Article) -> str:
    who = a.speaker()
    return f"{a.name(who)} told reporters, {a.q(_speech(a))}"


def p_role(a: _Article) -> str:
    who = a.rng.choice(REGISTRY)
    a.last = who
    title = a.rng.choice(who.titles)
    if a.rng.random() < 0.5:
        return f"{a.q(_comma(_speech(a)))} {title} said."
    return f"{a.q(_comma(_speech(a)))} said {title}."


def p_pronoun(a: _Article) -> str:
    if a.last is None:
        return p_cue_after(a)
    verb = a.rng.choice(("{} said", "{} added", "{} further said", "{} went on"))
    return f"{a.q(_comma(_speech(a)))} {verb.format(a.last.pronoun)}."


def p_according_to(a: _Article) -> str:
    who = a.speaker()
    if a.rng.random() < 0.5:
        return f"According to {a.name(who)}, {a.q(_speech(a))}"
    return f"{a.q(_comma(_speech(a)))} according to {a.name(who)}."


def p_quoted_as(a: _Article) -> str:
    who = a.speaker()
    outlet = a.rng.choice(OUTLETS)
    outlet = outlet[0].upper() + outlet[1:]
    return f"{a.q(_comma(_speech(a)))} {outlet} quoted {a.name(who)} as saying."


def p_fragment(a: _Article) -> str:
    who = a.speaker()
    verb = a.rng.choice(_CLAIM_VERBS)
    place = a.fix(a.rng.choice(("Belarus' border", "the countries' borders", "the EU's frontier")))
    return (
        f"{a.name(who)} {verb} the joint forces will {a.q(a.rng.choice(_VP_FRAGMENTS))}"
        f" on {place}, while the border itself remains {a.q(a.rng.choice(_ADJ_FRAGMENTS))}."
    )


def p_fragment_participle(a: _Article) -> str:
    who = a.speaker()
    return (
        f"{a.name(who)} went further, calling {a.rng.choice(_TOPICS)}"
        f" {a.q(a.rng.choice(_NOUN_FRAGMENTS))}."
    )


def p_participle(a: _Article) -> str:
    who = a.speaker()
    cue = a.rng.choice(("noting", "adding", "stressing", "saying"))
    return f"{a.name(who)} praised {a.rng.choice(_TOPICS)}, {cue}: {a.q(_speech(a))}"


def p_multi(a: _Article) -> str:
    """A quote over two or three paragraphs: each but the last left open, the next reopening."""
    who = a.speaker()
    parts = [a.open + a.fix(statement(a.rng)) for _ in range(a.rng.choice((1, 1, 2)))]
    last = f"{a.q(_comma(_speech(a)))} {a.name(who)} said."
    if a.rng.random() < 0.5:
        parts[0] = f"{a.name(who)} said: {parts[0]}"
        last = a.q(_speech(a))
    return a.separator.join([*parts, last])


def p_colon_paragraph(a: _Article) -> str:
    who = a.speaker()
    return f"{a.name(who)} said in a statement:{a.separator}{a.q(_speech(a))}"


def p_follows(a: _Article) -> str:
    who = a.speaker()
    first = f"{a.q(_comma(_speech(a)))} {a.name(who)} said."
    return f"{first} {a.q(a.fix(statement(a.rng, 1)))}"


def p_background(a: _Article) -> str:
    return a.fix(" ".join(a.rng.sample(_BACKGROUND, a.rng.choice((1, 2, 3)))))


def p_reported(a: _Article) -> str:
    who = a.speaker()
    return (
        f"{a.name(who)} on {a.rng.choice(_WEEKDAYS)} {a.rng.choice(_STATE_VERBS)} that"
        f" {a.rng.choice(_TOPICS)} would be on the agenda at {a.rng.choice(_EVENTS)}."
    )


# Weights: about 40% of the text ends up inside quotes, as in the corpus (37%).
PATTERNS: tuple[tuple[Callable[[_Article], str], int], ...] = (
    (p_cue_after, 20),
    (p_cue_inverted, 4),
    (p_cue_before_colon, 6),
    (p_cue_before_comma, 3),
    (p_role, 4),
    (p_pronoun, 6),
    (p_according_to, 3),
    (p_quoted_as, 3),
    (p_fragment, 5),
    (p_fragment_participle, 2),
    (p_participle, 3),
    (p_multi, 4),
    (p_colon_paragraph, 2),
    (p_follows, 3),
    (p_background, 34),
    (p_reported, 18),
)
_FUNCTIONS = tuple(f for f, _ in PATTERNS)
_WEIGHTS = tuple(w for _, w in PATTERNS)


def _english(rng: random.Random, pool: _Pool) -> str:
    opener, closer, apostrophe = rng.choice(_MARK_STYLES)
    separator = "\n\n" if rng.random() < 0.8 else "\n"
    a = _Article(rng, pool, opener, closer, apostrophe, separator)
    lead = rng.choice(REGISTRY)
    paras: list[str] = []
    if rng.random() < 0.3:  # a headline naming the speaker: "Peskov: "A dead end""
        paras.append(f"{lead.short[0]}: {a.q(rng.choice(_NOUN_FRAGMENTS).capitalize())}")
    a.last = lead
    paras.append(
        f"{a.name(lead)} on {rng.choice(_WEEKDAYS)} {rng.choice(_STATE_VERBS)} that"
        f" {rng.choice(_TOPICS)} would be on the agenda at {rng.choice(_EVENTS)}."
    )
    # Most articles are a few kilobytes; now and then a long transcript.
    count = rng.randint(4, 18) if rng.random() < 0.98 else rng.randint(120, 250)
    paras.extend(function(a) for function in rng.choices(_FUNCTIONS, _WEIGHTS, k=count))
    return separator.join(paras)


# --- Russian and German reports (a share of the archive) --------------------------------

_RU_SPEAKERS = (
    ("Пресс-секретарь президента России Дмитрий Песков", "Песков", "Пескова"),
    ("Президент Беларуси Александр Лукашенко", "Лукашенко", "Лукашенко"),
    ("Президент России Владимир Путин", "Путин", "Путина"),
    ("Министр обороны России Сергей Шойгу", "Шойгу", "Шойгу"),
    ("Министр иностранных дел Литвы Томас Валентас", "Валентас", "Валентаса"),
)
_RU_SAYINGS = _lines("""
    Мы не видим никаких оснований для переговоров в нынешних условиях
    Граница с Евросоюзом остаётся закрытой
    Союзное государство будет укреплять оборону
    Экономика страны успешно адаптировалась к санкциям
    Никаких сроков пока нет
    Мы готовы к диалогу, но только на равных
    Учения пройдут по плану
    Это решение принято в интересах безопасности наших народов
""")
_DE_SPEAKERS = (
    ("Kremlsprecher Dmitri Peskow", "Peskow"),
    ("Der belarussische Machthaber Alexander Lukaschenko", "Lukaschenko"),
    ("Kremlchef Wladimir Putin", "Putin"),
    ("Die litauische Außenministerin Laura Kalnins", "Kalnins"),
)
_DE_SAYINGS = _lines("""
    Das sind haltlose Behauptungen
    Wir werden die Grenze weiter schützen
    Die Manöver richten sich gegen niemanden
    Es gibt keinen Grund zur Sorge
    Die Sanktionen haben ihr Ziel verfehlt
    Wir stehen zu unseren Verpflichtungen
""")


def _russian(rng: random.Random) -> list[str]:
    paras = ["Песков: в Кремле прокомментировали учения"]
    for _ in range(rng.randint(4, 12)):
        full, short, genitive = rng.choice(_RU_SPEAKERS)
        saying = rng.choice(_RU_SAYINGS)
        form = rng.randrange(4)
        if form == 0:
            paras.append(f"«{saying}», — заявил {short} журналистам.")
        elif form == 1:
            paras.append(f"{full} заявил: «{saying}».")
        elif form == 2:
            paras.append(f"По словам {genitive}, «{saying[0].lower()}{saying[1:]}».")
        else:
            paras.append(f"«{saying}, — сказал {short}. — Но решение за нами».")
    return paras


def _german(rng: random.Random) -> list[str]:
    paras = ["Kreml weist Vorwürfe zurück"]
    for _ in range(rng.randint(4, 12)):
        full, short = rng.choice(_DE_SPEAKERS)
        saying = rng.choice(_DE_SAYINGS)
        form = rng.randrange(3)
        if form == 0:
            paras.append(f"„{saying}“, sagte {short} am {rng.choice(('Montag', 'Mittwoch'))}.")
        elif form == 1:
            paras.append(f"{full} sagte: „{saying}.“")
        else:
            paras.append(f"„{saying}“, fügte er hinzu.")
    return paras


# --- Articles ---------------------------------------------------------------------------

_FIRST_DAY = date(2014, 1, 1)
_DAYS = (date(2024, 12, 31) - _FIRST_DAY).days


def article(seed: int, index: int, pool: _Pool | None = None) -> str:
    """Article ``index`` of ``seed``: the same text whatever else was generated."""
    rng = random.Random(f"{seed}:{index}")
    if index > 0 and rng.random() < 0.02:  # wire copy printed again by another outlet
        return article(seed, rng.randrange(max(0, index - 50), index), pool)
    day = _FIRST_DAY + timedelta(days=rng.randrange(_DAYS))
    roll = rng.random()
    if roll < 0.06:
        body = "\n".join(_russian(rng))
    elif roll < 0.10:
        body = "\n".join(_german(rng))
    else:
        body = _english(rng, pool or _Pool(seed))
    text = body + "\n"
    if rng.random() < 0.9:
        text = f" date {day.isoformat()} " + text
    return text


def articles(seed: int = 1, total_bytes: int | None = None) -> Iterator[str]:
    """Article texts of ``seed`` in order, until ``total_bytes`` of UTF-8 (forever if None)."""
    pool = _Pool(seed)
    written = 0
    index = 0
    while total_bytes is None or written < total_bytes:
        text = article(seed, index, pool)
        written += len(text.encode())
        index += 1
        yield text


@dataclass(frozen=True, slots=True)
class Corpus:
    folder: Path
    files: int
    bytes: int


# Files per sub-folder: ingest walks folders recursively, and one huge flat folder is slow.
PER_FOLDER = 1000


def write_corpus(folder: str | Path, total_bytes: int, seed: int = 1) -> Corpus:
    """Write about ``total_bytes`` of articles under ``folder``, one ``*.txt`` file each."""
    root = Path(folder)
    written = files = 0
    for i, text in enumerate(articles(seed, total_bytes)):
        data = text.encode()
        sub = root / f"{i // PER_FOLDER:04d}"
        if i % PER_FOLDER == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:07d}_{hashlib.sha1(data).hexdigest()[:12]}.txt").write_bytes(data)
        written += len(data)
        files += 1
    return Corpus(root, files, written)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a generated news corpus.")
    parser.add_argument("out_dir", help="folder to write the articles into (created)")
    parser.add_argument("--mb", type=float, default=10.0, help="megabytes of text (10)")
    parser.add_argument("--seed", type=int, default=1, help="the corpus's seed (1)")
    args = parser.parse_args(argv)
    corpus = write_corpus(args.out_dir, int(args.mb * 1e6), args.seed)
    print(f"{corpus.files:,} articles, {corpus.bytes:,} bytes in {corpus.folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
