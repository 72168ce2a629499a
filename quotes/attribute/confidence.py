"""Every confidence an attribution rule gives, in one place, named for what earns it.

A registry speaker named by the cue itself is surer than someone outside the registry
(whose phrase may be a common noun), and the further the link runs (a pronoun back to its
antecedent, a quote carried on from the one before), the less sure the answer. ``quotes
eval`` prints how often each confidence band is right; tune these against it.

Calibrated on the PolNeAR train split (``python bench/polnear.py score``), where a link is
right when its mention overlaps the annotated source: each rule's confidence is the
precision it measured there (cue after the quote 0.97, cue before 0.90, a quote going on
from the one before 0.97, enclosing speech and participles 0.88, after reported speech and
colon introductions 0.85). Pronoun and discourse values are not moved: PolNeAR marks the
pronoun itself as the source, so how often "he" is resolved to the right person is not
measured there.
"""

from __future__ import annotations

# "…," Belta quoted Lukashenko as saying / Lukashenko was quoted by Belta as saying.
QUOTED_AS_SAYING = 0.95
PASSIVE_QUOTED = 0.9
# Peskov said Putin had told him: "…" -- the inner speaker; nobody when none is named.
NESTED_REGISTRY = 0.8
NESTED_OTHER = 0.75
NESTED_NOBODY = 0.5
# "…," Peskov said / said Peskov: a registry name, or someone else.
CUE_AFTER_REGISTRY = 0.97
CUE_AFTER_OTHER = 0.95
# Putin said: "…" / Peskov: "…".
CUE_BEFORE_REGISTRY = 0.92
CUE_BEFORE_OTHER = 0.88
# "…," according to Peskov.
ACCORDING_TO = 0.85
# According to Peskov, the talks were "…": the sentence's source, the quote inside it.
ACCORDING_SENTENCE = 0.75
# "…," said the Kremlin spokesman: a title resolved by the article's date.
ROLE_CUE = 0.85
# "…," he said: the pronoun resolved to a registry speaker, or to someone else.
PRONOUN_REGISTRY = 0.75
PRONOUN_OTHER = 0.6
# "…," he said, with nobody before it "he" can mean: the mention only, no speaker.
PRONOUN_UNRESOLVED = 0.5
# Resolved through the article-wide discourse model (an antecedent paragraphs back).
DISCOURSE_REGISTRY = 0.7
DISCOURSE_OTHER = 0.55
# A paragraph of an utterance that runs over several shares its cue, a little less sure.
CONTINUATION_FACTOR = 0.9
# A cue-less quote going on from the one before: same paragraph, or a paragraph of its own.
FOLLOWS_SAME_PARAGRAPH = 0.97
# The same, past a sentence of the writer's that names nobody who could speak.
FOLLOWS_AFTER_ASIDE = 0.85
FOLLOWS_NEXT_PARAGRAPH = 0.95
# A quote paragraph between a paragraph about X and X's attributed quote.
BETWEEN_OWN_WORDS = 0.85
# Lukashenko claimed the forces will "…": the subject of a speech verb in the sentence.
ENCLOSING_REGISTRY = 0.88
ENCLOSING_OTHER = 0.85
ENCLOSING_PRONOUN = 0.75
# Zelensky denied Lukashenko's claim that Kyiv "…": the possessor of a noun of speech.
POSSESSIVE_REGISTRY = 0.85
POSSESSIVE_OTHER = 0.8
# Baker says the rules are unfair. "Nobody asked us.": the speaker of the sentence before.
AFTER_REPORTED_REGISTRY = 0.85
AFTER_REPORTED_OTHER = 0.8
AFTER_REPORTED_PRONOUN = 0.7
# Ann Baker went even further: "…" -- the sentence's subject, handed the words by a colon.
COLON_REGISTRY = 0.85
COLON_OTHER = 0.8
COLON_PRONOUN = 0.7
# Zakharova went further, calling the comments "…".
PARTICIPLE_REGISTRY = 0.85
PARTICIPLE_OTHER = 0.8
PARTICIPLE_PRONOUN = 0.7
# A suggestion only, never a speaker: the registry name nearest the quote.
NEAREST_MENTION = 0.3
# How sure the writer's-voice rules are that a quote is a label, not speech.
TERM = 0.8
