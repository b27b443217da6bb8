"""Attribution on small hand-made texts: each pattern, pronouns, names, descriptions."""

from __future__ import annotations

import pytest

from corpus_cli.models import Document, Quote
from corpus_cli.quotes import quotes_of_article
from corpus_cli.quotes.coreference import ArticlePeople
from corpus_cli.quotes.names import person_name
from corpus_cli.text.article import build_article


def quotes_in(*paragraphs: str) -> list[Quote]:
    body = "Headline\n\n" + "\n\n".join(paragraphs) + "\n"
    article = build_article(Document(name="t.txt", text=body, format="txt"), None)
    return quotes_of_article(body, article.paragraphs, article.title_span)


@pytest.mark.parametrize(("paragraph", "speaker", "cue"), [
    ("“We will win,” Jane Smith said.", "Jane Smith", "said"),
    ("“We will win,” said Jane Smith, the mayor.", "Jane Smith", "said"),
    ("Jane Smith told reporters: “We will win.”", "Jane Smith", "told"),
    ("Jane Smith wrote: “We will win.”", "Jane Smith", "wrote"),
    ("Jane Smith added: “We will win.”", "Jane Smith", "added"),
    ("Jane Smith explained: “We will win.”", "Jane Smith", "explained"),
    ("“We will win,” according to Jane Smith.", "Jane Smith", "according to"),
    ("According to Jane Smith, “we will win”.", "Jane Smith", "according to"),
    ("“We will win,” the agency cited Jane Smith as saying.", "Jane Smith",
     "cited … as saying"),
    ("“We will win,” Jane Smith, a city councillor, said.", "Jane Smith", "said"),
    ("“We will win,” says Cambridge cartoonist Jane Smith.", "Jane Smith", "says"),
    ("“We will win,” a senior official said.", "a senior official", "said"),
    ("In a statement, Jane Smith rejected the claims, saying: “We will win.”", "Jane Smith",
     "saying"),
])
def test_patterns(paragraph: str, speaker: str, cue: str) -> None:
    (quote,) = quotes_in(paragraph)
    assert (quote.speaker, quote.cue) == (speaker, cue)
    assert quote.confidence > 0.5


@pytest.mark.parametrize(("paragraph", "speaker", "kind"), [
    ("Jane Smith spoke. Then she added: “We will win.”", "Jane Smith", "name"),
    ("Jane Smith spoke. Recently Smith announced: “We will win.”", "Jane Smith", "name"),
    ("“We will win,” said Mr. Burman of the Tax Policy Center.", "Burman", "name"),
    ("“We will win,” Rep. Steve Israel (D-N.Y.) said.", "Steve Israel", "name"),
    ("“We will win,” said Alan B. Krueger, an economist.", "Alan B. Krueger", "name"),
    ("Reince Priebus later Thursday told reporters: “We will win.”", "Reince Priebus",
     "name"),
])
def test_a_speaker_is_only_the_words_of_the_name(paragraph: str, speaker: str,
                                                 kind: str) -> None:
    quote = quotes_in(paragraph)[-1]
    assert (quote.speaker, quote.speaker_kind) == (speaker, kind)


@pytest.mark.parametrize(("words", "name"), [
    ("Clark County Sheriff Joe Lombardo", "Joe Lombardo"),
    ("Brent Bozell III", "Brent Bozell III"),
    ("Amy Pope", "Amy Pope"),
    ("Mr. King", "King"),
    ("the Belarus President", None),
    ("Oscar-nominated Owen", "Owen"),
    ("S.", None),
])
def test_the_name_a_run_gives(words: str, name: str | None) -> None:
    assert person_name(words.split()) == name


@pytest.mark.parametrize("paragraph", [
    "“Records sufficient to show the accounts,” CREW filed a public-records request.",
    "Given his past, “he is a liar,” Graham assures his audience.",
])
def test_a_description_holds_no_verb_and_no_opening_phrase(paragraph: str) -> None:
    speaker = quotes_in(paragraph)[0].speaker or ""
    assert not any(word in speaker.split() for word in ("filed", "Given", "assures", "he"))


@pytest.mark.parametrize(("paragraph", "speaker"), [
    ("In a joint statement the firms said they wanted consumers to enjoy “licensed video "
     "and music on any device”.", "the firms"),
    ("Nestle said many of the issues discussed “severely affected” demand for ice cream.",
     "Nestle"),
])
def test_the_noun_phrase_that_speaks(paragraph: str, speaker: str) -> None:
    assert quotes_in(paragraph)[0].speaker == speaker


def test_a_one_word_quote_is_not_given_the_speaker_of_a_longer_one_holding_it() -> None:
    quotes = quotes_in(
        "“No, I will not say no to that,” Jane Smith said.",
        "Asked again, the answer was “No.”",
    )
    assert quotes[-1].speaker is None


@pytest.mark.parametrize(("paragraph", "speaker"), [
    ("As Politico reported, “Trump would win this room easily.”", "Politico"),
    ("As the columnist Louella Parsons had written years earlier, “We couldn't do "
     "without him.”", "Louella Parsons"),
    ("Article 33 affirms: “No state shall expel a refugee.”", "Article 33"),
    ("When asked whom she supported, Ms. Sherry smiled and said, “I'm waiting.”", "Sherry"),
    ("Bill de Blasio said the move was made by commissioner Bill Bratton and said, "
     "“Who are you going to trust?”", "Bill de Blasio"),
    ("The Washington Post's Robert Costa reported: “They're still with you.”",
     "Robert Costa"),
])
def test_the_sentence_before_names_the_speaker(paragraph: str, speaker: str) -> None:
    assert quotes_in(paragraph)[-1].speaker == speaker


@pytest.mark.parametrize("sentence", [
    "Cleveland sought the convention to shed what Dan Gilbert called “a perception "
    "problem.”",
    "Trump was uttering charges that Dan Gilbert, for one, called “liberal lingo.”",
])
def test_what_someone_called_is_their_words(sentence: str) -> None:
    assert quotes_in(sentence)[0].speaker == "Dan Gilbert"


@pytest.mark.parametrize(("paragraph", "speaker"), [
    ("“We will win,” Syrian President Bashar al-Assad said.", "Bashar al-Assad"),
    ("Hillary Clinton said “I stood up to the banks.” Bernie Sanders shot back, “She "
     "called them out.”", "Bernie Sanders"),
    ("The agency quoted Jane Smith as saying “we will win.”", "Jane Smith"),
    ("As John Cornyn, the No. 2 in the GOP leadership, put it: “He will not be "
     "confirmed.”", "John Cornyn"),
    ("Curt Schilling was fired. “We are an inclusive company,” ESPN said in a statement.",
     "ESPN"),
    ("“There won't be a path for him,” said one of those advisers, who spoke on the "
     "condition of anonymity.", "one of those advisers"),
])
def test_more_cues_before_a_quote(paragraph: str, speaker: str) -> None:
    assert quotes_in(paragraph)[-1].speaker == speaker


