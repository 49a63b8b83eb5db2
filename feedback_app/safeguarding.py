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
space. Each word keeps the span of the original text it came from. Then
precompiled regexes, grouped by category, look for phrases with small gaps allowed
("my dad hit me", "he keeps hitting me", "i get beaten", "older boys make me").

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
  a reviewer finds to those tables.
- Not covered: languages other than English, letters spaced out ("h i t s"),
  look-alike letters from other alphabets, and harm told without the words here.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

CATEGORIES = {
    "physical_harm": "Physical harm", "sexual_harm": "Sexual harm", "abuse": "Abuse (kind not stated)",
    "neglect": "Neglect", "emotional_harm": "Emotional harm", "self_harm": "Self-harm", "suicide": "Suicidal thoughts",
    "running_away": "Running away or homeless", "feeling_unsafe": "Feeling unsafe", "exploitation": "Exploitation",
    "domestic_abuse": "Domestic abuse", "bullying_threats": "Bullying or threats",
    "distress": "Serious distress (hopelessness)",
}


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
    """'word=its_replacement' pairs; an underscore stands for a space."""
    return {k: v.replace("_", " ") for k, v in (item.split("=") for item in text.split())}


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
""")

_MERGE = {("no", "one"): "nobody", ("some", "one"): "someone", ("some", "body"): "somebody", ("my", "self"): "myself",
          ("un", "safe"): "unsafe", ("un", "alive"): "kill", ("sewer", "slide"): "suicide", ("any", "more"): "anymore",
          ("boy", "friend"): "boyfriend", ("girl", "friend"): "girlfriend"}

_HARM_FORMS = """hit hits hitting hurt hurts hurting beat beats beating beaten slap slaps slapping slapped punch punches
punching punched kick kicks kicking kicked smack smacks smacking smacked push pushes pushing pushed shove shoves
shoving shoved strangle strangles strangling strangled choke chokes choking choked burn burns burning burned burnt
bite bites biting bitten pinch pinches pinching pinched whack whacks whacking whacked thump thumps thumping thumped
batter batters battering battered belt belts belting belted whip whips whipping whipped attack attacks attacking
attacked grab grabs grabbing grabbed drag drags dragging dragged throttle throttles throttling throttled headbutt
headbutts headbutting headbutted""".split()  # noqa: SIM905
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


_UNITS = _words("days day weeks week hours hour mins minutes months years yrs nights times people kids of or and am pm")
_WILL = {"ill": "i will", "hell": "he will", "shell": "she will"}
_AFTER_WILL = _words("""get be go run kill hurt hit beat tell do have never not just probably try end cut die make
leave stay say ask see call come need take find batter stab smash""")


def _in_context(tok: str, following: str) -> str:
    """Tokens read by the next one: 'want 2 die' but '2 days'; 'ill get hurt' but 'ill in bed'."""
    if tok in ("2", "4") and following.isalpha() and following not in _UNITS:
        return "to" if tok == "2" else "for"
    if tok in _WILL and following in _AFTER_WILL:
        return _WILL[tok]
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


def normalise(text: str) -> Normalised:
    cleaned, index = _clean(text)
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    tokens = list(_TOKEN.finditer(cleaned))
    for n, m in enumerate(tokens):
        start, end = (m.start(), m.end()) if index is None else (index[m.start()], index[m.end() - 1] + 1)
        following = tokens[n + 1].group() if n + 1 < len(tokens) else ""
        if m.group("stop"):
            if words and words[-1] != ".":
                words.append(".")
                spans.append((start, end))
            continue
        for word in _in_context(m.group(), following).split():
            if words and (words[-1], word) in _MERGE:
                words[-1] = _MERGE[words[-1], word]
                spans[-1] = (spans[-1][0], end)
            else:
                words.append(word)
                spans.append((start, end))
    if words and words[-1] == ".":
        del words[-1], spans[-1]
    starts, offset = [], 0
    for word in words:
        starts.append(offset)
        offset += len(word) + 1
    return Normalised(" ".join(words), tuple(words), tuple(starts), tuple(spans))


# ---- Patterns ------------------------------------------------------------------------------------------------
# Written over normalised text: canonical words, single spaces. <NAME> is a macro; (?P<t>...) marks the word a
# negation or a mask must touch (the whole match when absent).

_RELATIONS = _words("""dad father mum mother parent brother sister nan nana nanny gran granny grandad granddad
grandpa grandma grandmother grandfather uncle aunt auntie aunty cousin boyfriend girlfriend partner husband wife carer
teacher staff worker neighbour man men woman women lady ladies guy boy girl lad kid friend gang people adult stranger
children fella feller coach""")
# Long lists of words become prefix trees in the regexes (fast) but stay plain alternations for _cover (readable).
_WORD_LISTS = {"RELWORD": _RELATIONS, "HARM": frozenset(_HARM_FORMS), "PRONOUN": _words("he she they someone somebody")}
_MACROS = {
    "REL": r"(?:step ?|foster )?<RELWORD>s?",
    "P": r"(?:<PRONOUN>|<REL>)",
    "P_OBJ": r"(?:him|her|them|<PRONOUN>|<REL>)",
    "STRONG": r"(?:hits?|hitting|beats?|beating|slap|slaps|slapped|slapping|punch|punches|punched|punching|smacks?"
              r"|smacked|smacking|batters?|battered|battering|strangles?|strangled|strangling|chokes?|choked|choking"
              r"|thumps?|thumped|whacks?|whacked|whips?|whipped|attacks?|attacked)",
    "VICTIM": r"(?:me|us|him|her|my (?:(?:little|baby|big|older|younger|twin|step|half) )?(?:brothers?|sisters?"
              r"|siblings?|baby|babies|kids|children|child|sons?|daughters?)|the (?:baby|kids|children|little ones))",
    "MOTHER": r"(?:(?:my|our) )?(?:mum|mother|nan|gran|step ?mum|mums|wife|girlfriend|partner)",
    "BODY": r"(?:arms?|legs?|face|head|back|neck|hands?|wrists?|hair|body|stomach|tummy|belly|chest|ears?|nose|eyes?"
            r"|bum|bottom|throat|fingers?|ribs?|mouth|lips?)",
    "PRIV": r"(?:private|privates|private parts?|bum|bottom|butt|bits|willy|penis|dick|vagina|fanny|front|chest"
            r"|boobs?|breasts?|nipples?|thighs?|legs?|body|crotch|pants|knickers)",
    "FEAR": r"(?:scared|afraid|frightened|terrified|petrified|scarred|fearful)",
    "G1": r"(?:[a-z0-9]+ )?",
    "G2": r"(?:[a-z0-9]+ ){0,2}?",
    "G3": r"(?:(?!but )[a-z0-9]+ ){0,3}?",
}


def _trie(words: Iterable[str]) -> str:
    """An alternation as a prefix tree, so that the regex engine tries few branches at each position."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{emit(tree)})"


