"""Does a free-text answer suggest that a child may be at risk?

`assess(text)` returns a `Concern` (categories, and the spans of the original text
that matched, for a designated reviewer to see highlighted) or None;
`assess_answers` does the same over the free-text answers of one response. The
caller shows the respondent how to get help at once and flags the response.
Nothing here logs, stores or looks anything up, and nothing but the text is used.
A `Match` quotes the child's words, so treat it like the answer itself; the spans
can always be worked out again from the stored answer, so a flag needs to keep
only the categories.

How it works. The text is normalised word by word: lower case, NFKC compatibility
forms, accents and zero-width characters dropped, apostrophes unified, and each word
mapped to a canonical spelling: text-speak and contractions (u, ur, bc, wanna,
dont, kms, sum1, bf, unalive, "he'll" -> "he will"), known misspellings (huts,
touchd, sucide), leetspeak digits (h1t) when that yields a word we know, and
stretched or doubled letters ("hiiiits", "hitt", "hiting") matched against the
words the patterns use. "2" and "4" become "to" and "for" except before "days"
and the like. Sentence punctuation and commas end a phrase; other punctuation is a
space. Each word keeps the span of the original text it came from. Then the
rules of feedback_app/data/safeguarding_rules.yaml (data, checked at start-up by
feedback_app/safeguarding_rules.py, each with its category, key words and examples
it must and must not match) look for phrases with small gaps allowed ("my dad hit
me", "he keeps hitting me", "i get beaten", "older boys make me"). A rule runs only
when one of its key words occurs in the text, which keeps `assess` fast.

Trade-offs (the aim is few missed disclosures; a reviewer reading a false alarm
costs little):
- A plain negation just before the harmful word cancels it ("nobody hurts me",
  "he never hits me or shouts at me", "I don't feel unsafe"), but not when
  followed by "anymore", "again" or "except" ("he doesn't hit me anymore" tells
  of past harm: flagged). Talk of suicide or self-harm is flagged even when
  negated ("I would never kill myself").
- Idioms are masked: "hit the nail on the head", "hit and miss", "touched on",
  "keep in touch", "ran out of time", "beat us at football", "hit me up",
  "pushes me to do my best", "hit us with a lot of information". "Hurt my
  feelings" and "it hurt me that..." are feelings about events or the process,
  not disclosures: not flagged.
- Bare "safe" never flags ("I'm in safe hands", "I feel safe"); "not / don't feel /
  never ... safe" and "unsafe" do, except "if I don't feel safe" (what to do if).
  "Scared" flags with a person, home, night or telling, or on its own ("I am
  scared"), but not "scared of the dark" or "scared about the meeting".
- Wishes about contact ("I want to go home to mum", "I miss dad") are not flagged;
  "I don't want to go home" and "I don't like being at dad's" are.
- Accidents and hyperbole read like harm and are flagged: "I got hit by a ball",
  "I cut myself", "mum will kill me if I'm late", "I got kicked out".
- The tables in tests/feedback_app/test_safeguarding.py are all caught, but each
  round of new, unseen examples was only about half to two thirds caught before
  its misses were added: phrasing nobody has listed will be missed. Add every miss
  a reviewer finds to those tables (reworded, never copied from the held-out set).
  On the held-out set (bench/safeguarding.py) it caught 143 of 218 disclosures with 11
  of 354 ordinary comments flagged (December 2026): which is why every child's answer
  is also read by a person (feedback_app/reading), the detector deciding only what is
  read first.
- Not covered: languages other than English, letters spaced out ("h i t s"),
  look-alike letters from other alphabets, and harm told without the words here.

Round 2 (issue 14, decision 0024) added rules written from a development set
(feedback_app/data/safeguarding_training.yaml, bench/safeguarding_development.py); the figures
above are for round 1. After round 2 the held-out sets caught 174 of 218 (12 of 354 ordinary
comments flagged) and 176 of 219 (18 of 320): see bench/README.md. Round 4 (decision 0024) reads a
question asked about "you" ("is it normal for your dad to hit you?") as about the child, lets a
mask mark with (?P<t>...) the words it covers (the rest is context it needs), and looks rules up
by the text's key words instead of testing each rule's.

A second tier, a classifier trained on that development set (feedback_app/safeguarding_tier2.py,
decision 0026), orders the reading queue after what these rules flag; `assess` does not use it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from feedback_app import safeguarding_rules


@dataclass(frozen=True)
class Match:
    category: str
    start: int  # offsets into the original answer
    end: int
    text: str
    question_id: str | None = None
    position: int = 0  # which value of a multi-value answer


@dataclass(frozen=True)
class Concern:
    matches: tuple[Match, ...]

    @property
    def categories(self) -> tuple[str, ...]:
        found = {m.category for m in self.matches}
        return tuple(c for c in CATEGORIES if c in found)


# ---- Normalisation -------------------------------------------------------------------------------------------

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _pairs(text: str) -> dict[str, str]:
    """'word=its_replacement' pairs; an underscore stands for a space. A word given twice is refused:
    the second silently replaced the first, and the table had grown copies unnoticed."""
    pairs = [item.split("=") for item in text.split()]
    if repeated := sorted(k for k, n in Counter(k for k, _ in pairs).items() if n > 1):
        raise ValueError(f"spellings given twice: {', '.join(repeated)}")
    return {k: v.replace("_", " ") for k, v in pairs}


_SPEAK = _pairs("""
u=you ya=you yu=you ur=your yr=your r=are sum1=someone some1=someone sumone=someone someon=someone
sumbody=somebody no1=nobody noone=nobody nobdy=nobody any1=anyone every1=everyone ppl=people bf=boyfriend
bfriend=boyfriend boyfrend=boyfriend gf=girlfriend mam=mum mom=mum mummy=mum mommy=mum mammy=mum mumma=mum
daddy=dad bro=brother sis=sister dont=do_not doesnt=does_not dosnt=does_not dosent=does_not doesent=does_not
didnt=did_not didint=did_not cant=can_not carnt=can_not cannot=can_not wont=will_not wouldnt=would_not
couldnt=could_not shouldnt=should_not isnt=is_not aint=is_not arent=are_not wasnt=was_not werent=were_not
havent=have_not hasnt=has_not hadnt=had_not im=i_am ive=i_have hes=he_is shes=she_is theyre=they_are
youre=you_are thats=that_is whats=what_is theres=there_is dunno=do_not_know idk=i_do_not_know wanna=want_to
wana=want_to wnt=want gonna=going_to gunna=going_to gona=going_to gotta=got_to hafta=have_to
gimme=give_me lemme=let_me kinda=kind_of bc=because bcos=because bcoz=because bcuz=because bcause=because
becos=because becoz=because becuz=because becuase=because cos=because coz=because cuz=because cus=because
n=and nd=and &=and b4=before 2day=today 2nite=tonight 2moro=tomorrow h8=hate h8s=hates m8=mate
m8s=mates gr8=great wen=when wot=what wat=what wiv=with wif=with ther=there evry=every alwys=always
allways=always alwayz=always nevr=never neva=never nuffin=nothing nuthin=nothing nothin=nothing nowt=nothing
sumthin=something somethin=something sumfin=something summat=something luv=love pls=please plz=please
kms=kill_myself kys=kill_yourself unalive=kill unalived=killed unaliving=killing sewerslide=suicide
od=overdose oded=overdosed meself=myself miself=myself myslef=myself myslf=myself mysef=myself mysel=myself
selfharm=self_harm selfharming=self_harming hert=hurt herts=hurts hurst=hurts huts=hurts hurted=hurt
hirt=hurt hitted=hit beated=beat beeten=beaten beaton=beaten beatten=beaten tuch=touch tutch=touch
tuches=touches tutches=touches touchs=touches tuchs=touches tuched=touched tutched=touched tuchd=touched
tuching=touching tutching=touching sacred=scared scaird=scared skared=scared scard=scared afriad=afraid
afraide=afraid afrade=afraid frightend=frightened fritened=frightened frighted=frightened sayfe=safe
unsaf=unsafe sucide=suicide suicid=suicide suiside=suicide sooicide=suicide suacide=suicide sucidal=suicidal
suisidal=suicidal suicidle=suicidal whooped=beaten whupped=beaten hungery=hungry hungy=hungry dieing=dying
ded=dead bulley=bully bullyed=bullied bullyd=bullied bullys=bullies bulling=bullying bulying=bullying privat=private
privits=privates privets=privates threatend=threatened thretened=threatened threated=threatened
secrit=secret stepdads=stepdad bruses=bruises brusies=bruises bruse=bruise brused=bruised
saf=safe bout=about abt=about theyll=they_will youll=you_will itll=it_will thatll=that_will
theyd=they_would hed=he_would youd=you_would boyfreind=boyfriend girlfreind=girlfriend
beets=beats wz=was privats=privates moms=mums maks=makes cloths=clothes frend=friend frends=friends
nickers=knickers nikkers=knickers givs=gives munny=money muny=money sez=says askin=asking deleet=delete
msgs=messages msg=message wil=will nos=knows nedles=needles hom=home cudnt=could_not breeth=breathe nite=night
nites=nights staf=staff sed=said thay=they wud=would brake=break agen=again tuk=took tabletz=tablets pillz=pills
lisen=listen bruvva=brother bruva=brother bruv=brother ne=any fone=phone fones=phones disgustin=disgusting
mold=mould alot=a_lot everytime=every_time infront=in_front tonite=tonight thru=through bcz=because
aftr=after cn=can cnt=can_not dnt=do_not duz=does ere=here fink=think fite=fight gud=good herd=heard leav=leave
nxt=next purpos=purpose reeson=reason shud=should shudnt=should_not cud=could wudnt=would_not skl=school skool=school
skwl=school smel=smell theyl=they_will thayl=they_will til=till werk=work wkend=weekend hav=have
evry1=everyone ne1=anyone beleve=believe beleeve=believe belive=believe beleive=believe sayin=saying lookin=looking
nethin=anything goin=going doin=doing comin=coming gettin=getting talkin=talking tellin=telling makin=making
takin=taking sleepin=sleeping livin=living stayin=staying leavin=leaving tryin=trying cryin=crying shoutin=shouting
screamin=screaming drinkin=drinking smokin=smoking sendin=sending textin=texting messagin=messaging watchin=watching
waitin=waiting wantin=wanting thinkin=thinking eatin=eating probs=probably tho=though bcs=because
""")

_MERGE = {("no", "one"): "nobody", ("some", "one"): "someone", ("some", "body"): "somebody", ("my", "self"): "myself",
          ("un", "safe"): "unsafe", ("un", "alive"): "kill", ("sewer", "slide"): "suicide", ("any", "more"): "anymore",
          ("boy", "friend"): "boyfriend", ("girl", "friend"): "girlfriend", ("my", "sel"): "myself"}

_HARM_FORMS = """hit hits hitting hurt hurts hurting beat beats beating beaten slap slaps slapping slapped punch punches
punching punched kick kicks kicking kicked smack smacks smacking smacked push pushes pushing pushed shove shoves
shoving shoved strangle strangles strangling strangled choke chokes choking choked burn burns burning burned burnt
bite bites biting bitten pinch pinches pinching pinched whack whacks whacking whacked thump thumps thumping thumped
batter batters battering battered belt belts belting belted whip whips whipping whipped attack attacks attacking
attacked grab grabs grabbing grabbed drag drags dragging dragged throttle throttles throttling throttled headbutt
headbutts headbutting headbutted bash bashes bashing bashed clout clouts clouting clouted
wallop wallops walloping walloped scratch scratches scratching scratched stamp stamps stamping stamped
slam slams slamming slammed twist twists twisting twisted""".split()  # noqa: SIM905
# Words the fuzzy spelling step may map a token onto (the patterns' own words).
_VOCAB = frozenset(_HARM_FORMS) | _words("""touch touches touching touched kill kills killing killed die dying dead
suicide suicidal myself safe unsafe scared afraid frightened terrified feel feeling food hungry alone locked home
cut cuts cutting harm harming self bully bullies bullied bullying threaten threatens threatened stab stabbed
running away run ran private privates secret drunk drugs sleep rough missing boyfriend girlfriend someone
somebody nobody stepdad stepmum me my us him her he she they abuse abused abusing abuses raped rape""")
# Real words that must not be "corrected" onto a vocabulary word.
_COMMON = _words("""all will well see too off of to fell full tell ill still sorry happy little better door room
soon look school cool called good need keep sleep really hell shot bit god sit set bet fed bed sad hat hot pull
bully kill feel food agree meet meeting been seen three week weeks free tree coffee committee too""")


def _skeleton(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def _skeleton_index() -> dict[str, str]:
    index: dict[str, str | None] = {}
    for word in _VOCAB:
        key = _skeleton(word)
        if key in _COMMON and key != word:
            continue
        index[key] = None if key in index and index[key] != word else word
    return {k: v for k, v in index.items() if v}


_SKELETONS = _skeleton_index()
_LEET = str.maketrans("013457@$", "oieastas")
_PRONOUN_IS = {"he", "she", "it", "that", "there", "what", "who", "where", "here", "someone", "somebody"}


def _fuzzy(word: str) -> str | None:
    candidates = [word]
    if word.endswith("z"):
        candidates.append(word[:-1] + "s")
    if word.endswith("in"):
        candidates.append(word + "g")
    if re.search(r"[^aeiou]d$", word):
        candidates.append(word[:-1] + "ed")
    for c in candidates:
        if c in _VOCAB:
            return c
        if _skeleton(c) in _SKELETONS:
            return _SKELETONS[_skeleton(c)]
    return None


@lru_cache(maxsize=100_000)
def _normalise_word(tok: str) -> str:
    """One token of cleaned text -> zero or more canonical words separated by spaces."""
    tok = tok.strip("'")
    if "'" in tok:
        base, _, suffix = tok.rpartition("'")
        base = base.replace("'", "")
        if suffix == "t" and base.endswith("n"):
            joined = base + "t"
            return _SPEAK.get(joined) or f"{_normalise_word(base[:-1])} not"
        tail = {"ll": "will", "re": "are", "ve": "have", "m": "am", "d": "would"}.get(suffix)
        if tail:
            return f"{_normalise_word(base)} {tail}"
        if suffix == "s":
            return f"{base} is" if base in _PRONOUN_IS else _normalise_word(base + "s")
        return _normalise_word(base + suffix)
    if tok in _SPEAK:
        return _SPEAK[tok]
    if not tok.isalpha():
        letters = tok.strip("@$")
        if any(ch.isalpha() for ch in letters) and not letters.isalpha():
            leet = letters.translate(_LEET)
            found = _SPEAK.get(leet) or (leet if leet in _VOCAB else _fuzzy(leet))
            if found:
                return found
        tok = letters.replace("@", "").replace("$", "")
    squeezed = re.sub(r"(.)\1{2,}", r"\1\1", tok)
    if squeezed in _SPEAK:
        return _SPEAK[squeezed]
    if squeezed in _VOCAB or squeezed in _COMMON:
        return squeezed
    return _fuzzy(squeezed) or re.sub(r"(.)\1{2,}", r"\1", tok)


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'", "\u2032": "'"})
_TOKEN = re.compile(r"[a-z0-9'@$]+|&|(?P<stop>[.!?;:,\n]+)")  # a stop becomes "." and ends any phrase


def _clean(text: str) -> tuple[str, list[int] | None]:
    """Lower case, compatibility forms, no accents; with each character's index in the original (None: same)."""
    if text.isascii():
        return text.lower().translate(_APOSTROPHES), None
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if unicodedata.category(ch) == "Cf":
            continue
        for c in unicodedata.normalize("NFKD", ch).lower().translate(_APOSTROPHES):
            if not unicodedata.combining(c):
                chars.append(c)
                index.append(i)
    return "".join(chars), index