@pytest.mark.parametrize(("paragraph", "speaker"), [
    ("When George Wallace died in 1998, President Bill Clinton released the following "
     "statement: “Hillary and I offer our condolences.”", "Bill Clinton"),
    ("At a rally in Birmingham, supporters punched a protester, with Donald Trump "
     "reportedly yelling: “Get him out of here!”", "Donald Trump"),
    ("While Paul Ryan, representing the governing wing, laid out a vision for “a "
     "reformed tax code,” Ben Carson spoke of faith.", "Paul Ryan"),
])
def test_the_subject_of_a_sentence_past_its_subordinate_clause(paragraph: str,
                                                                speaker: str) -> None:
    assert quotes_in(paragraph)[0].speaker == speaker


_FILLER = "The city’s budget is under review, and the arena was cut from it. " * 12


@pytest.mark.parametrize(("paragraphs", "index", "speaker"), [
    pytest.param(("Sean Hannity spoke to the rally. The crowd cheered.",
                  "Mr. Hannity is unapologetic about his aim. “I'm not hiding the fact that I "
                  "want him to win.”"), 0, "Sean Hannity",
                 id="a quote opening a sentence after one about a person is theirs"),
    pytest.param(("Madeleine Kunin, a former governor, backs Hillary Clinton.",
                  "“This will be a challenge” for Clinton, said Kunin. “She can never be as "
                  "far left as Bernie,” she said."), -1, "Madeleine Kunin",
                 id="a surname after a cue verb is someone speaking"),
    pytest.param(("Donald Trump drew criticism for his anti-Latino remarks.",
                  "He said “The Hispanics love me.”"), 0, "Donald Trump",
                 id="a capital after a hyphen names no one"),
    pytest.param(("Vladimir Putin held his annual news conference on Thursday.",
                  "And he even inserted himself into the primary, speaking highly of Donald "
                  "Trump.",
                  "“There is no doubt that he is a very talented man,” the Russian leader "
                  "said."), 0, "Vladimir Putin",
                 id="a description means whom the sentence before is about"),
    pytest.param(("Sen. Marco Rubio (R-Fla.) met voters in Miami on Monday.",
                  "Donald Trump said the party would unite. “I will win,” Trump said.",
                  "“I stand by everything I said,” the Florida senator told reporters."),
                 -1, "Marco Rubio", id="a state in a party label ties a description"),
    pytest.param(("Senate Majority Leader Mitch McConnell blamed activists and the media.",
                  "“Many decided it was time to attack these young people,” the Kentucky "
                  "Republican said."), 0, "Mitch McConnell",
                 id="a party member described is the person by position"),
    pytest.param(("Doug McCallum’s last term as Surrey mayor ended in 2005. McCallum won "
                  "again.", _FILLER,
                  "“We have had a declining use of ice for hockey,” the mayor told "
                  "reporters."), 0, "Doug McCallum",
                 id="a title far from any name is the person the article gives it"),
    pytest.param(("Jurgen Hubbert, chief executive of Mercedes, retired last year.", _FILLER,
                  "“The dollar will be stronger in five years,” the chief executive of a "
                  "leading car maker told BBC News."), 0, "the chief executive",
                 id="a bare title reaches no one named long before"),
    pytest.param(("Bernie Sanders will release his medical records, his campaign said.",
                  "Last month, Scott Conroy asked Sanders whether his health was fair game.",
                  "“Sure it is. I am very healthy,” he said."), 0, "Bernie Sanders",
                 id="the one asked answers"),
    pytest.param(("“They are waiting to be courted,” Helen Aguirre Ferre said.",
                  "And North Carolina’s Ada Fisher, an RNC member, said Trump will exceed "
                  "expectations. “I think Trump will do quite fine,” she said."),
                 -1, "Ada Fisher", id="a person someone or somewhere has is a person"),
    pytest.param(("Volunteers staff Hillary Clinton's campaign office. Bill Clinton visited it "
                  "in January.",
                  "Speaking in Harlem, Clinton, without naming him, accused Sanders of being "
                  "late to the issue. “You can't just show up at election time,” she said."),
                 -1, "Hillary Clinton",
                 id="a full name met only as an owner is whom a surname may be"),
    pytest.param(("Huma Abedin, vice chairwoman for Clinton’s presidential campaign, emailed "
                  "supporters, telling them, “I am a proud Muslim.”",), 0, "Huma Abedin",
                 id="a name then a role set off by a comma is the subject, not who the role "
                    "is for"),
    pytest.param(("“Great speech. She's tested. She's ready.”",
                  "-President Barack Obama, tweeting after Clinton's speech."), 0,
                 "Barack Obama", id="a paragraph signing a quote with a dash, then a phrase"),
    pytest.param(("Hillary Clinton says closed primaries are fine. On CNN, his wife, Jane, "
                  "called for an open primary. “Shutting people out is not smart,” she said.",),
                 -1, "Jane", id="a given name set off after a kin word is a person"),
    pytest.param(("Donald Trump threw Jorge Ramos out of a news conference.",
                  "The anchor for Univision was trying to ask a question when Trump shot back "
                  "that he had not been called on.",
                  "“Go back to Univision,” Trump barked and a security guard escorted Ramos "
                  "out."), -1, "Donald Trump", id="barked"),
    pytest.param(("Hillary Clinton spoke in Iowa. Obama signed the bill on Monday.",
                  "Regarding Libya, Obama defended the process. “We got a UN mandate,” the "
                  "president told The Atlantic."), -1, "Obama",
                 id="a lone word acting as a subject twice is a person"),
    pytest.param(("Bruce Willis was hurt on the set, directed by Antoine Fuqua.",
                  "The lawsuit said Willis has endured “extreme pain and suffering.”"), -1,
                 "the lawsuit", id="a lawsuit is a document, no person"),
    pytest.param(("When Rachel Maddow pointed out that Bernie Sanders calls it “Medicare for "
                  "all,” Hillary Clinton seized upon the phrase. “It is not the same,” she "
                  "said.",), -1, "Hillary Clinton",
                 id="she is the subject, not the speaker of a clause before it"),
])
def test_whom_a_quote_goes_to(paragraphs: tuple[str, ...], index: int, speaker: str) -> None:
    assert quotes_in(*paragraphs)[index].speaker == speaker