def _expand(pattern: str, *, plain: bool = False) -> str:
    def macro(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in _WORD_LISTS:
            words = sorted(_WORD_LISTS[name], key=len, reverse=True)
            return "(?:" + "|".join(words) + ")" if plain else _trie(words)
        return _MACROS[name]

    while (expanded := re.sub(r"<([A-Z_0-9]+)>", macro, pattern)) != pattern:
        pattern = expanded
    return pattern


@dataclass(frozen=True)
class _Rule:
    category: str
    regex: re.Pattern[str]
    negatable: bool
    weak: bool  # dropped where a stronger match of another category overlaps it
    cover: tuple[str, ...] | None = None  # see _cover


_FREQUENT = _words("me my to i the a and you it is not do of in at on for he she they we us him her was be have with"
                   " that this are get got")


def _cover(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match must contain, so that most rules are skipped with a cheap `in`.

    Read from the parsed pattern (a private module: if it is missing or changes, every rule simply runs).
    """
    try:
        from re import _constants as sre
        from re import _parser

        def candidates(items) -> list[set[str]]:
            found, run = [], ""
            for op, arg in items:
                if op is sre.LITERAL:
                    run += chr(arg)
                    continue
                if run:
                    found.append({run})
                    run = ""
                if op is sre.SUBPATTERN:
                    found += candidates(arg[-1])
                elif op is sre.BRANCH:
                    alternatives = [best(candidates(a)) for a in arg[1]]
                    if all(alternatives):
                        found.append(set().union(*alternatives))
                elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
                    found += candidates(arg[2])
            return [*found, {run}] if run else found

        def best(found: list[set[str]]) -> set[str] | None:
            # Fewest strings, common words counting for many; "attacked" adds nothing to "attack".
            useful = [{x for x in c if not any(y in x and y != x for y in c)} for c in found if min(map(len, c)) >= 3]
            return min(useful, key=lambda c: sum(30 if x.strip() in _FREQUENT else 1 for x in c), default=None)

        chosen = best(candidates(_parser.parse(regex.pattern)))
        return tuple(sorted(chosen)) if chosen else None
    except Exception:
        return None


def _lines(patterns: str) -> list[str]:
    """One pattern per line; a line indented further carries on the line before (break lines before a "|")."""
    lines: list[str] = []
    rows = [row for row in patterns.splitlines() if row.strip()]
    indent = min(len(row) - len(row.lstrip()) for row in rows)
    for row in rows:
        if len(row) - len(row.lstrip()) > indent:
            lines[-1] += row.strip()
        else:
            lines.append(row.strip())
    return lines


def _compile(pattern: str, *, plain: bool = False) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_expand(pattern, plain=plain)})\b")


def _rules(category: str, patterns: str, *, negatable: bool = True, weak: bool = False) -> list[_Rule]:
    return [_Rule(category, _compile(p), negatable, weak, _cover(_compile(p, plain=True))) for p in _lines(patterns)]


_RULES = [
    *_rules("physical_harm", r"""
        (?:<P> <G2>)?(?P<t><HARM>) <G1><VICTIM>(?! out)
        <P> <G2>(?P<t><HARM>) <G1>my <BODY>
        <P> <G1>(?P<t>bit|bites) (?:me|us|my|him|her)
        (?:i|we) (?:[a-z]+ ){0,3}?(?:get|gets|got|getting|gotten|been|was|were|am|are|being|be) <G1>(?P<t>hit|beaten
            |slapped|punched|kicked|smacked|battered|strangled|choked|whipped|belted|burned|burnt|bitten|thumped
            |whacked|attacked|hurt|jumped|mugged|beat up)
        (?P<t>bruises|bruised|bruising|black eyes?|marks on (?:me|my)|left (?:a )?marks?|burn marks)
        (?:uses|used|takes|took|gets|got) (?:a|the|his|her) (?:belt|stick|slipper|cane|wooden spoon) (?:on|to) (?:me
            |us)
        (?P<t>throws?|threw|thrown|throwing|chucks?|chucked|chucking|lobbed|launched) <G2>at (?:me|us|my)
        (?:holds?|held|pins?|pinned|pinning|holding) (?:me|us) down
        (?:pulls?|pulled|pulling|yanks?|yanked) (?:my|our) hair
        (?:spits?|spat|spitting|stamps?|stamped|stamping|kneels?|knelt) (?:at|on) (?:me|us)
        (?:rough|violent|aggressive|physical) with (?:me|us)|(?:lashes|lashed|lashing|lash) out (?:at|on) (?:me|us)
        (?:got|get|gets|getting|given|gave me|give me|gives me) (?:a )?(?:smack|slap|punch|beating|hiding|good hiding
            |whack|clip round the ear|thump|wallop|backhander)
        (?:gives?|gave|giving|get|gets|got|getting) (?:me |us )?the (?:belt|slipper|cane|strap|stick)
        (?:knocks?|knocked|knocking) (?:me|us|her|him|them) (?:about|around|out|over|down)
        (?P<t>hurt|hit|beaten|slapped|punched|kicked|smacked|battered|attacked|bitten|burnt
            |burned) by (?:my |his |her |their |a |the )?<G1><P_OBJ>
        (?:pins?|pinned|pinning|holds?|held|holding|pushes|pushed|shoves|shoved|slams?|slammed) (?:me|us) (?:against
            |into|onto|up against|to) (?:the|a) (?:wall|floor|door|bed|ground|table)
        (?:squeezes?|squeezed|squeezing|grabs?|grabbed|twists?|twisted|twisting|holds?|held|presses|pressed) (?:my|our
            |his|her) (?:neck|throat|arms?|wrists?)
    """),
    *_rules("physical_harm", r"<P> <G2>(?P<t><STRONG>)", weak=True),
    *_rules("physical_harm", r"(?P<t>violent|violence|aggressive)"),
    *_rules("abuse", r"""
        (?<!drug )(?<!alcohol )(?<!substance )(?P<t>abus(?:e|es|ed|ing|ive))
        (?P<t>does|did|doing|do) (?:stuff|things|(?:bad|horrible|rude|sexual|weird|nasty) (?:stuff|things)) to (?:me
            |us)
        (?P<t>does|did|doing|do) (?:bad|horrible|rude|sexual|weird|nasty) (?:stuff|things) with (?:me|us)
        (?:nightmares|flashbacks|bad dreams) (?:about|of) (?:what|when|him|her|them|that night|<G1><REL>)
        (?P<t>makes?|made|making|forces?|forced|forcing) (?:(?:me|us) )?(?:to )?do (?:stuff|things|(?:bad|horrible|rude
            |sexual|weird|nasty) (?:stuff|things))(?! like| such as)
    """),
    *_rules("sexual_harm", r"""
        (?:<P> <G2>)?(?P<t>touch|touches|touching|touched|gropes?|groped|groping|fondles?|fondled|fondling|strokes
            |stroked) <G1>(?:me|us|him|her|(?:my|her|his) <G1><PRIV>)
        (?:feels?|felt|feeling) (?:me|us) up
        (?:film|films|filmed|filming|record|records|recorded|recording|photo|photos|photographed|take pictures of
            |takes pictures of|took pictures of) (?:me|us) <G2>(?:share|shares|shared|sharing|send|sends|sent
            |sending|post|posts|posted|posting|put it online)
        (?:was|were|been|get|gets|got|getting|am|being) (?P<t>touched|groped|molested|fondled)
        (?P<t>private parts?|privates|private area|down there|under my (?:clothes|pants|top|skirt|knickers))
        (?P<t>rape|raped|rapes|raping|rapist|sexual|sexually|sex|molest\w*|fondl\w*|paedo\w*|pedo\w*|porn\w*|nudes?
            |naked|indecent)
        (?:make|makes|made|making|force|forces|forced|forcing|wants?|wanted) me (?:to )?(?:touch|kiss|suck|lick
            |watch <G1>(?:porn|videos|films|things|stuff)|undress|get undressed|strip|take (?:off )?my clothes
            |sleep with|have sex)
        (?:gets?|got|comes?|came|climbs?|climbed|creeps?|crept) (?:in|into) (?:bed with (?:me|us)|my bed)
        (?:comes?|came|creeps?|crept) (?:in|into) my (?:room|bedroom) (?:at night|when i am asleep|when i sleep)
        (?:comes?|came|walks?|walked) (?:in|into) (?:the|my) (?:bathroom|toilet|shower|bedroom|room) when (?:i am|i was
            |i m) (?:in there|in the (?:bath|shower)|changing|getting changed|undressed|naked|in bed|asleep)
        (?:touch|touches|touched|touching) (?:me )?(?:down )?there
        (?:pictures|pics|photos|videos|films?) of (?:me|us) (?:without (?:my |any )?clothes|naked|in (?:my )?(?:pants
            |underwear|bra|knickers)|in the (?:bath|shower))
        (?:baths?|showers?) with (?:me|us)
        (?:makes?|made|making) (?:me|us) (?:sit on (?:his|her|their) (?:lap|knee)|lie (?:down )?(?:with|next to
            |on) (?:him|her)|sleep (?:with|next to|in (?:his|her|their) bed)|get in (?:his|her|their) bed
            |take (?:my )?clothes off|get naked)
        (?:send|show|take) <G3>(?:pictures?|pics?|photos?|videos?|selfies?) of (?:my <PRIV>|myself|me (?:naked
            |in (?:my )?(?:pants|underwear|bra|knickers|bed)))
        (?:shows?|showed|showing|sends?|sent|sending) (?:me|us) <G1>(?:rude|dirty|naked|sexy|sexual
            |private) (?:pictures|pics|photos|videos|things|films)
        (?:watches|watched|watching|looks at|looked at|films?|filmed|filming|photographs) (?:me
            |us) (?:in the (?:shower|bath|bathroom|toilet)|getting (?:changed|dressed|undressed)|undress|naked
            |in my (?:pants|underwear|knickers))
        (?:kiss|kisses|kissed|kissing|cuddles?|cuddled|hugs?|hugged|touch\w*) (?:me|us) <G3>(?:do not|did not
            |never) (?:like|want)
        (?:do not|did not) like (?:it )?when (?:he|she|they|<REL>) <G1>(?:kisses|touches|hugs|cuddles|comes (?:in
            |into))
    """),
    *_rules("neglect", r"""
        (?:no|not enough|never any|never enough|hardly any|nothing|not any|never) <G1>(?:food|to eat|dinners?|tea
            |breakfast|meals?|lunch)
        (?:always|often|usually|constantly) (?:hungry|starving)
        (?:hungry|starving) (?:all the time|every day|at home|at night|most days|a lot)
        (?:go|goes|went|sent) to bed hungry
        (?:do not|does not|did not|never) (?:have|get|got) (?:any |enough )?(?:food|dinner|breakfast|tea|meals?)
        (?:have not|has not|had not|not|never|did not) (?:eaten|ate|had (?:any )?(?:food|anything to eat
            |a meal)) (?:for|in|since) (?:[0-9]+|a|two|three|four|five|days|ages)
        (?:mum|dad|parents?|they|she|he) (?:is|are|was|were) (?:always|never|hardly ever|often) (?:out|not home
            |not there|away|gone|at the pub|home)
        (?:i|we) (?:always |have to |has to |had to |must |got to )?(?:look after|care for|feed|get up for
            |put to bed) (?:my|our) <G1>(?:brothers?|sisters?|siblings?|baby|mum|dad|parents)
        (?:do not|does not|never|not) <G1>(?:fed|feed (?:me|us))
        nobody (?:to |there to )?(?:feed|feeds|look after|looks after|care for|cares for|take care of|takes care of
            |wash|washes) (?:me|us)
        (?:have to|has to|had to|always) (?:make|cook|get) (?:my|our) own (?:dinner|tea|food|breakfast|meals?)
        (?:home|house) (?:alone|by (?:myself|ourselves)|on (?:my|our) own)
        (?:never|no|not|do not have|does not have|have not got) (?:have |got |any )?(?:clean|proper|warm) (?:clothes
            |uniform|school uniform|shoes|coat|bedding|sheets)
        <P> <G1>(?:does not|do not|never|will not|can not) get (?:up|out of bed)
        (?:never|not) (?:anyone|anybody) (?:at )?home|nobody is (?:ever )?(?:at )?home|nobody (?:at )?home when
            |nobody (?:is )?there when (?:i|we) (?:get|come) home
        (?:eat|eating|ate|food) (?:out of|from) (?:the |a )?bins?
        (?:leaves|left|leave|leaving) (?:me|us) (?:to look after|with|in charge of|alone with) (?:my |the |our )?<G1>(?:
            baby|brothers?|sisters?|siblings?|kids|little ones)
        (?:dog |cat )?(?:poo|poop|mess|rubbish|mould|rats|mice|needles) (?:all )?(?:over|around|in) (?:the|our
            |my) (?:house|home|flat|floor|room|kitchen)
        <P> (?:is|are) (?:always|often|usually) (?:sleeping|asleep|in bed|passed out)|(?:get|take) myself to school
        (?:fridge|cupboards?) (?:is|are|was|were) (?:always |often |usually |nearly |completely )?(?:empty|bare)
        (?:no|not enough) money (?:for|to buy) (?:food|electric|gas|heating|clothes)
        nobody (?:picks (?:me|us) up|collects (?:me|us)|takes (?:me|us) to school|gets (?:me|us) up|wakes (?:me|us) up
            |cooks|makes (?:me |us )?(?:dinner|tea|food|breakfast))
        <P> <G2>(?:drunk|pissed|wasted|stoned|hammered|off (?:his|her|their) (?:face|head))
        <P> <G1>(?:passes|passed|passing) out
        (?P<t>left|leaves|leaving) (?:(?:me|us|my <G1>(?:brothers?|sisters?|siblings?|baby)) )?<G1>(?:alone|on (?:my
            |our|their|his|her) own|by (?:myself|ourselves|themselves))(?! (?:in|at|during) (?:the )?(?:waiting
            |meeting|conference|reception|review))
        (?:locked|lock|locks|locking) (?:(?:me|us) )?(?:in|inside) (?:my|the|a|our|his|her) (?:room|bedroom|house|flat
            |cupboard|shed|garden|car|bathroom|cellar|basement|toilet)
        (?:locked|lock|locks|locking) (?:me|us) (?:in|out|up|away)
        locked out (?:of )?(?:the |my |our )?(?:house|home|flat)
        no (?:heating|heat|electric|electricity|gas|hot water|running water|bed|beds|clean clothes|clothes|shoes)
        (?:sleep|sleeps|slept|sleeping) on the floor
        (?:house|home|flat|clothes|bed|room) (?:is|are|was|were) (?:always |really |so |very )?(?:dirty|filthy
            |disgusting|smelly)
        <P> (?:is|are|was|were|gets?|got|getting) (?:always |really |so |very |too |often )?(?:drunk|high|wasted
            |stoned|off (?:his|her|their) (?:face|head))
        <P> <G1>(?:drinks|drinking) (?:all the time|too much|every (?:day|night)|loads|a lot|all day)
        <P> <G2>(?:takes?|taking|does|doing|on|uses|using|smokes?|smoking) (?:drugs|weed|crack|heroin|coke|cocaine
            |spice)
        (?:drug|drugs|alcohol|substance) (?:abuse|problems?|addiction)|addict|addicts|alcoholic
        (?:have|has|had) to (?:look after|care for|feed|put to bed) (?:my|our) <G1>(?:brothers?|sisters?|siblings?
            |baby|mum|dad|parents)
    """, negatable=False),
    *_rules("emotional_harm", r"""
        (?:calls?|called|calling) (?:me|us) (?:a |an )?<G1>(?:stupid|worthless|useless|fat|ugly|thick|idiot|retard
            |dumb|lazy|mistake|waste|bitch|slag|slut|names|nothing|pathetic|loser|freak)
        (?:says|said|tells|told|telling|saying) (?:me |us )?(?:that )?(?:i am|i was|i will be|we are
            |i should be) (?:a |an )?<G1>(?:stupid|worthless|useless|fat|ugly|thick|idiot|mistake|waste|burden|nothing
            |unwanted|not wanted|better off dead|to blame|evil|pathetic|unloved|disappointment)
        (?:wishes|wished) (?:i|we) (?:was|were|had) (?:never|not) (?:been )?born
        (?P<t>hates|hated|hating) (?:me|us)
        (?:does not|did not|do not|never|nobody) <G1>(?:love|loves|care about|cares about|cares for) (?:me|us)
        (?:does not|do not|nobody) <G1>(?:want|wants) (?:me|us)(?! to)
        (?:treats?|treated|treating) (?:me|us) like (?:dirt|rubbish|a dog|a slave|nothing|shit|crap|an animal
            |a servant|a maid)
        nobody (?:talks|speaks|listens) to (?:me|us) (?:at home|in (?:my|the|our) (?:house|home))
        makes? me feel (?:worthless|stupid|useless|small|like nothing|unwanted|like dirt|like rubbish|like a burden
            |like a mistake|ugly|fat)
    """, negatable=False),
    *_rules("emotional_harm", r"""
        (?:shouts?|shouted|shouting|screams?|screamed|screaming|yells?|yelled|yelling|swears?|swore|swearing) at (?:me
            |us)
    """),
    *_rules("self_harm", r"""
        self (?:harm\w*|injur\w*|hurt\w*)
        (?:cut|cuts|cutting|burn|burns|burning|burnt|burned|hurt|hurts|hurting|harm|harms|harming|scratch|scratches
            |scratching|scratched|hit|hits|hitting|punch|punches|punching|punched|starve|starves|starving|starved|bite
            |bites|biting|bit|strangle|strangling|choke|choking|bruise|bruising) myself
        (?:cut|cuts|cutting) (?:on )?(?:my|me) (?:arms?|wrists?|legs?|thighs?|skin|stomach|tummy|body)
        (?:cuts|scars|marks) on my (?:arms?|wrists?|legs?|thighs?|body)
        (?:make|makes|made|making) myself (?:sick|throw up|bleed|vomit)
        (?:bang|bangs|banging|banged) my head|(?:hit|hits|hitting|punch|punches|punching) my (?:head|face) (?:against
            |on|off) (?:the |a )?(?:wall|walls|floor)
        overdos\w*
        (?:take|took|taking|takes|swallow|swallowed) (?:my )?(?:mums|dads|nans|her|his|their|other peoples) (?:tablets
            |pills|medicine|meds)
        (?:took|take|taking|swallowed|swallow) (?:loads|lots|too many|a lot|a load|a handful|all|a bunch|a packet
            |a box|a whole packet|a whole box) (?:of )?(?:my |mums |the |her |his )?(?:pills|tablets|paracetamol
            |medicine|meds)
        (?:do|doing|did|done|started|start|been|stop|stopped|i) sh|sh again
        (?:been|keep|started|start|still|stop|stopped|i|we) cutting(?! (?:down|back|out|up|off|class|school|lessons|in
            |my hair|hair|the|a|it|paper|grass|things|food))
        (?:till|until) (?:it|they|i) (?:bleed|bleeds|bled)|(?:make|makes|made) (?:myself|it|them) bleed
        (?:stopped|stop|not|keep skipping|skipping|refusing|refuse) (?:eating|meals)(?! (?:meat|sweets|junk|sugar
            |chocolate))
    """, negatable=False),
    *_rules("suicide", r"""
        (?:kill|killing|kills|killed|end|ending|hang|hanging|hung|drown|drowning|shoot|poison|poisoning) myself
        (?:want|wanted|wants|wanting|going|ready|try|tried|trying|plan|planning|planned|like) to (?:die|be dead|end it
            |end my life|kill myself|disappear|not exist|not be here|not wake up|not be alive|sleep forever)
        (?:do not|never|does not) want to (?:live|be alive|be here|exist|wake up|carry on|go on|be around)(?! (?:with
            |at|in|near|there))
        wish (?:i|that i) (?:could )?(?:was|were|could be|had|be)? ?(?:dead|die|gone|never been born|not been born
            |not born|never born|not alive|not here)
        better off (?:dead|without me|if i (?:was|were) (?:dead|gone|not here))
        end (?:it all|my life|my own life|everything)|take my (?:own )?life|suicid\w*
        no (?:point|reason) (?:in )?(?:living|being alive|to live|going on|carrying on|in life)
        (?:jump|jumping|jumped) (?:off|in front of) (?:a |the )?(?:bridge|building|roof|train|car|cliff|bus)
        not worth living|life is not worth
        (?:want|wanted|feel like|felt like|thinking about|thinking of|thought about|think about) (?:to )?(?:end
            |ending) (?:it|my life|everything)
        (?:can not|could not) (?:go on|carry on|cope|take it|take any more) (?:anymore|any longer|like this)
        if i (?:died|was dead|were dead|killed myself)
        point (?:in|of) (?:living|life|being alive|going on|carrying on)
        (?:taking|take|took|swallow|swallowing) (?:[a-z]+ ){0,2}?(?:pills|tablets) to (?:die|end it|kill myself
            |not wake up)
        (?:want|wanna|wish i could) (?:to )?(?:vanish|disappear|not exist)
        (?:think|thinking|thought) (?:a lot )?about (?:dying|death|being dead|not being here|ending it|suicide
            |killing myself)
        never (?:wake|waking) up|not (?:wake|waking) up|sleep forever
        (?:want|wish|wanna|ready)(?: [a-z]+){0,6}? (?:in|to) heaven
    """, negatable=False),
    *_rules("running_away", r"""
        (?P<t>run|runs|ran|running) (?:away|off)|runaway|runaways
        (?:going to|want to|will|might|would|thinking about|planning to|plan to|about to) (?:just )?run(?! (?:the|a|an
            |for|in|some|my|our|this|it|late|out|over|through|round|around|to|up|down|errands|faster))
        (?P<t>go|going|gone|went|goes) missing
        (?:staying|sleeping|living|stay|sleep|live) (?:at|on|in) (?:my |a |their )?(?:mates|mate's|friends?
            |friend's|the street|streets|a car|the park)(?: because| as| cos| since|$)
        (?:want|going|planning|plan|thinking) (?:to |about |of )?(?:leave|leaving) home
        never (?:going|coming) back(?: home| there)?
        (?:have not|has not|not) been (?:back )?home (?:for|in) (?:days|ages|a week|weeks|[0-9]+|two|three|a few)
        (?:sleep|sleeps|slept|sleeping) (?:rough|on the streets?|outside|in (?:a|the) (?:park|street|car|bus station))
        (?:stay|stayed|staying|stays) out all night|nowhere (?:else )?to (?:go|live|sleep|stay)|homeless
        (?:kicked|kicks|kick|thrown|throws|threw|chucked|chucks|chuck|throw) (?:me|us) out
        (?:i|we) (?:have )?(?:left|walked out|walk out|ran out)(?: of)? home
        (?:and|to) (?:never|not) (?:come|coming|go|going) back
        (?:planning|plan|going|want|wanna) to (?:leave|escape|get away)(?! (?:school|college|care|the meeting|early))
        (?:do not know|no idea) where (?:i|we) (?:will|am going to|are going to|can|could|going to) (?:sleep|stay|live
            |go)
        (?:living|sleeping|staying|stay|sleep|live) on (?:a|my|our|the|[a-z]+s) <G1>(?:sofa|couch)
        (?:climb|climbed|climbing|sneak|sneaked|snuck|sneaking|got|get) out (?:of )?(?:my |the )?(?:window|house)
        (?:got|get|gets|been|was|were) (?:kicked|thrown|chucked) out
    """),
    *_rules("feeling_unsafe", r"""
        (?:not|never|no longer|hardly ever|rarely) <G3>safe
        (?:(?:please|someone|somebody) help(?: me| us)?|help me please|help me get away|get me out of (?:here|there
            |this house))(?! (?:understand|with|to|find|get|sort|fill|know|out|my|our))
        (?:told|tells|said|says|telling|warned) (?:me |us )?(?:not to|to not|never to) (?:tell|say)
        not allowed to tell|(?:keep|kept) (?:it|this|that) (?:a )?secret|our (?:little )?secret|a secret between
        (?:it is|its|it was) (?:our |a )(?:little )?secret
        can not get out(?! of bed)
        (?P<t>following|followed|follows|stalking|stalks|stalked) (?:me|us)(?! on)
        (?:do not|never) (?:tell|let) (?:my [a-z]+|mum|dad|him|her|them|anyone|anybody) (?:know|see|find out|i|about
            |what)?
        if (?:he|she|they|<REL>) (?:finds|find|found) out
        (?:do not|never) like (?:being|going|staying|living|sleeping) (?:at|to|with|in) (?:dads|mums|home|his|her
            |their|the house|my [a-z]+s?)
        (?:do not|never|does not|not) <G1>want to (?:go|be|stay|live) (?:back )?(?:home|at home|there)
        (?:do not|never|not) <G1>want to go back to (?:my |mums |dads |his |her )?(?:house|home|mum|mums|dad|dads|flat
            |place)
    """, negatable=False),
    *_rules("feeling_unsafe", r"""
        (?P<t>unsafe|in danger)
        (?P<t><FEAR>|fear|feared) <G1>of <G2><P_OBJ>
        (?P<t><FEAR>) <G1>(?:to|of) (?:go|going|be|being|stay|staying|sleep|sleeping) (?:back )?(?:home|at home|there
            |with (?:him|her|them|my|dad|mum))
        (?P<t><FEAR>) <G1>(?:at home|in (?:my|the|our) (?:house|home|room|bedroom|bed)|at night|all the time|every day
            |to tell|to say anything|for my (?:life|safety|mum|brother|sister|siblings)|(?:he|she|they) (?:will|might
            |would|is going|are going))
        (?P<t><FEAR>) <G1>when (?:he|she|they|<REL>) <G1>(?:comes? home|comes? in|comes? back|gets? (?:angry|drunk
            |cross|mad)|is (?:angry|drunk|cross|mad)|drinks|shouts)
        (?:he|she|they|<REL>) <G1>(?P<t>scares|scared|frightens|frightened|terrifies|terrified) (?:me|us)
        (?:<P>|messages|texts|pictures|pics|photos|videos|comments|things (?:he|she|they) (?:say|says|said|do|does
            |did)|the way (?:he|she|they)) <G3>(?P<t>makes?|made|making) me (?:feel )?(?:scared|frightened|afraid
            |unsafe|uncomfortable|weird|funny|icky|dirty|sick)
        <P> (?:is|are|was|were|gets|get|can be) (?:really |so |very |quite |a bit |too )?(?P<t>scary|frightening
            |violent|dangerous|aggressive|rough|nasty|horrible|mean|cruel)
        (?:a|some|this|an|older|strange|the same) (?:older |strange )?(?:man|men|guy|guys|boys|lads|person|stranger
            |strangers|car|van) <G2>(?:waits|waiting|waited|hangs|hanging|hung|follows|followed|parks|parked|watches
            |watching)
        (?:i|we) <G1>(?P<t>hide|hides|hid|hiding) (?:in|under|from|when)
        ^(?:please )?help(?: me| us)?(?: please)?(?: help)*$
        (?P<t>kicks|kicked|kicking|kick) off (?:at|on) (?:me|us)
        (?:i am|i feel|i get|we are|i have been
            |i was) (?:so |really |very |always |too |just )*(?P<t><FEAR>)(?! (?:about|of|for|before|that|to (?:speak
            |talk|say|go to)|at the|in the))
    """),
    *_rules("exploitation", r"""
        older (?:boys?|lads?|men|man|kids?|people|girls?|guys?|friends?) <G2>(?:make|makes|made|making|force|forces
            |forced|tell|tells|told|get|gets|got|pay|pays|paid|give|gives|gave|take|takes|took|want|wants|ask|asks
            |asked)
        (?:give|gives|gave|giving|offer|offers|offered|buy|buys|bought|sell|sells|sold) (?:me|us) <G1>(?:drugs|weed
            |alcohol|vodka|booze|vapes?|pills|cocaine|coke|spice|ketamine)
        (?:they|older [a-z]+|men|a man|the gang|strangers?|people|someone|somebody|boys|lads|guys) <G1>(?:give|gives
            |gave|giving|pay|pays|paid|buy|buys|bought) (?:me|us) <G1>(?:money|cash|gifts|presents|stuff|things
            |phones?|clothes|trainers|lifts|rides)
        (?:carry|carries|carrying|carried|sell|sells|selling|sold|deliver|delivers|delivering|delivered|hold|holds
            |holding|move|moving|stash|stashing|hide|hiding) <G2>(?:drugs|weed|packages|parcels|a knife|knives|a gun
            |guns|stuff for (?:them|him|her))
        (?:sent|send|sends|taken|took|made to go) (?:me |us )?(?:to|out to) [a-z]+ (?:to|and) (?:sell|deal|carry
            |deliver|drop)
        county lines|cuckoo\w*|trap house|(?:drug|drugs) (?:run|runs|running|debt|debts|deal|deals|dealer|dealers
            |dealing)
        (?:owe|owes|owed|owing) (?:them|him|her|the gang|people|someone) money|in debt to|grooming|groomed|trafficked
            |trafficking|exploited|exploiting|exploitation
        (?:met|meet|talk|talking|talked|chat|chatting|chatted|speaking|messaging
            |texting) (?:to |with |from )?(?:a |an |some |this )?(?:older )?(?:man|men|guy|guys|boys?|girls?|someone
            |somebody|people|strangers?|person
            |woman) <G2>(?:online|on (?:snapchat|snap|instagram|insta|tiktok|discord|roblox|whatsapp|facebook
            |the internet|a game|an app))
        (?:much|way|lot|a lot) older (?:boyfriend|girlfriend|man|men|guy|guys|friends?)
        (?:boyfriend|girlfriend) (?:is|was|who is) (?:1[89]|[2-9][0-9]|twenty|thirty|forty|much older|way older
            |a lot older|an adult|older than me)
        (?:a|an|some|this|that|older) (?:older )?(?:man|men|guy|guys|boys?|person|stranger|strangers
            |adults?) <G2>(?:messages?|messaging|messaged|texts?|texting|texted|snaps?|snapchats?|adds?|added|follows?
            |dms?|chats?) (?:me|us)
        (?:stay|stays|staying|stayed|sleep|sleeps|sleeping|slept) (?:at|in|over at) (?:random|strangers|older
            |different) <G1>(?:houses?|flats?|places?|peoples?)
        (?:in|join|joined|joining) (?:a|the) gang|gang (?:members?|life)
        (?:get|gets|got|getting) paid to (?:hold|carry|deliver|sell|move|keep|hide|drop|run|take)
        for (?:the )?older (?:boys|kids|lads|men|guys|people)|for (?:a|the) gang
        with (?:much |way |a lot )?older (?:men|man|guys|lads)
        (?:pay|paying|pay off|paid off|work off|working off) (?:a |my |the |his |their )?debt|(?:sell|selling|sold
            |sells) (?:stuff|things) for (?:people|them|him|older|a gang|men)
        (?:man|men|guy|guys|boys?|girls?|someone|somebody|people|person|strangers?|woman|adults?) <G3>(?:met|meet|know
            |talk to|chat to|chatting to|talking to|speak to|added) <G2>(?:online|on (?:snapchat|snap|instagram|insta
            |tiktok|discord|roblox|whatsapp|facebook|the internet|a game|an app|xbox|fortnite))
        (?:sex|sexual|sleep with|sleeping with|nudes?|pics|pictures) <G1>(?:for|in exchange for|to pay
            |to get) (?:money|drugs|weed|cash|somewhere to stay|a place to stay|a lift)
    """, negatable=False),
    *_rules("domestic_abuse", r"""
        (?:<P> <G2>)?(?P<t><HARM>) <G1><MOTHER>
        (?:boyfriend|partner|husband|fella|feller|dad|step ?dad|father)s? <G2>(?P<t><HARM>) her
        <MOTHER> <G2>(?:gets|got|is|was|being|been) (?P<t>hurt|hit|beaten|slapped|punched|kicked|attacked
            |strangled)
        (?:mum and <G1>[a-z]+|dad and <G1>[a-z]+|my parents|parents|they) <G2>(?P<t>fight|fights|fighting|fought
            |hit each other|hurt each other|beat each other)(?! for| to| my corner)
        domestic (?:violence|abuse|incidents?)
        (?:fighting|fights|violence) (?:at home|in (?:my|our|the) (?:house|home|flat))
        (?:hear|heard|hearing|see|saw|seeing|watch|watched) (?:them|mum and [a-z]+|my parents|dad and [a-z]+|mum
            |dad) <G1>(?:fighting|fight|hitting|hurting|screaming)
        (?:throws|threw|throwing|smashes|smashed|smashing|breaks|broke|breaking|punches|punched|kicks|kicked) (?:stuff
            |things|plates|furniture|the tv|walls?|doors?|holes)
    """),
    *_rules("distress", r"""
        (?:i|i am|i feel|feel|feeling|i have been) (?:so |really |very |completely |just |totally )*(?:worthless
            |hopeless|like a burden|like giving up|empty inside|numb)
        (?:i|i really) (?:hate|hated) (?:myself|my life|being alive)
        (?:want|wish|need) (?:it all|everything|it|the pain|this|life) to (?:stop|end|be over)
        no way out|(?:feel|felt|am|feeling) trapped
        nobody would (?:miss|care about|notice|care if) (?:me|i)|(?:would not|will not) (?:miss|notice) me
    """, negatable=False),
    *_rules("bullying_threats", r"""
        (?P<t>bully|bullies|bullied|bullying|cyber ?bull\w*)
        (?P<t>pick|picks|picking|picked|gang|gangs|ganged|ganging) (?:up )?on (?:me|us)
        (?:being|been|get|got|getting|am|was|were|is|are) (?P<t>picked on|ganged up on)
        (?:post|posts|posted|posting) <G2>about (?:me|us)|(?:rumours|nasty things|horrible things) about (?:me|us)
        (?P<t>laugh|laughs|laughed|laughing) at (?:me|us)|(?:calls?|called|calling) (?:me|us) names
        (?P<t>threat\w*)
        (?:going to|will|would|want to|wants to|wanted to|trying to|tried to|try to|promised to) <G1>(?P<t>kill|stab
            |shoot|batter|hurt|beat|smash|knock out|murder|strangle|jump) (?:me|us|my)
        (?P<t>kill|kills|killed|stab|stabs|stabbed|shoot|shot|murder|murdered) (?:me|us)
        (?:will|going to|gonna) (?:get|jump|batter|do) (?:me|us)(?! (?:from|a|an|some|at|to|up|ready|home|dressed
            |something|things|back|in|out))
        (?P<t>hurt|kill|hit|beat|batter|get|stab) <G2>(?:me|us|my [a-z]+|you) if (?:i|we) (?:tell|do not|say|talk
            |grass|snitch|leave)
        (?P<t>knife|knives|stabbing|machete|guns?|weapons?|blade)|kill yourself
        (?:says|said|tell|tells|told|telling) (?:me )?(?:that )?(?:i should|to go and|to) (?:go )?kill myself
        (?:nasty|horrible|mean|threatening|rude|sexual) (?:messages|texts|comments|posts)
        (?:post|posts|posted|posting|share|shares|shared|sharing|spread|spreading) <G1>(?:pics|pictures|photos|videos
            |rumours|lies) (?:of|about) me
    """),
]

# Everyday phrases that share words with the patterns above. A match whose trigger overlaps one is dropped.
_MASKS = [(_compile(p), _cover(_compile(p, plain=True))) for p in _lines(r"""
    hit(?:s|ting)? (?:it off|and miss|or miss|the nail|the mark|the spot|the roof|the ground running|the road
        |the books|the headlines|the jackpot|home|(?:me|us) up|(?:the |our |my |their |its |all (?:the |our )?
            |every |a )?(?:main |key |important |right |big |all )?(?:points?|targets?|deadlines?|goals?|notes?|issues
        |milestones?))
    (?:a|big|huge|real|massive) hit
    (?:it|this|that|what|which|everything|nothing|something|the (?:meeting|conference|review|report|plan|decision
        |process|letter|news|words?|speech|comments?|story|film|wait|delay|outcome|changes?|move|session
        |minutes))(?: (?:really|so|very|just|also|truly|deeply|all|quite|actually|still|always|even|has|had|have|did
        |does|will|would|can|could|is|was))* (?:hit|hits|hurt|hurts|hurting|touched|touches|touching|kills|killed
        |killing|struck|beat|beats)
    hurt(?:s|ing)? <G2>feelings
    (?:felt|feel|feeling|was|am|were|get|got|be|been) (?:really |so |very |a bit |quite )?hurt (?:that|because|about
        |by (?:what|how|the way|it|this|that|some|your|their|all|the (?:decision|report|meeting|comments?|way)))
    touch(?:ed|es|ing)? (?:on|upon|base)(?! (?:my|me|her|his) <PRIV>)
    (?:keep|keeps|kept|keeping|get|gets|got|getting|stay|stays|stayed|staying|be|been|was|were|in|lost|lose|out of
        |back in) (?:in )?touch
    (?:so|really|very|deeply|truly|quite|felt|feel) touched
    touched (?:by (?:how|the way|what|your|their|all|everyone|everything|the (?:kindness|support|help|care|words))
        |that|to (?:see|hear|know))
    touching (?:story|moment|speech|words|letter|gesture)
    beat(?:s|en)? (?:[a-z]+ ){1,3}?(?:at|in) (?:football|fifa|games?|cards|chess|monopoly|uno|a race|races|tennis|pool
        |darts|swimming|running|the game|the match|everything|maths|xbox|playstation)
    beat (?:[a-z]+ ){1,2}?[0-9]+|beat(?:s|ing)? (?:the )?(?:odds|system|traffic|queue|rush|heat)
    beat (?:my|our|his|her|their|the) (?:record|score|time|best|personal best)|beats me (?:why|how|what|where|when)
    (?:ran|run|running|runs) out of|(?:run|ran|running|runs) (?:off|away) (?:my|our|their|his|her) feet
    (?:run|ran|running|runs) away with (?:the|it|this|that|things|everything)|ran off (?:copies|a copy|the (?:report
        |minutes|plan))
    hit (?:(?:me|us|them) )?with (?:[a-z]+ ){0,4}?(?:information|questions|news|paperwork|reports?|facts|jargon|words
        |rules|conditions|demands|changes|decisions?|bills?|costs|fees)
    (?:felt|feel|feeling|feels) like (?:i was |we were |i am |we are |i had been )?(?:being )?(?:attacked|ganged up on
        |on trial|under attack)
    no time (?:to eat|for (?:food|lunch|breakfast|dinner|tea))
    if (?:i|we|you) (?:ever )?(?:do not |did not )?(?:feel|felt|am|are|was|were) (?:not |un)?safe
    push(?:es|ed|ing)? (?:me|us) (?:to|into) (?:do|be|try|work|get|go|achieve|improve|think|speak|make|say|agree|sign)
    grab(?:s|bed|bing)? (?:me|us) (?:a|an|some|something)
    out of (?:school|class|college|lessons?|(?:the )?(?:lesson|class|classroom|room|club|meeting|group|youth club))
    (?:food|tea|coffee|drinks?|water|refreshments|biscuits|snacks|lunch|breakfast) (?:(?:or|and) [a-z]+ )?(?:at|in
        |during|for|before|after) (?:the )?(?:meeting|conference|review|session|centre|office|day|waiting room|hearing
        |court)
    (?:want|wanted|wants|like|prefer|need|needed|wish|rather) (?:to )?(?:be )?left alone
    (?:feet|back|legs?|head|neck|knees?|tooth|teeth|stomach|belly|arms?) (?:is|are|was|were) killing me
        |kill(?:ing)? time
    never (?:felt|been|ever felt) (?:so|as|this|more) safe
    (?:my|what|your|their|his|her) sex (?:is|was)|sex (?:education|ed|health|and relationships)|sexual (?:health
        |orientation|identity|education)|sexuality
""")]
_KEY_WORDS = frozenset(word for cover in [*(rule.cover for rule in _RULES), *(cover for _, cover in _MASKS)]
                       if cover for word in cover)


# ---- Negation and assessment ---------------------------------------------------------------------------------

_NEGATORS = _words("not never no nobody nothing none neither nor without")
_NEGATIVE_SUBJECTS = _words("nobody nothing none")
# Words that may stand between a negator and the harmful word: "has never hit", "does not ever touch".
_PASSABLE = _words("""do does did will would has have had is am are was were be been being ever even really
actually get gets got physically can could should feel felt feeling""")
# A negative subject further back stops counting once someone else, or another clause, comes in.
_CLAUSE = _words("he she they i we you someone somebody but and because when if that so who which until .")
_PERSON = re.compile(_expand("<REL>"))
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


def _may_match(cover: tuple[str, ...] | None, present: set[str]) -> bool:
    """Whether a pattern can match: it has no key words, or one of them is in the text."""
    return cover is None or not present.isdisjoint(cover)


def _find(norm: Normalised) -> list[tuple[str, int, int]]:
    text = norm.text
    # Which key words occur is worked out once per text, not once per pattern.
    present = {word for word in _KEY_WORDS if word in text}
    masks = [m.span() for mask, cover in _MASKS if _may_match(cover, present) for m in mask.finditer(text)]
    found: list[tuple[str, int, int, bool]] = []
    for rule in _RULES:
        if not _may_match(rule.cover, present):
            continue
        for m in rule.regex.finditer(text):
            t_start, t_end = m.span("t") if "t" in rule.regex.groupindex and m.group("t") else m.span()
            if any(s < t_end and t_start < e for s, e in masks):
                continue
            if rule.negatable and _negated(norm, t_start, t_end):
                continue
            found.append((rule.category, m.start(), m.end(), rule.weak))
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