_UNITS = _words("""days day weeks week hours hour mins minutes months years yrs nights times people kids of or and am pm
year yr month min hr hrs night weekends weekend quid pounds pound grand miles mile stone kilos men lads boys girls women
children adults brothers sisters siblings cans bottles pills tablets drinks beers shots oclock""")
_WILL = {"ill": "i will", "hell": "he will", "shell": "she will"}
_AFTER_WILL = _words("""get be go run kill hurt hit beat tell do have never not just probably try end cut die make
leave stay say ask see call come need take find batter stab smash""")
_AFTER_OUR = _words("own secret house home flat mum dad room little")
_AFTER_BE = _words("alive dead here gone around safe happy there")


#: Words that count something: after one, "kms" is kilometres ("i ran 5 kms"), not "kill myself".
_COUNTS = _words("one two three four five six seven eight nine ten eleven twelve twenty few couple more")


def _in_context(tok: str, following: str, preceding: str = "") -> str:
    """Tokens read by the next one: 'want 2 die' but '2 days'; 'ill get hurt' but 'ill in bed'; and 'kms' by the
    one before: 'i ran 5 kms'."""
    if tok == "kms" and (preceding.replace(".", "").isdigit() or preceding in _COUNTS):
        return "kilometres"
    if tok in ("2", "4") and following.isalpha() and following not in _UNITS:
        return "to" if tok == "2" else "for"
    if tok in _WILL and following in _AFTER_WILL:
        return _WILL[tok]
    if tok == "r" and following in _AFTER_OUR:  # "on r own", "its r secret"
        return "our"
    if tok == "b" and following in _AFTER_BE:  # "i dont wanna b alive"
        return "be"
    return _normalise_word(tok)