def test_the_clause_after_a_quote_that_ended_its_sentence_opens_the_next_one() -> None:
    first, second = quotes_in(
        "Billy Eichner said he was gay and then quipped to Colton Underwood, “Maybe you’re "
        "the first gay Bachelor.” Colton laughed and stuttered, “I … I …”")
    assert first.speaker == "Billy Eichner"
    assert (second.speaker or "").startswith("Colton")


def test_colon_after_a_sentence_naming_the_speaker() -> None:
    (quote,) = quotes_in("Jane Smith had one message for the crowd: “We will win.”")
    assert quote.speaker == "Jane Smith"
    assert "colon" in quote.reason



def test_a_quote_labelled_with_its_speakers_name() -> None:
    # A digest's item: a headline, a dash, the author's name and a colon, no verb.
    labelled, transcript = quotes_in(
        "RED STATES OUTNUMBER BLUE STATES - Jeffrey M. Jones: “Gallup’s analysis finds "
        "that twenty states are solidly Republican.”",
        "Mary Jones: “We will win in the end, whatever the polls say.”")
    assert labelled.speaker == "Jeffrey M. Jones"
    assert transcript.speaker == "Mary Jones"
    assert labelled.reason == "X: “…”"
    # A sentence before the colon is no label: its subject speaks, not the last name.
    (quote,) = quotes_in("Jane Smith delivered a blunt message to Bob Brown: “Quit "
                         "attacking the people you competed with.”")
    assert quote.speaker == "Jane Smith"

def test_a_quote_continuing_the_previous_speaker() -> None:
    first, second, third = quotes_in("“We will win,” Jane Smith said. “Believe it.”",
                                     "“And soon.”")
    assert first.speaker == second.speaker == third.speaker == "Jane Smith"
    assert "continues" in second.reason
    assert third.confidence < first.confidence


def test_pronouns_and_short_names_resolve_to_the_fullest_name() -> None:
    quotes = quotes_in(
        "Opposition leader Jane Smith arrived on Monday.",
        "“We will win,” she said.",
        "“It is time,” Ms Smith added.",
    )
    assert [(q.speaker, q.mention) for q in quotes] == [
        ("Jane Smith", "she"), ("Jane Smith", "Smith")]


def test_a_pronoun_is_not_the_one_it_speaks_to() -> None:
    # "he told Rubio": Rubio, the subject of the sentence just before, is the one told.
    (quote,) = quotes_in(
        "At a coffee shop, supporter Scott Szlachta told the senator that he drove from "
        "Chicago. Marco Rubio co-sponsored a bill this year.",
        "“Workers in my spot have been abused,” he told Rubio.")
    assert quote.speaker == "Scott Szlachta"


@pytest.mark.parametrize("opening", [
    "Brian Murphy, the chairman of the county party, for example, said Donald Trump continued "
    "to hurt his cause.",
    "Brian Murphy of the county party in Rockingham, said Donald Trump continued to hurt "
    "his cause.",
])
def test_a_name_set_off_from_its_cue_verb_is_the_subject_a_pronoun_means(opening: str) -> None:
    (quote,) = quotes_in(f"{opening} “I don’t think it has gone well,” he said.")
    assert quote.speaker == "Brian Murphy"


def test_an_age_describes_the_person_the_sentence_before_is_about() -> None:
    (quote,) = quotes_in(
        "Britney Spears has hit back at critics in a letter to her fans on Monday.",
        "“Until you face what is going on in your life, you will remain a sad person,” "
        "the 23-year-old wrote.")
    assert quote.speaker == "Britney Spears"
    # Of a subject not known to be a person, the age stays as written.
    (quote,) = quotes_in(
        "Despite her problems, she still won five of the nine tournaments she entered and "
        "Olympic gold in Athens, an achievement which saw her named sportswoman of the year. "
        "“Physically, it is obvious that I hit rock bottom,” said the 22-year-old.")
    assert quote.speaker == "the 22-year-old"


def test_a_photo_credit_names_no_one_a_description_can_mean() -> None:
    (quote,) = quotes_in(
        "English comedian Peter Serafinowicz dubbed himself over footage of the debate.",
        "Neilson Barnard via Getty Images.",
        "“What if the candidate had elocution lessons?” the 43-year-old asked.")
    assert quote.speaker == "Peter Serafinowicz"


def test_a_lone_surname_the_article_has_speak_is_a_person_a_pronoun_may_mean() -> None:
    # Of unknown gender (the article's words do not tell it here), a lone word is passed
    # by as maybe a place or a body, unless the article has it speak somewhere.
    text = ("Tiegen found both issues disqualifying. “No one can trust her,” Tiegen "
            "said. Her push to overthrow the dictator Moammar Gadhafi was questioned. "
            "Tiegen was also troubled by Clinton’s handling of secrets. “That puts lives in "
            "jeopardy,” he wondered.")
    people = ArticlePeople(text)
    people.gender = lambda name, at=None: 1 if name.endswith("Clinton") else (  # type: ignore[method-assign]
        0 if name.endswith("Gadhafi") else None)
    assert people.antecedent(text.index("he wondered"), "he") == "Tiegen"


def test_a_pronoun_after_an_opening_phrase_is_the_subject_not_the_one_named() -> None:
    # "she described Trump": she is not a woman of Trump's surname named elsewhere.
    (quote,) = quotes_in(
        "Ivanka Trump, 34, will speak on Thursday.",
        "On the opening night, Trump's wife, Melania, is among the featured speakers. At a "
        "rally this spring, she described Trump as kind. (She also noted, “When you attack "
        "him, he will punch back 10 times harder.”)")
    assert quote.speaker == "Melania"


def test_a_verb_in_the_past_between_two_names_is_no_role() -> None:
    # "Alicia Markova spent World War II": she is the subject, not a modifier of a role.
    *_, quote = quotes_in(
        "Alicia Markova spent World War II in the United States where, in a re-formed "
        "company, she played to huge audiences. In 1950, back in England, she and Anton "
        "Dolin established the Festival Ballet. She retired in 1963, an “instant decision” "
        "she said, “largely because of a leg injury”.")
    assert quote.speaker == "Alicia Markova"


