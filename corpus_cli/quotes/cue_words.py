"""The word lists the cue patterns read: the words that open, close or break a speaker
phrase (determiners, prepositions, conjunctions, auxiliaries, adverbs), the heads that
name people, documents or bodies, and the words around a cue verb that tell a speaker
from what was said.

They stand apart from the code that reads them (``cues``, ``phrases``, and ``attribute``
for the heads of descriptions) so that tuning what a list holds is an edit to data in one
place, not to the patterns. Names, titles, pronouns and the cue verbs themselves are
``names``' lists.
"""

from __future__ import annotations

from corpus_cli.quotes.names import word_set

PARTICIPLES = word_set("""
saying adding telling writing explaining noting warning arguing insisting claiming stating
declaring calling describing asking suggesting stressing according emphasising emphasizing
reaffirming repeating accusing denouncing urging vowing promising predicting yelling
shouting screaming chanting tweeting posting joking replying responding quipping
""")
DETERMINERS = word_set("a an the his her their its our my your this that")
CONJUNCTIONS = word_set("and but that which who whom while because as so or when if "
                         "although though whereas")
ADVERBS = word_set("""
also then later previously once recently earlier simply further again
repeatedly quickly flatly bluntly told has had have would will was
""")
# Words that end a speaker phrase after the verb ("said X in a statement").
PHRASE_STOP = word_set("""
in on at during when after before to adding as because while which that who whose of from
for with about last this on told according but and
""")
PREPOSITIONS = word_set("in on at by for from with of to after before during since as "
                         "within among amid across throughout despite without besides "
                         "beyond behind against toward towards under upon via like unlike "
                         "into under over through speaking alongside")
# Heads of descriptions that name no person: "the report said", "the company said".
NOT_PEOPLE = word_set("report statement release study company firm agency team letter "
                        "document survey poll data website site paper decision ruling campaign")
# Words that make what follows a verb a clause ("said Lukashenko is being …"), not a name.
CLAUSE_WORDS = word_set("is was are were be being been has have had will would could that "
                        "which who can may might should")
DOCUMENTS = word_set("statement release letter post email e-mail tweet report document "
                      "message note blog page editorial passage headline column memo complaint "
                      "lawsuit filing indictment")
# Heads of descriptions naming a body: "the agency said" is the last body named.
BODIES = word_set("company agency department ministry firm team organization organisation "
                   "group government board union association club league network council "
                   "committee commission office service party bank campaign")
COLLECTIVE = word_set("media police staff press public government military")
NUMBERS = word_set("one two three four five six seven eight nine ten more most")
# Words that start sentences (or boilerplate: "Read more") but are surnames too: "May
# said" may be Brian May, "Read said" Mike Read.
ALSO_NAMES = word_set("may june april august read")
# Words that open a new sentence, not a speaker's clause, after a quote ending in a stop.
CLAUSE_OPENERS = word_set("while although though but and as because if when whereas yet "
                          "meanwhile however still")

# Words opening an introductory phrase that ends at a comma ("Earlier this month, …").
INTRODUCTIONS = word_set("earlier later last this next meanwhile yesterday today tonight "
                         "still however also then now previously recently once again "
                         "instead separately afterwards")
# Words opening a subordinate clause before a sentence's subject: "When Wallace died in
# 1998, President Clinton released …", "Ever since she endorsed Clinton, Ms. Warren …".
SUBORDINATORS = word_set("when whenever while although though because if once until unless "
                         "ever whereas")
SUBJECT_DETERMINERS = word_set("the a an")
# Words that end the noun phrase a determiner opens before any verb could: a clause.
CLAUSE_BREAKS = word_set("who which that whose when where while because and but")
# Words that are verbs wherever they stand after a subject.
AUXILIARIES = word_set("has have had is was were are will would could can may might "
                       "should did does must")

# People nouns that no suffix gives away.
# A party's member, a person whether or not capitalised: "the Kentucky Republican".
PARTY_MEMBERS = word_set("democrat republican independent libertarian socialist conservative "
                         "liberal progressive tory")
PERSON_NOUNS = word_set("""
host anchor guest aide ally candidate nominee voter resident official source expert
pundit critic rival member student teacher lawyer attorney nurse doctor chief captain
mother father son daughter wife husband friend colleague partner businesswoman
businessman veteran star actress actor singer author writer columnist analyst
spokesperson representative delegate billionaire mogul tycoon nominee frontrunner
front-runner incumbent challenger democrat republican independent libertarian socialist
conservative liberal progressive activist protester protestor demonstrator witness
victim survivor neighbor neighbour owner founder chair head boss
""")

# Cue verbs whose object is the one spoken to: "…, told Fox News" names no speaker.
ADDRESSING = word_set("told tell tells asked ask asks")
# Words that close a speaker phrase without being part of it: "Clinton defenders
# today", "Illinois Sen. Barack Obama famously", "But polls did".
TRAILING = word_set("today yesterday tonight now still already even just never always "
                    "often did does do is are were monday tuesday wednesday thursday friday "
                    "saturday sunday")

# Particles of phrasal cue verbs: "points out", "shot back", "chimed in".
VERB_PARTICLES = word_set("out back in up")
# Words after which a document's title follows: "a document titled White Paper: …".
TITLING = word_set("titled entitled called named headlined")
# Words that end a subject phrase before its verb: reflexives and sentence adverbs
# ("Osbourne himself", "Ed Davey meanwhile").
SUBJECT_END = word_set("himself herself themselves itself meanwhile to")
BE = word_set("be been being is was were are am")

# Past tenses no suffix gives away.
IRREGULAR_PAST = word_set("""
went quit made took gave got came put held kept left met ran sat saw spoke stood won lost
began brought bought thought felt found heard knew led meant paid sent spent sold struck
taught wore broke chose drew drove fell flew forgot grew hid hit hurt laid let lay rose
shook shot shut sang sank slept stole swore threw understood woke used
""")

# Words that open a sentence but are no one's description: "You see, most voters …".
NOT_SUBJECTS = word_set("you there here")
QUESTION_WORDS = word_set("what why how")
# Words that open what was said, after a cue verb: "asked if …", "said that …".
CLAUSE_OPENING = word_set("if whether that how why what when")