@dataclass(frozen=True)
class Normalised:
    text: str  # canonical words separated by single spaces
    words: tuple[str, ...]
    starts: tuple[int, ...]  # where each word begins in `text`
    spans: tuple[tuple[int, int], ...]  # the original text each word came from

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        first = bisect_right(self.starts, start) - 1
        last = bisect_right(self.starts, max(start, end - 1)) - 1
        return self.spans[first][0], self.spans[last][1]

    def word_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


# "Is it normal for your dad to hit you?" tells of the child as "my dad hits me" does: in a clause asked that way,
# "you" is read as the child, so that every rule written for "me" and "my" applies.
_ASKING = {("is", "it", word) for word in ("normal", "ok", "okay", "alright", "right", "allowed", "usual")} | {
    ("is", "this", "normal"), ("is", "that", "normal")}
_YOU_AS_ME = {"your": "my", "yourself": "myself", "yours": "mine"}
_YOU_DOES = _words("""feel felt have had get got want wanted can could do did think keep kept never always still hate
need wish were was go went stay start started cry cried""")


def _asked_as_me(words: list[str]) -> None:
    """In a clause opened by "is it normal" (and the like), "you" becomes "me" or "i" and "your" "my", in place."""
    asking = False
    for n, word in enumerate(words):
        if word == ".":
            asking = False
        elif not asking:
            asking = tuple(words[n:n + 3]) in _ASKING
        elif word == "you":
            following = words[n + 1] if n + 1 < len(words) else ""
            if following == "are":
                words[n], words[n + 1] = "i", "am"
            else:
                words[n] = "i" if following in _YOU_DOES else "me"
        elif word in _YOU_AS_ME:
            words[n] = _YOU_AS_ME[word]