@pytest.mark.parametrize(("paragraph", "speaker"), [
    # A "who" before the cue verb is the name before it.
    ("Then there was Charlie Sykes, who said, “We have spent 20 years demonizing the media.”",
     "Charlie Sykes"),
    ("There was a tweet from Rikkie Wells who tweeted, “Staff never pay attention to the "
     "rules.”", "Rikkie Wells"),
    ("The argument was rejected by Tony Blair, who said: “Firstly, we have not broken the "
     "precedent.”", "Tony Blair"),
    # "state" after a singular name or before one is the noun, not a cue.
    ("“They feel he is the one guy saying it,” Thomas Hanify, the president of the Indiana "
     "state firefighters union, said.", "Thomas Hanify"),
    ("Mr Julio De Vido said that the Argentine state would not make a contribution “in the "
     "form of a subsidy”.", "Julio De Vido"),
])
def test_the_speaker_of_one_paragraph(paragraph: str, speaker: str) -> None:
    (quote,) = quotes_in(paragraph)
    assert quote.speaker == speaker


def test_a_description_someone_unnamed_was_introduced_by_stays_as_written() -> None:
    # "the prime minister's spokesman said": the spokesman is no one the article names.
    quote, _ = quotes_in(
        "David Cameron will work with whoever is elected, the prime minister’s spokesman "
        "said. “The PM has made his views very clear,” the spokesman said. “He stands by "
        "them.”")
    assert quote.speaker == "the spokesman"
    # With a name after it, the same words introduce a person the description means.
    quote, _ = quotes_in(
        "David Cameron will work with whoever is elected, the prime minister’s spokesman, "
        "Tom Jones, said. “The PM has made his views very clear,” the spokesman said. “He "
        "stands by them.”")
    assert quote.speaker == "Tom Jones"


def test_a_legislature_is_a_body_not_a_person_a_description_is_kept_from() -> None:
    # "the Florida senator" is not passed over as someone else's name ("Florida
    # Legislature" is no person, whose name would hold "Florida").
    quote, _ = quotes_in(
        "The bill passed the Florida Legislature last year.",
        "Marco Rubio said he does support an exception if the life of the mother is in "
        "danger. “It is a difficult issue,” said the Florida senator, “because it puts two "
        "rights in conflict.”")
    assert quote.speaker == "Marco Rubio"


def test_a_name_ending_in_a_title_word_with_a_given_name_before_it_is_a_name() -> None:
    assert person_name(["Billie", "Jean", "King"]) == "Billie Jean King"
    assert person_name(["Belarus", "President"]) is None
    assert person_name(["Judge"]) is None


def test_a_lone_surname_acting_twice_past_an_adverb_is_a_person() -> None:
    # "Obama also addressed …" and "Obama stated": the article never names him in full.
    quote, *_ = quotes_in(
        "Brian Fallon, a spokesman, wrote on Twitter that the claim was false.",
        "Obama also addressed the concerns last Thursday, stating that local authorities "
        "are in charge of the election process.",
        "“We do take seriously our responsibilities,” he added.",
        "“They need to be careful,” Obama stated.")
    assert quote.speaker == "Obama"


def test_a_party_member_is_a_person_only_where_a_state_qualifies_it() -> None:
    # "The Kyiv Independent" is a paper, even where someone named before it acts.
    *_, quote = quotes_in(
        "Lukashenko also said the army would stay home. Lukashenko once promised calm.",
        "The Kyiv Independent wrote in a tweet: “Belarus preparing restrictions on exit.”")
    assert quote.speaker == "The Kyiv Independent"
    *_, quote = quotes_in(
        "Bernie Sanders spoke in Burlington on Monday.",
        "“We will win this,” the Vermont Independent said.")
    assert quote.speaker == "Bernie Sanders"


@pytest.mark.parametrize(("paragraphs", "speaker"), [
    (("President Barack Obama released a statement on Thursday night condemning the attack.",
      "“We stand in solidarity with France,” the statement said."), "Barack Obama"),
    (("“There were not multiple calls,” Fox News said in a statement.",
      "“We acknowledged his concerns,” the statement said."), "Fox News"),
    (("Ash Carter took office in February. The Times said Carter provided a written "
      "statement.", "“It was a mistake,” the statement said."), "Ash Carter"),
    (("Her campaign plans to reprint a withering Washington Post editorial.",
      "“He is selling fiction,” the editorial said."), "Washington Post"),
    # The article does not say whose it is: it stays as written.
    (("That did not sit well with the editors, who aimed their Friday editorial at Hillary "
      "Clinton.", "“She should come to Louisiana,” the editorial said."), "the editorial"),
])
def test_a_document_quoted_is_its_issuers(paragraphs: tuple[str, ...], speaker: str) -> None:
    *_, quote = quotes_in(*paragraphs)
    assert quote.speaker == speaker


def test_a_description_resolves_to_the_person_named_after_the_same_noun() -> None:
    quotes = quotes_in(
        "Ukrainian President Volodymyr Zelensky spoke first.",
        "Talks went on. Then John Brown, a farmer, spoke about the harvest.",
        "“We are ready,” the Ukrainian President said.",
    )
    assert quotes[0].speaker == "Volodymyr Zelensky"
    assert quotes[0].mention == "the Ukrainian President"


def test_no_speaker_is_reported_as_unknown() -> None:
    (quote,) = quotes_in("The sign read “Closed for the winter season” all week.")
    assert quote.speaker is None
    assert quote.speaker_kind == "unknown"
    assert quote.confidence == 0.0


def test_penalties_along_a_chain_keep_the_confidence_positive() -> None:
    # An unresolved pronoun (0.45 - 0.4), then a quote continuing it (- 0.2): once -0.15.
    quotes = quotes_in('a\nHe "a" "a')
    assert [q.speaker for q in quotes] == ["He", "He"]
    assert all(0.0 < q.confidence <= 1.0 for q in quotes)


def test_he_and_she_follow_the_gender_the_article_gives() -> None:
    quotes = quotes_in(
        "Her deputy, John Weir, took questions. Weir spoke, then he left.",
        "Mary Nicholson, a director, agreed with the plan. She left early.",
        "“We will see,” he said.",
        "“It is a fair plan,” she said.",
    )
    assert [q.speaker for q in quotes] == ["John Weir", "Mary Nicholson"]


def test_he_goes_to_the_subject_of_the_nearest_sentence_naming_someone() -> None:
    quotes = quotes_in(
        "Ben Myers also cited an idea from Frank Clayton, a research fellow.",
        "“Supply is the problem,” he said.",
    )
    assert quotes[0].speaker == "Ben Myers"


def test_he_passes_by_a_name_that_only_qualifies_the_subject_s_role() -> None:
    quotes = quotes_in(
        "Barack Obama won Iowa in 2008. Obama consultant Cornell Belcher picked up a "
        "similar thread at the time.",
        "“Voters are beginning to see it,” he said.",
    )
    assert quotes[0].speaker == "Cornell Belcher"
    # A clause between two names is no role: the first is the subject.
    quotes = quotes_in(
        "Did that mean Mark Garcia would vote for Ted Cruz?",
        "“No, no, no, no,” he said, laughing.",
    )
    assert quotes[0].speaker == "Mark Garcia"