#: "n/a" as a word of its own, in lower case: also "n / a", "n\\a", "n.a" and "n.a." (whose last stop is its own).
_NOT_APPLICABLE = re.compile(r"(?<![\w'@$])(?:n *[/\\] *a|n\.a\.?)(?![\w'@$])")


def normalise(text: str) -> Normalised:
    cleaned, index = _clean(text)
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    tokens = list(_TOKEN.finditer(cleaned))
    # "n/a", the commonest way to leave a box empty, is not text speak for "and a" (which the second tier,
    # seeing two bare words, scored as a likely disclosure): where it starts -> where it ends.
    not_applicable = {m.start(): m.end() for m in _NOT_APPLICABLE.finditer(cleaned)}
    skip_until = -1
    for n, m in enumerate(tokens):
        if m.start() < skip_until:
            continue
        start, end = (m.start(), m.end()) if index is None else (index[m.start()], index[m.end() - 1] + 1)
        following = tokens[n + 1].group() if n + 1 < len(tokens) else ""
        preceding = tokens[n - 1].group() if n else ""
        if m.start() in not_applicable:
            skip_until = not_applicable[m.start()]
            end = skip_until if index is None else index[skip_until - 1] + 1
            words += ["not", "applicable"]
            spans += [(start, end), (start, end)]
            continue
        if m.group("stop"):
            if words and words[-1] != ".":
                words.append(".")
                spans.append((start, end))
            continue
        for word in _in_context(m.group(), following, preceding).split():
            if words and (words[-1], word) in _MERGE:
                words[-1] = _MERGE[words[-1], word]
                spans[-1] = (spans[-1][0], end)
            else:
                words.append(word)
                spans.append((start, end))
    if words and words[-1] == ".":
        del words[-1], spans[-1]
    _asked_as_me(words)
    starts, offset = [], 0
    for word in words:
        starts.append(offset)
        offset += len(word) + 1
    return Normalised(" ".join(words), tuple(words), tuple(starts), tuple(spans))