def test_he_passes_by_a_name_in_a_short_opening_phrase() -> None:
    quotes = quotes_in(
        "At Palm Ridge, where new members pay a fee, Jay Dillon, the club's "
        "president, blamed poor management.",
        "“It was waiting for a recession,” he said.",
    )
    assert quotes[0].speaker == "Jay Dillon"
    # A long phrase holds the subject itself.
    quotes = quotes_in(
        "On Thursday evening Hillary Clinton delivered her acceptance speech as the "
        "nominee, painting Donald Trump as unqualified.",
        "“A man you can bait with a tweet is not a man we can trust,” she said.",
    )
    assert quotes[0].speaker == "Hillary Clinton"


def test_a_description_goes_to_the_person_named_more_when_the_readings_differ() -> None:
    quotes = quotes_in(
        "Alexander Lukashenko spoke at a harvest festival in Gomel.",
        "“The harvest has been the best in a decade,” Lukashenko said.",
        "Sviatlana Tsikhanouskaya said Lukashenko would order the army to attack.",
        "The Belarus leader said his country would “remain together with fraternal "
        "Russia”.",
    )
    assert quotes[-1].speaker == "Alexander Lukashenko"


@pytest.mark.parametrize(("named", "description", "speaker"), [
    ("Jeb Bush of Florida", "the Florida governor", "Jeb Bush"),
    ("Harry Reid (D-Nev.)", "the Democratic leader", "Harry Reid"),
])
def test_a_description_goes_to_the_person_its_words_are_written_by(
        named: str, description: str, speaker: str) -> None:
    quotes = quotes_in(
        f"{named} sparred with Donald Trump on the debate stage.",
        "Trump said the party needed a winner. “We will win big,” he said.",
        f"“You are not going to insult your way to the presidency,” {description} said.",
    )
    assert quotes[-1].speaker == speaker


@pytest.mark.parametrize("description", ["the Christie supporter", "the narrator"])
def test_a_description_of_someone_the_article_does_not_name_stays_as_written(
        description: str) -> None:
    quotes = quotes_in(
        "Hillary Clinton spoke in Manchester, where Chris Christie had campaigned.",
        f"“There is a special place in hell for them,” {description} said.",
    )
    assert quotes[0].speaker == description


def test_a_description_of_someone_introduced_unnamed_stays_as_written() -> None:
    quotes = quotes_in(
        "At a town hall, a young woman asked Hillary Clinton about Bill Clinton.",
        "“Should we believe them as well?” the woman said.",
    )
    assert quotes[0].speaker == "the woman"


def test_a_description_s_head_tells_the_gender_of_whom_it_means() -> None:
    quotes = quotes_in(
        "Bill Clinton praised Hillary Clinton at the rally.",
        "“We will win,” the congresswoman said.",
    )
    assert quotes[0].speaker == "Hillary Clinton"


def test_a_surname_once_titled_is_a_person_where_it_stands_alone() -> None:
    quotes = quotes_in(
        "President Obama spoke at the summit.",
        "Ted Nordhaus, an analyst, said: “No large economy has succeeded.”",
        "And Obama, for all the progress he helped wrangle, seems to agree. “We don't "
        "yet know what will work,” he said.",
    )
    assert quotes[-1].speaker == "Obama"


def test_said_after_a_comma_ending_the_clause_after_a_quote() -> None:
    (quote,) = quotes_in("Polls show Jane Roe up by 10 points. “Many would consider that "
                         "an embarrassment” if she did not win by more than that, said "
                         "David Wasserman, an elections analyst.")
    assert quote.speaker == "David Wasserman"


def test_a_quote_signed_by_the_paragraph_after_it() -> None:
    quotes = quotes_in(
        "Jane Roe spoke about taxes on Monday.",
        "“Big firms pay zero taxes.”",
        "- Tom Baker.",
        "This is a complex issue.",
    )
    assert quotes[0].speaker == "Tom Baker"
    assert "signs" in quotes[0].reason


def test_a_sentence_s_first_word_is_no_subject_unless_it_names_a_person() -> None:
    quotes = quotes_in(
        "Donald Trump called for change.",
        "Immediately after the attacks, Trump issued a statement, “Our nation was "
        "attacked last night.”",
        "Using “illegal alien” became a regular part of the debate.",
    )
    assert [q.speaker for q in quotes] == ["Donald Trump", None]


def test_according_to_in_the_middle_of_the_sentence_before() -> None:
    (quote,) = quotes_in("That's according to a Michigan school's latest “List of Words "
                         "Banished from the Queen's English for Mis-use.”")
    assert quote.speaker == "a Michigan school"
    assert quote.cue == "according to"


@pytest.mark.parametrize(("paragraph", "speaker", "cue"), [
    ("“It is about time,” exhorted Clinton's introducer, actress Jamie Lee Curtis.",
     "Jamie Lee Curtis", "exhorted"),
    ("“An awful lot of analysts said no,” remembered Roy Verley, the spokesman.",
     "Roy Verley", "remembered"),
    ("“France will always be France,” an angry Hollande retaliated.", "Hollande",
     "retaliated"),
    ("“They are all here for free stuff,” Jim Bennett shot back with a laugh.",
     "Jim Bennett", "shot"),
    # A phrase after the verb that a preposition opens names no one.
    ("“He is doing his own thing,” John Bryant, the Republican chairman, said in an "
     "interview of Donald Trump.", "John Bryant", "said"),
    # A question or an exclamation inside the marks closes the quote as a comma does.
    ("“Would it be negotiable?” Sean Hannity pressed.", "Sean Hannity", "pressed"),
    # A verb in the past inside an apposition is passed by for the cue after it.
    ("“This is an outrage,” a citizen, whose name is redacted, wrote on Aug. 29.",
     "a citizen", "wrote"),
])
def test_after_a_quote_closed_by_a_comma_a_verb_in_the_past_is_its_cue(
        paragraph: str, speaker: str, cue: str) -> None:
    (quote,) = quotes_in(paragraph)
    assert (quote.speaker, quote.cue) == (speaker, cue)


def test_a_verb_in_the_past_mid_clause_is_no_cue() -> None:
    for sentence in ("“The money is there,” the campaigns used it for ads.",
                     "“Help our coach,” the team dressed in green for the game."):
        (quote,) = quotes_in("Jane Roe runs the fund.", sentence)
        assert quote.cue is None, sentence


def test_he_passes_by_a_name_that_qualifies_a_noun() -> None:
    quotes = quotes_in(
        "Bernie Sanders won New Hampshire.",
        "Yesterday Bernie Sanders supporters cheered Wayne Borders, a canvasser.",
        "“I'm knocking on doors all over town,” he said.",
    )
    assert quotes[0].speaker == "Wayne Borders"


def test_he_passes_by_the_names_after_a_described_subject() -> None:
    quotes = quotes_in(
        "Paul Ryan said the onus is on Donald Trump to unify the party.",
        "The Wisconsin Republican did give Trump some credit during the interview.",
        "“We don't always nominate a Lincoln,” he said.",
    )
    assert quotes[0].speaker == "Paul Ryan"


def test_a_name_ending_in_ing_is_no_participle() -> None:
    quotes = quotes_in("Jeremy Boreing runs the club.",
                       "Boreing said the members will still meet for drinks, but said, "
                       "“It's time we change how we do it.”")
    assert quotes[0].speaker == "Jeremy Boreing"


def test_a_text_reads() -> None:
    (quote,) = quotes_in("Isaiah 45 reads: “This is what the Lord says to his anointed.”")
    assert quote.cue == "reads"


def test_a_capitalised_common_word_is_no_name() -> None:
    quotes = quotes_in("Several officials met on Monday.",
                       "Officials said: “The plan will work.”",
                       "The crowd grew. Repeatedly “Four more years” rang out.")
    assert [q.speaker for q in quotes] == ["officials", None]


def test_a_question_s_auxiliary_is_no_part_of_a_name() -> None:
    quotes = quotes_in("Marco Rubio spoke in Iowa.",
                       "Does Rubio believe it? “We feel great in every one of those "
                       "states,” he said.")
    assert quotes[0].speaker == "Marco Rubio"


def test_the_agent_of_a_passive_cue_speaks() -> None:
    (quote,) = quotes_in("Bernie Sanders was asked by host Bill Maher, who supports him, "
                         "“Now, you famously said you were tired of the emails?”")
    assert quote.speaker == "Bill Maher"


def test_a_document_described_is_no_person() -> None:
    quotes = quotes_in("Marco Rubio stumbled in the debate.",
                       "“Choke!” blared the front page of the Boston Herald.",
                       "“We will begin today,” the email said.")
    assert [q.speaker for q in quotes] == ["the front page", "the email"]


def test_he_passes_by_the_names_of_an_earlier_subordinate_clause() -> None:
    quotes = quotes_in(
        "After Glenn Beck asked the author who would win, Dinesh Desai replied, “I would "
        "bet on Hillary.”",
        "“We should never confuse who we want to win,” he added.",
    )
    assert [q.speaker for q in quotes] == ["Dinesh Desai", "Dinesh Desai"]
    # Unless the main clause opens with the same pronoun: then the clause names him.
    quotes = quotes_in(
        "When the interview steered Tim Allen toward the race, he offered his thoughts on "
        "Donald Trump's appeal.",
        "“I think it's funny,” he said.",
    )
    assert quotes[0].speaker == "Tim Allen"


def test_a_surname_a_quote_gives_in_full_is_a_person() -> None:
    quotes = quotes_in(
        "“Donald Trump says he is qualified,” Mary Smith said.",
        "Gov. Chris Christie made the city a priority.",
        "Trump blamed local officials on Twitter. “Ask the council,” he wrote.",
    )
    assert quotes[-1].speaker == "Trump"


def test_a_surname_named_in_full_only_as_an_owner_is_a_person() -> None:
    quotes = quotes_in(
        "Marco Rubio's campaign hired staff.",
        "In New Hampshire, Rubio has railed against Chris Christie.",
        "On the trail, Rubio is trying to reach voters. He speaks at length.",
        "“I am passionate about these issues,” he said.",
    )
    assert quotes[0].speaker == "Marco Rubio"


def test_the_campaign_is_no_person() -> None:
    quotes = quotes_in("Hillary Clinton spoke in Iowa on Monday.",
                       "The campaign said: “Neither of these emails involve the secretary.”")
    assert quotes[0].speaker == "the campaign"


def test_a_description_of_one_person_goes_to_the_subject_not_the_last_named() -> None:
    quotes = quotes_in(
        "Donald Trump said Friday that it would have been cool had Hillary Clinton "
        "congratulated him.",
        "“I was curious to see whether she would,” the Republican nominee said.",
    )
    assert quotes[0].speaker == "Donald Trump"
    assert "subject first" in quotes[0].reason


def test_a_cueless_quote_after_reported_speech_is_that_speaker_s() -> None:
    quotes = quotes_in(
        "Jane Smith spoke first. Later, Mr. Hemming said his group would press on. "
        "“The purpose of the meeting is to vote out the board.”",
    )
    assert quotes[0].speaker == "Hemming"
    assert "reporting speech" in quotes[0].reason


def test_a_sentence_between_two_quotes_hands_the_next_one_to_its_subject() -> None:
    quotes = quotes_in(
        "“What a great way to finish the year,” said Rafael Nadal afterwards. US coach "
        "Patrick McEnroe wants his team to play more on clay. “It will help these guys.”",
    )
    assert [q.speaker for q in quotes] == ["Rafael Nadal", "Patrick McEnroe"]
    assert "subject" in quotes[1].reason
    # Without a person as that sentence's subject, the quote continues the speaker.
    quotes = quotes_in("“We will win,” Jane Smith said. The vote is on Monday. “Believe it.”")
    assert [q.speaker for q in quotes] == ["Jane Smith", "Jane Smith"]
    assert "continues" in quotes[1].reason


def test_the_name_after_a_role_of_several_words_is_the_subject() -> None:
    (quote,) = quotes_in("Lib Dem home affairs spokesman Mark Oaten welcomed the plan as "
                         "a “first step”.")
    assert quote.speaker == "Mark Oaten"


def test_one_word_after_of_is_no_person() -> None:
    quotes = quotes_in(
        "Doug McCallum, of the Safe Surrey coalition, spoke on Monday. A chart from the "
        "City of Surrey showed a dip.",
        "“Use is declining,” the mayor told reporters.",
    )
    assert quotes[0].speaker == "Doug McCallum"


def test_he_passes_by_a_name_whose_clause_he_opens_after_a_comma() -> None:
    quotes = quotes_in(
        "Ragheb Al Turkmani came to Canada with his family. Unlike Mohammad Al Mnajer, "
        "he has been unable to find work.",
        "“My study comes afterwards,” he said.",
    )
    assert quotes[0].speaker == "Ragheb Al Turkmani"