# ---- Rules ---------------------------------------------------------------------------------------------------
# The phrase rules, their masks and categories are data: feedback_app/data/safeguarding_rules.yaml, checked by
# feedback_app/safeguarding_rules.py when first imported (a broken file stops the app at start-up).

_RULE_SET = safeguarding_rules.load()
CATEGORIES = _RULE_SET.categories
_RULES = _RULE_SET.rules
_MASKS = _RULE_SET.masks
_KEY_WORDS = frozenset(word for rule in (*_RULES, *_MASKS) if rule.cover for word in rule.cover)
# Which key words occur, in one pass: at each position the longest key word starting there (a lookahead, so
# that matches may overlap), then every key word that is a prefix of it. With over a thousand key words this is
# several times faster than testing each with `in`, and finds the same set.
_KEY_SCAN = re.compile(f"(?=({safeguarding_rules.trie(_KEY_WORDS)}))")
_KEY_PREFIXES = {word: frozenset(word[:n] for n in range(1, len(word) + 1) if word[:n] in _KEY_WORDS)
                 for word in _KEY_WORDS}


def _present(text: str) -> set[str]:
    """The key words that occur in `text` (as substrings, as `word in text` would find them)."""
    found: set[str] = set()
    for longest in {m.group(1) for m in _KEY_SCAN.finditer(text)}:
        found |= _KEY_PREFIXES[longest]
    return found