def test_a_new_sentence_after_a_quote_is_not_its_attribution() -> None:
    quotes = quotes_in("“We are pleased,” says director Adam Jagelewski. “We are setting up "
                       "the next cohort.” While some critics say the plan is costly, he "
                       "disagrees.")
    assert [q.speaker for q in quotes] == ["Adam Jagelewski", "Adam Jagelewski"]


def test_a_speaker_resumes_after_a_paragraph_naming_no_one() -> None:
    quotes = quotes_in(
        "“Cities have to plan for that,” Konrad Gajewski said.",
        "For cities like these, shovels will stay out for a while.",
        "“We're going to have to shovel more often.”",
    )
    assert [q.speaker for q in quotes] == ["Konrad Gajewski", "Konrad Gajewski"]
    assert "naming no one" in quotes[1].reason
    # A paragraph that names someone may bring in the next speaker: no guess.
    quotes = quotes_in(
        "“Cities have to plan for that,” Konrad Gajewski said.",
        "Mary Jones runs the city's works department.",
        "“We're going to have to shovel more often.”",
    )
    assert "naming no one" not in quotes[1].reason


@pytest.mark.parametrize("word", ["October", "More", "His", "I'm"])
def test_one_word_that_names_no_one_is_no_speaker(word: str) -> None:
    (quote,) = quotes_in(f"“We will win,” {word} says.")
    assert quote.speaker is None


def test_a_word_that_is_also_a_surname_stays_a_speaker() -> None:
    (quote,) = quotes_in("“It is a sad song,” Read said.")
    assert quote.speaker == "Read"


def test_a_given_name_tells_the_gender_the_article_does_not() -> None:
    # Nothing in the article says which of the two is a woman but their given names.
    quotes = quotes_in(
        "Actress Susan Walters, 69, told MSNBC she was unsure about Clinton.",
        "“I think Bernie would encourage people,” she said.",
        "Asked about her vote in the event that Hillary Clinton faces Donald Pike, she "
        "replied: “I don’t know.”",
    )
    assert [q.speaker for q in quotes] == ["Susan Walters", "Susan Walters"]


def test_the_article_s_own_words_outweigh_a_given_name() -> None:
    # "Darian" is mostly a man's name; the article says otherwise, twice.
    quotes = quotes_in(
        "Darian Lonechild is new to advocacy work. She has already proven herself.",
        "She wrote to the minister last year. Her brother Tom Lonechild helped.",
        "“It is very emotional,” she said.",
    )
    assert quotes[0].speaker == "Darian Lonechild"


def test_a_place_is_no_speaker_nor_an_antecedent() -> None:
    quotes = quotes_in(
        "Ted Cruz picked Denver. Donald Trump said North Carolina would win.",
        "“It will be Denver or Carolina,” he said.",
        "“We love New York,” South Carolina said.",
    )
    assert quotes[0].speaker == "Donald Trump"
    assert quotes[1].speaker_kind != "name"


def test_a_titled_name_before_of_is_a_person() -> None:
    quotes = quotes_in(
        "When Sen. Bernie Sanders of Vermont took the stage, the crowd cheered.",
        "Sanders is also keeping his supporters riled up, given Clinton's lead.",
        "“There are a lot of people out there,” he said.",
    )
    assert quotes[0].speaker == "Bernie Sanders"


def test_a_surname_two_people_share_goes_to_the_one_of_the_pronoun_s_gender() -> None:
    quotes = quotes_in(
        "Sen. Chris Murphy has pushed for gun control since Anne Marie Murphy, a "
        "teacher, was killed.",
        "Murphy projects optimism. “The primary has moved him,” he said.",
    )
    assert quotes[0].speaker == "Chris Murphy"


def test_a_fuller_form_must_agree_with_the_given_name() -> None:
    quotes = quotes_in(
        "Hillary Rodham Clinton spoke first.",
        "“It was a great day,” Bill Clinton said.",
    )
    assert quotes[0].speaker == "Bill Clinton"


@pytest.mark.parametrize(("paragraphs", "speaker"), [
    # The subject ends where its verb begins.
    (("Charles Kennedy spoke in Harrogate.",
      "Mr Kennedy used a speech to say his party was facing up to “hard choices”."),
     "Charles Kennedy"),
    (("Jack Osbourne praised the show.",
      "Osbourne himself was at a loss to explain its popularity: “I don’t know.”"),
     "Jack Osbourne"),
    (("A Number 10 spokeswoman would only say: “It is a matter for the prime minister.”",),
     "A Number 10 spokeswoman"),
    (("Then deputy chairman Howard Flight was reported to have suggested more “cuts”.",),
     "Howard Flight"),
])
def test_a_speaker_is_a_name_or_a_description_and_nothing_else(
        paragraphs: tuple[str, ...], speaker: str) -> None:
    assert quotes_in(*paragraphs)[-1].speaker == speaker


@pytest.mark.parametrize("paragraphs", [
    # An infinitive or a passive after a quote is a new sentence, not its attribution.
    ("He told the Today programme: “We have no statement.” Mr Howard declined to say "
     "what form the statement should take.",),
    ("Reports that Tony Blair is planning a snap election have been described as "
     "“speculation”.",),
    ("“We are ready,” she said. Those signing up will only be told about serious threats.",),
    # A party is no person.
    ("Unlike the old Tory-Labour debate, voters are ready to see “modest” rises.",),
])
def test_no_stray_words_become_a_speaker(paragraphs: tuple[str, ...]) -> None:
    for quote in quotes_in(*paragraphs):
        words = set((quote.speaker or "").lower().split())
        assert not words & {"declined", "is", "planning", "will", "be", "told", "tory",
                            "tory-labour"}, quote.speaker


def test_a_headline_question_names_no_one() -> None:
    body = ("Will Tory tax cuts lift spirits?\n\nAs the Tory leader declared, the aim is a "
            "real divide. “People will have a clear choice,” he said.\n")
    article = build_article(Document(name="t.txt", text=body, format="txt"), None)
    (quote,) = quotes_of_article(body, article.paragraphs, article.title_span)
    assert quote.speaker != "Will Tory"


@pytest.mark.parametrize(("paragraph", "speaker"), [
    # "of" and a place after a name tell where the person is from.
    ("“I want Bernie in the fold,” said Sen. Sherrod Brown of Ohio, a possible choice.",
     "Sherrod Brown"),
    ("Sen. Barbara Mikulski of Maryland, who wants a commission, said: “It is wrong.”",
     "Barbara Mikulski"),
    ("“We will win,” Rep. Lee Zeldin of New York said.", "Lee Zeldin"),
    ("“It is so much greater,” said Rep. Beto O'Rourke (D-Tex.), a Clinton endorser.",
     "Beto O'Rourke"),
    # A word run into a name before its given name is no part of it.
    ("“I see the same populism,” Go Donald Trump told reporters.", "Donald Trump"),
])
def test_the_name_in_a_phrase_of_several_runs(paragraph: str, speaker: str) -> None:
    (quote,) = quotes_in(paragraph)
    assert quote.speaker == speaker