# ---- Negation and assessment ---------------------------------------------------------------------------------

_NEGATORS = _words("not never no nobody nothing none neither nor without")
_NEGATIVE_SUBJECTS = _words("nobody nothing none")
# Words that may stand between a negator and the harmful word: "has never hit", "does not ever touch".
_PASSABLE = _words("""do does did will would has have had is am are was were be been being ever even really
actually get gets got physically can could should feel felt feeling""")
# A negative subject further back stops counting once someone else, or another clause, comes in.
_CLAUSE = _words("he she they i we you someone somebody but and because when if that so who which until .")
_PERSON = re.compile(_RULE_SET.expand("<REL>"))
# "He doesn't hit me anymore", "nobody hurts me except...": the negation does not clear the child.
_UNDOING = _words("anymore again longer except apart besides but")


def _negated(norm: Normalised, start: int, end: int) -> bool:
    words, i = norm.words, norm.word_at(start)
    following = " ".join(words[norm.word_at(end - 1) + 1:][:4]).split(".")[0].split()
    if _UNDOING.intersection(following):
        return False
    j = i - 1
    while j >= 0 and words[j] in _PASSABLE:
        j -= 1
    if j >= 0 and words[j] in _NEGATORS:
        return True
    if j >= 0 and words[j] in ("or", "nor"):  # "never hit me or shout at me"
        return any(w in _NEGATORS for w in " ".join(words[max(0, j - 5):j]).split(".")[-1].split())
    for j in range(i - 1, max(-1, i - 5), -1):
        if words[j] in _NEGATIVE_SUBJECTS:
            return True
        if words[j] in _CLAUSE or _PERSON.fullmatch(words[j]):
            return False
    return False


@dataclass(frozen=True)
class _Index:
    """Rules (or masks) by their key words, so that a text's key words name the ones to run."""
    every: tuple[safeguarding_rules.Rule, ...]
    by_key: dict[str, tuple[int, ...]]
    always: frozenset[int]  # those without key words


def _index(items: tuple[safeguarding_rules.Rule, ...]) -> _Index:
    by_key: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        for word in item.cover or ():
            by_key.setdefault(word, []).append(n)
    return _Index(items, {k: tuple(v) for k, v in by_key.items()},
                  frozenset(n for n, item in enumerate(items) if not item.cover))


_RULE_INDEX = _index(_RULES)
_MASK_INDEX = _index(_MASKS)


def _candidates(index: _Index, present: set[str]) -> list[safeguarding_rules.Rule]:
    """The rules (or masks) that can match: those with no key words, or one of them in the text. With over four
    hundred rules, looking them up by the text's key words costs far less than testing each rule's key words."""
    chosen = set(index.always)
    for word in present:
        chosen.update(index.by_key.get(word, ()))
    return [index.every[n] for n in sorted(chosen)]


def _marked(m: re.Match) -> tuple[int, int]:
    """The words a match is about: its marked part ((?P<t>...), or t2, t3... in another alternative) where one took
    part in the match (the rest is context), else all of it."""
    for name in safeguarding_rules.mark_groups(m.re):
        if m.group(name):
            return m.span(name)
    return m.span()


def _mask_spans(norm: Normalised, present: set[str]) -> list[tuple[int, int]]:
    """What the masks cover: the words each match marks."""
    return [_marked(m) for mask in _candidates(_MASK_INDEX, present) for m in mask.regex.finditer(norm.text)]


def _hits(rule: safeguarding_rules.Rule, norm: Normalised, masks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where one rule matches, less what a mask covers or a negation cancels."""
    found = []
    for m in rule.regex.finditer(norm.text):
        t_start, t_end = _marked(m)
        if any(s < t_end and t_start < e for s, e in masks):
            continue
        if rule.negatable and _negated(norm, t_start, t_end):
            continue
        found.append(m.span())
    return found


def rule_finds(rule: safeguarding_rules.Rule, text: str) -> bool:
    """Whether one rule by itself finds something in `text` (the tests run each rule's examples with this)."""
    norm = normalise(text)
    return bool(_hits(rule, norm, _mask_spans(norm, _present(norm.text))))


def rule_hits(norm: Normalised) -> list[tuple[safeguarding_rules.Rule, list[tuple[int, int]]]]:
    """Every rule that finds something in the normalised text, with where (masks and negations applied)."""
    # Which key words occur is worked out once per text, not once per rule.
    present = _present(norm.text)
    masks = _mask_spans(norm, present)
    return [(rule, hits) for rule in _candidates(_RULE_INDEX, present) if (hits := _hits(rule, norm, masks))]


def _find(norm: Normalised) -> list[tuple[str, int, int]]:
    found = [(rule.category, s, e, rule.weak) for rule, hits in rule_hits(norm) for s, e in hits]
    strong = [(c, s, e) for c, s, e, weak in found if not weak]
    kept = sorted((c, s, e) for c, s, e, weak in found
                  if not weak or not any(a < e and s < b and k != c for k, a, b in strong))
    merged: list[tuple[str, int, int]] = []
    for category, s, e in kept:  # one span per category per stretch of text
        if merged and merged[-1][0] == category and s < merged[-1][2]:
            merged[-1] = (category, merged[-1][1], max(e, merged[-1][2]))
        else:
            merged.append((category, s, e))
    return merged


def _matches(text: str, question_id: str | None = None, position: int = 0) -> list[Match]:
    if not text or not text.strip():
        return []
    norm = normalise(text)
    found = []
    for category, s, e in _find(norm):
        start, end = norm.original_span(s, e)
        found.append(Match(category, start, end, text[start:end], question_id, position))
    return sorted(found, key=lambda m: (m.position, m.start, m.category))


def assess(text: str) -> Concern | None:
    """A Concern if `text` suggests a child may be at risk, else None."""
    found = _matches(text)
    return Concern(tuple(found)) if found else None


def assess_answers(answers: Mapping[str, list[str]], text_question_ids: Iterable[str]) -> Concern | None:
    """Every free-text answer of one response, taken together (matches say which question they came from)."""
    found = [m for qid in text_question_ids for pos, value in enumerate(answers.get(qid) or [])
             for m in _matches(value, qid, pos)]
    return Concern(tuple(found)) if found else None