def test_a_definite_description_is_the_person_named_in_apposition() -> None:
    quotes = quotes_in(
        "Sen. Harry Reid (D-Nev.), the Senate minority leader, spoke first. Ted Cruz "
        "answered him.",
        "“I just think it is wrong,” the Senate minority leader said.",
        "New Jersey Gov. Chris Christie campaigned in Iowa. Ted Cruz did too.",
        "“He went for the easy vote,” the New Jersey governor said.",
        "“We are anxious,” said one Cruz supporter.",
    )
    assert [q.speaker for q in quotes] == ["Harry Reid", "Chris Christie",
                                           "one Cruz supporter"]


def test_a_cue_before_a_name_makes_it_the_one_speaking() -> None:
    quotes = quotes_in(
        "The Canadian Press photo shows Fouzia Al Hashish with her daughters.",
        "Somehow, the family will find a way, adds Abir Al Basha. “We can borrow the "
        "money,” she says.",
    )
    assert quotes[0].speaker == "Abir Al Basha"


def test_they_are_the_two_people_named_together() -> None:
    quotes = quotes_in(
        "In an emailed statement, the owners Tore Sohlberg and Lehla Abreder said they "
        "respected the vote.",
        "“Our priority is a respectful workplace,” they said.",
    )
    assert quotes[0].speaker == "Tore Sohlberg and Lehla Abreder"
    assert quotes[0].speaker_kind == "description"  # two people are no one person


@pytest.mark.parametrize(("paragraphs", "speaker"), [
    (("Alfonso Espinos runs the shop.",
      "“You’re talking about one genre only,” points out the laid-back Cambridge resident."),
     "Alfonso Espinos"),
    (("“Harsh winter conditions are a reality,” says a document titled White Paper: "
      "Railroading in the Canadian Winter.",), "a document"),
    (("Elon Musk wrote again. In other words, he gets to continue with his riffs "
      "(“Anxiety is a scalar, fear is a vector”).",), "Elon Musk"),
])
def test_what_follows_a_cue_verb_is_read_as_a_speaker_phrase(
        paragraphs: tuple[str, ...], speaker: str) -> None:
    assert quotes_in(*paragraphs)[-1].speaker == speaker


@pytest.mark.parametrize(("paragraphs", "speaker"), [
    # A participle's phrase before "she" names someone else.
    (("Actress Susan Walters told MSNBC she was unsure.",
      "Asked about her vote in the event that Hillary Clinton faces Trump, she replied: "
      "“I don’t know.”"), "Susan Walters"),
    (("Cornel West spoke first. Filling in for Bernie Sanders at the event where Bill "
      "Clinton appeared, West landed a sharp dig.", "“I took no money,” he said."),
     "Cornel West"),
    # ... and a sentence naming people only in such a phrase, its pronoun speaking, hands
    # the search on to the sentences before it.
    (("Actress Susan Walters told MSNBC she was unsure.",
      "Asked about her vote in the event that Hillary Clinton faces Trump, she replied: "
      "“I don’t know.”", "“Really,” she added."), "Susan Walters"),
    # Not when the name is the subject: "he said" in its clause is the same man.
    (("Ted Cruz spoke first.",
      "Donald Trump has blasted the delegate system, which he said leaves voters out.",
      "“It’s a rigged, disgusting, dirty system,” he said."), "Donald Trump"),
    # "Christie's been": Christie has, the subject; Rubio is the object.
    (("Chris Christie and Marco Rubio met on stage.",
      "Christie's been making the case for weeks that Rubio isn't ready.",
      "“You have not been involved in a consequential decision,” he said."), "Chris Christie"),
    # "Calderon’s remarks": a thing said, not Calderon speaking; Trump is the subject.
    (("Felipe Calderon met Donald Trump.",
      "Trump has not yet answered Calderon’s remarks in the interview.",
      "“The drug epidemic must stop,” he said."), "Donald Trump"),
    # "the Clinton campaign": Clinton modifies a noun; Podesta is the subject.
    (("And Clinton campaign chairman John Podesta offered a slogan when I asked him.",
      "“She will fight for the American people,” he said."), "John Podesta"),
    # The same pronoun speaking before a name: the name is someone else.
    (("Ted Bruch chairs the delegation.",
      "But during the roll call, states are called alphabetically, he noted, so it may "
      "be clear whether Donald Trump will be the nominee.",
      "“If for some reason we can’t get a nominee, we might abstain,” he said."),
     "Ted Bruch"),
    # A people is no person.
    (("Hillary Clinton met voters. Most Southern states and African Americans back her.",
      "“You can't just show up at election time,” she said."), "Hillary Clinton"),
])
def test_he_and_she_skip_who_cannot_be_their_subject(
        paragraphs: tuple[str, ...], speaker: str) -> None:
    assert quotes_in(*paragraphs)[-1].speaker == speaker


def test_a_given_name_alone_acting_is_a_person_of_that_gender() -> None:
    quotes = quotes_in(
        "At the cocktail party, Demi decided to step up her campaign against Colton.",
        "“Some of us are five steps ahead,” she said.",
    )
    assert quotes[0].speaker == "Demi"


def test_the_subject_comes_first_whether_or_not_its_gender_is_known() -> None:
    quotes = quotes_in(
        "Nino Niederreiter has four goals since Minnesota traded him for Victor Rask.",
        "“They are great playmakers,” he said.",
    )
    assert quotes[0].speaker == "Nino Niederreiter"


def test_it_is_the_body_named_just_before_spelt_out() -> None:
    quotes = quotes_in(
        "Export Development Canada (EDC) insures investments abroad.",
        "EDC declined to answer most questions. “We respect the confidentiality of our "
        "policy holders,” it said.",
    )
    assert quotes[0].speaker == "Export Development Canada"


def test_a_photo_caption_is_no_antecedent() -> None:
    quotes = quotes_in(
        "Cecil Foster writes that the porters changed Canada.",
        "Benjamin Layne, a retired porter, looks at photos in Montreal. ( THE CANADIAN "
        "PRESS FILE PHOTO )",
        "The trip drew national attention. “These guys were smart,” he says.",
    )
    assert quotes[0].speaker == "Cecil Foster"
