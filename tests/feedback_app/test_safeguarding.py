"""Spotting free text that suggests a child may be at risk (feedback_app/safeguarding.py).

The two tables are the contract: every positive is flagged with its category (no
false negatives) and at most two negatives are flagged.

Round 1 was written with the module. Each later round was written afterwards as
unseen text, run once, then the module fixed and the round kept here. Caught on
that first run: round 2, 44 of 67 positives; round 3, 31 of 53 (3 of 49 negatives
flagged); round 4, 21 of 40 (3 of 40); round 5, 23 of 43 (1 of 30); round 6, 24
of 42 (1 of 29). So expect only about half to two thirds of disclosures worded in
ways nobody has listed yet to be caught: add every miss a reviewer finds here.
Round 8 (issue 14) holds development examples for the categories added then, written
with their rules; bench/safeguarding.py measures on a held-out set instead (143 of 218
caught, 11 of 354 ordinary comments flagged). Round 2's rules were written from a development
set and carry their examples in feedback_app/data/safeguarding_rules.yaml (held-out sets after
it: 174 of 218 and 176 of 219 caught; see bench/README.md).
"""

from __future__ import annotations

import pytest

from feedback_app import safeguarding
from feedback_app.safeguarding import CATEGORIES, Concern, assess, assess_answers, normalise

POSITIVES = [
    # round 8 (issue 14): development examples for the kinds of harm given their own rules then; written
    # with those rules (the held-out set in bench/data measures them on what they were not written from)
    ("this older guy from the park buys me vapes and says its our secret", "grooming"),
    ("a man on insta keeps sending me money n wants to meet", "grooming"),
    ("my mums friend takes pics of me when mum is out", "grooming"),
    ("he says i'm mature for my age and nobody would understand us", "grooming"),
    ("dad smokes weed all day in the front room", "parental_substances"),
    ("mums on the cans again and shes passed out on the sofa", "parental_substances"),
    ("there's foil and needles in the bathroom", "parental_substances"),
    ("when my stepdad has had a drink everyone goes quiet", "parental_substances"),
    ("the staff restrained me and i couldnt breathe", "placement_harm"),
    ("at the unit they put you face down on the floor", "placement_harm"),
    ("a staff member twisted my arm behind my back", "placement_harm"),
    ("they keep me in the calm room for hours", "placement_harm"),
    ("mum says everything is my fault", "rejection"),
    ("my dad blames me for mum leaving", "rejection"),
    ("she says she wishes she never had me", "rejection"),
    ("they threaten to send me away if im bad", "rejection"),
    ("i get no tea as punishment", "withholding"),
    ("my toothache has been bad for weeks and nobody takes me to the dentist", "withholding"),
    ("we are not allowed the heating on so its freezing in my room", "withholding"),
    ("mum locks the kitchen at night", "withholding"),
    ("i use my pencil sharpener blade on my arms", "self_harm"),
    ("i punish myself when i get things wrong", "self_harm"),
    ("i wear long sleeves so nobody sees", "self_harm"),
    ("i cant sleep until dad is asleep", "feeling_unsafe"),
    ("i put my wardrobe against the door at night", "feeling_unsafe"),
    ("i always listen for his car", "feeling_unsafe"),
    # round 7: missed on first sight in a review of unseen wording, then added
    ("i was sent to london to sell", "exploitation"),
    ("i'm staying at my mates because i cant go home", "running_away"),
    ("they film me and share it", "sexual_harm"),
    # round 1
    # physical harm
    ("he hits me", "physical_harm"),
    ("My dad hit me", "physical_harm"),
    ("mum's boyfriend hurts me", "physical_harm"),
    ("he hitz me", "physical_harm"),
    ("my step dad huts me", "physical_harm"),
    ("HE HITS ME!!!", "physical_harm"),
    ("he keeps hiting me", "physical_harm"),
    ("mum’s bf hurts me", "physical_harm"),
    ("i get beaten", "physical_harm"),
    ("he slaps me", "physical_harm"),
    ("he hiiiits me when hes angry", "physical_harm"),
    ("my brother punched me in the face", "physical_harm"),
    ("dad smacks us with a belt", "physical_harm"),
    ("I got hit again last night", "physical_harm"),
    ("my foster carer grabbed me by the neck", "physical_harm"),
    ("he kicks my little sister", "physical_harm"),
    ("she pulls my hair", "physical_harm"),
    ("i have bruises from where he grabbed me", "physical_harm"),
    ("my stepdad beats me up when he is drunk", "physical_harm"),
    # "beats me when" is the idiom ("it beats me when they will decide") only with no one before it.
    ("my nan beats me when i forget my chores", "physical_harm"),
    ("dad still beats me when i lose at footy", "physical_harm"),
    ("they throw things at me", "physical_harm"),
    ("he burnt me with a lighter", "physical_harm"),
    ("Dad hits when he's angry", "physical_harm"),
    ("he h1t me", "physical_harm"),
    ("my nan hitt me wiv a slipper", "physical_harm"),
    ("i was slapped by my uncle", "physical_harm"),
    ("he doesnt hit me anymore", "physical_harm"),
    ("nobody hurts me except my step mum", "physical_harm"),
    ("he hurtin me", "physical_harm"),
    ("my dad doesn't always hit me but sometimes he does", "physical_harm"),
    # sexual harm
    ("someone touched me", "sexual_harm"),
    ("sum1 touchd me", "sexual_harm"),
    ("he touches me where i dont like", "sexual_harm"),
    ("my uncle touched my privates", "sexual_harm"),
    ("he makes me touch him", "sexual_harm"),
    ("he comes into my bed at night", "sexual_harm"),
    ("he sends me naked pictures", "sexual_harm"),
    ("my cousin raped me", "sexual_harm"),
    ("a man asked me for nudes", "sexual_harm"),
    ("he tuches me down there", "sexual_harm"),
    ("I was touched by my mums friend", "sexual_harm"),
    # abuse, kind not stated
    ("he abuses me", "abuse"),
    ("i was abused", "abuse"),
    # emotional harm
    ("dad calls me stupid and worthless", "emotional_harm"),
    ("mum says she wishes i was never born", "emotional_harm"),
    ("she screams at me all the time", "emotional_harm"),
    ("nobody loves me", "emotional_harm"),
    ("my step mum hates me", "emotional_harm"),
    ("he treats me like dirt", "emotional_harm"),
    # neglect
    ("no food in the house", "neglect"),
    ("there is never any food at home", "neglect"),
    ("i go to bed hungry", "neglect"),
    ("mum leaves us home alone all night", "neglect"),
    ("I get locked in my room", "neglect"),
    ("we have no heating or electric", "neglect"),
    ("mum is always drunk", "neglect"),
    ("I have to look after my baby brother because mum is out", "neglect"),
    ("nothing to eat at home", "neglect"),
    ("i was left on my own for 2 days", "neglect"),
    ("im always hungry", "neglect"),
    # self-harm
    ("i cut myself", "self_harm"),
    ("I've been self-harming again", "self_harm"),
    ("i keep cutting my arms", "self_harm"),
    ("i hurt myself when i am sad", "self_harm"),
    ("selfharm", "self_harm"),
    ("i started doing sh again", "self_harm"),
    ("i took loads of pills", "self_harm"),
    ("I make myself sick after eating", "self_harm"),
    # suicide
    ("i want to die", "suicide"),
    ("i wanna kms", "suicide"),
    ("i want to kill myself", "suicide"),
    ("I just want to end it all", "suicide"),
    ("i dont want to be alive anymore", "suicide"),
    ("sometimes i wish i was dead", "suicide"),
    ("everyone would be better off without me", "suicide"),
    ("i feel suicidal", "suicide"),
    ("thinking about sucide", "suicide"),
    ("i wanna unalive myself", "suicide"),
    ("i want 2 die", "suicide"),
    ("i wnt to dieeee", "suicide"),
    ("I would never kill myself", "suicide"),
    # running away
    ("im gonna run away", "running_away"),
    ("I ran away last week", "running_away"),
    ("i'm going to run off", "running_away"),
    ("I keep running away from my placement", "running_away"),
    ("I slept on the streets", "running_away"),
    ("mum kicked me out", "running_away"),
    ("i will go missing again", "running_away"),
    # feeling unsafe
    ("i dont feel safe", "feeling_unsafe"),
    ("I don't feel safe at home", "feeling_unsafe"),
    ("not safe at dads", "feeling_unsafe"),
    ("i'm scared of dad", "feeling_unsafe"),
    ("i am scared to go home", "feeling_unsafe"),
    ("i dont want to go home", "feeling_unsafe"),
    ("I feel unsafe", "feeling_unsafe"),
    ("he said not to tell anyone", "feeling_unsafe"),
    ("please help me", "feeling_unsafe"),
    ("i hide in my room when he comes home", "feeling_unsafe"),
    ("i'm frightened of my mums boyfriend", "feeling_unsafe"),
    ("i dont always feel safe with my foster carer", "feeling_unsafe"),
    ("I'm not sure I'm safe", "feeling_unsafe"),
    # exploitation
    ("older boys make me carry stuff", "exploitation"),
    ("they give me drugs and money", "exploitation"),
    ("they give me money to hold packages", "exploitation"),
    ("I met a man online who buys me things", "exploitation"),
    ("I have to sell drugs for them", "exploitation"),
    ("i owe them money and they said they will hurt me", "exploitation"),
    # domestic abuse
    ("he hits my mum", "domestic_abuse"),
    ("dad beats mum", "domestic_abuse"),
    ("my step dad hurts my mum when he is drunk", "domestic_abuse"),
    ("mum and her boyfriend fight all the time and i hide", "domestic_abuse"),
    ("there is domestic violence at home", "domestic_abuse"),
    # bullying and threats
    ("he said he'll hurt me", "bullying_threats"),
    ("they are going to stab me", "bullying_threats"),
    ("i get bullied at school", "bullying_threats"),
    ("they pick on me every day", "bullying_threats"),
    ("he threatened to kill me", "bullying_threats"),
    ("someone told me to kys", "bullying_threats"),
    ("they said they will batter me", "bullying_threats"),
    # round 2
    ('my dad is violent', 'physical_harm'),
    ('dad gets violent when he drinks', 'physical_harm'),
    ('he hurts us', 'physical_harm'),
    ("when mum's drunk she hits us", 'physical_harm'),
    ('he whacked me round the head', 'physical_harm'),
    ('step dad pushed me down the stairs', 'physical_harm'),
    ('i get smacked alot', 'physical_harm'),
    ('she hit me wiv a shoe', 'physical_harm'),
    ('there are bruses on my arm', 'physical_harm'),
    ('he beat me', 'physical_harm'),
    ('he beated me', 'physical_harm'),
    ('my mums boyfreind hits her', 'domestic_abuse'),
    ('dad punches walls and mum', 'domestic_abuse'),
    ('im being hurt at home', 'physical_harm'),
    ('someone is hurting me', 'physical_harm'),
    ('i dont feel saf at home', 'feeling_unsafe'),
    ('i feel scared at home', 'feeling_unsafe'),
    ('i dont feel safe around my dad', 'feeling_unsafe'),
    ('im scared he will hurt me', 'feeling_unsafe'),
    ('i am scared', 'feeling_unsafe'),
    ('please get me out of here', 'feeling_unsafe'),
    ('i want to kill my self', 'suicide'),
    ('i want to end my life', 'suicide'),
    ('i feel like ending it', 'suicide'),
    ('i cant go on anymore', 'suicide'),
    ('i want to be dead', 'suicide'),
    ('no one would care if i died', 'suicide'),
    ('i hate my life and want to die', 'suicide'),
    ('i dont want to live anymore', 'suicide'),
    ('i tried to kill myself', 'suicide'),
    ('i took an overdose last month', 'self_harm'),
    ('i self harm', 'self_harm'),
    ('i have been cutting', 'self_harm'),
    ('i burn myself', 'self_harm'),
    ('i scratch my arms till they bleed', 'self_harm'),
    ('im going to runaway', 'running_away'),
    ('i ran off from my foster home', 'running_away'),
    ('i left home and stayed at my mates', 'running_away'),
    ('i sleep at random peoples houses', 'exploitation'),
    ('my uncle does stuff to me', 'abuse'),
    ('he makes me do things i dont like', 'abuse'),
    ('he touched my bum', 'sexual_harm'),
    ('he kisses me and i dont like it', 'sexual_harm'),
    ('a man keeps messaging me on snapchat', 'exploitation'),
    ('i was made to have sex', 'sexual_harm'),
    ('my boyfriend is 25', 'exploitation'),
    ('they make me sell weed', 'exploitation'),
    ('im in a gang and cant get out', 'exploitation'),
    ('they said theyd hurt my family if i dont', 'bullying_threats'),
    ('we dont have food', 'neglect'),
    ('i havent eaten for 2 days', 'neglect'),
    ('mum doesnt feed us', 'neglect'),
    ('i look after my sisters cos mum is always out', 'neglect'),
    ('mum is on drugs', 'neglect'),
    ('my dad is an alcoholic', 'neglect'),
    ('my dad calls me a waste of space', 'emotional_harm'),
    ('mum says she hates me', 'emotional_harm'),
    ('dad hits mum', 'domestic_abuse'),
    ('my parents fight and dad hurts mum', 'domestic_abuse'),
    ('police came because dad hit mum', 'domestic_abuse'),
    ('people at school bully me', 'bullying_threats'),
    ('im getting bullied online', 'bullying_threats'),
    ('someone said they would kill me', 'bullying_threats'),
    ('i dont want to go back to dads', 'feeling_unsafe'),
    ('i am not allowed to tell anyone', 'feeling_unsafe'),
    ('its a secret', 'feeling_unsafe'),
    ('he gives me vapes', 'exploitation'),
    # round 3
    ('dad gets angry and hits us with whatever he can find', 'physical_harm'),
    ("my mum's partner is nasty to me and pushes me around", 'physical_harm'),
    ('he chucked a plate at me', 'physical_harm'),
    ('she grabs my arm really hard and it leaves marks', 'physical_harm'),
    ('i have a black eye from my brother', 'physical_harm'),
    ('im getting battered at home', 'physical_harm'),
    ('i am being abused', 'abuse'),
    ('my dad touches me in a way i dont like', 'sexual_harm'),
    ('he watches me in the shower', 'sexual_harm'),
    ('he makes me watch rude videos', 'sexual_harm'),
    ('my stepbrother gets into my bed', 'sexual_harm'),
    ('a man showed me his private parts', 'sexual_harm'),
    ('i had to have sex with him', 'sexual_harm'),
    ('my mum never buys food', 'neglect'),
    ('the fridge is always empty', 'neglect'),
    ('we have no money for food', 'neglect'),
    ('im home by myself most nights', 'neglect'),
    ('nobody picks me up from school', 'neglect'),
    ('mum passes out drunk', 'neglect'),
    ('dad smokes weed all day and forgets about us', 'neglect'),
    ('i feel worthless', 'distress'),
    ('everyone hates me', 'emotional_harm'),
    ('mum tells me im fat and ugly', 'emotional_harm'),
    ('i want it all to stop', 'distress'),
    ('i dont see the point in living', 'suicide'),
    ('i want to go to sleep and never wake up', 'suicide'),
    ('ive got a plan to end it', 'suicide'),
    ('i keep thinking about killing myself', 'suicide'),
    ('i wrote a suicide note', 'suicide'),
    ('i feel like hurting myself', 'self_harm'),
    ('ive been cutting my legs', 'self_harm'),
    ('i stopped eating on purpose', 'self_harm'),
    ('im going to leave and never come back', 'running_away'),
    ('i climbed out of my window and ran', 'running_away'),
    ('i stayed out all night with older lads', 'exploitation'),
    ("im scared of my mum's boyfriend", 'feeling_unsafe'),
    ('i dont feel safe when dad comes round', 'feeling_unsafe'),
    ('it isnt safe for me at home', 'feeling_unsafe'),
    ('i feel in danger', 'feeling_unsafe'),
    ('someone is following me', 'feeling_unsafe'),
    ('please dont tell my dad i said this', 'feeling_unsafe'),
    ('if he finds out ill get hurt', 'feeling_unsafe'),
    ('they make me deliver parcels', 'exploitation'),
    ('i get paid to hold things for older kids', 'exploitation'),
    ('a guy i met on insta wants to meet up', 'exploitation'),
    ('my dad punched my mum', 'domestic_abuse'),
    ('dad strangled mum last night', 'domestic_abuse'),
    ('there is always fighting at home', 'domestic_abuse'),
    ('kids at school say they will jump me', 'bullying_threats'),
    ('people keep threatening me on snapchat', 'bullying_threats'),
    ('he said if i tell anyone he will kill me', 'bullying_threats'),
    ('they put a knife to my throat', 'bullying_threats'),
    ('no1 cares bout me', 'emotional_harm'),
    # round 4
    ('daddy hurted me', 'physical_harm'),
    ('mummy smackd me on my leg', 'physical_harm'),
    ('my step mum is horrible to me and hits me with a spoon', 'physical_harm'),
    ('i get told off and then he hits me', 'physical_harm'),
    ('he was rough with me', 'physical_harm'),
    ('mums new fella knocks her about', 'physical_harm'),
    ('my brother gets hurt by dad', 'physical_harm'),
    ('dad throws stuff when hes mad', 'domestic_abuse'),
    ('he pinned me against the wall', 'physical_harm'),
    ('he squeezes my neck', 'physical_harm'),
    ('i was sexually assaulted', 'sexual_harm'),
    ('my coach sends me messages that make me uncomfortable', 'feeling_unsafe'),
    ('someone at the party did things to me when i was drunk', 'abuse'),
    ('i never have clean clothes for school', 'neglect'),
    ('mum doesnt get up so i make my own tea', 'neglect'),
    ("there's never anyone home", 'neglect'),
    ('i feel like nobody would miss me', 'distress'),
    ('i think about dying a lot', 'suicide'),
    ('life isnt worth it', 'suicide'),
    ('i want to hurt myself', 'self_harm'),
    ('i scratch myself', 'self_harm'),
    ('i ran away 3 times this month', 'running_away'),
    ('im planning to leave', 'running_away'),
    ('i feel scared all the time at my foster placement', 'feeling_unsafe'),
    ('my foster carer scares me', 'feeling_unsafe'),
    ('i dont want to live with my dad he is scary', 'feeling_unsafe'),
    ("they said they'll kill my dog if i tell", 'bullying_threats'),
    ('i was jumped on the way home', 'physical_harm'),
    ('they beat me up after school', 'physical_harm'),
    ("there's a man who waits for me outside school", 'feeling_unsafe'),
    ('i go to parties with older men', 'exploitation'),
    ('they give me weed for free', 'exploitation'),
    ("dad hits my mum and i'm scared", 'domestic_abuse'),
    ('the police came because dad hurt mum again', 'domestic_abuse'),
    ('some girls keep posting about me', 'bullying_threats'),
    ('im being picked on', 'bullying_threats'),
    ("i don't feel safe at my foster home", 'feeling_unsafe'),
    ('i want to die lol', 'suicide'),
    ('kill me now', 'bullying_threats'),
    ('im sad all the time and want to disappear', 'suicide'),
    # round 5
    ('my son told me his dad hits him', 'physical_harm'),
    ('my daughter says her step dad touched her', 'sexual_harm'),
    ('he is hurting my kids', 'physical_harm'),
    ('i am worried my ex will hurt the children', 'physical_harm'),
    ('i was slapped in front of everyone', 'physical_harm'),
    ('sumtimes he hurts me n i cry', 'physical_harm'),
    ('dad hurt my arm and i had to go to hospital', 'physical_harm'),
    ('my dad gives me the belt', 'physical_harm'),
    ('i get whooped', 'physical_harm'),
    ('mum hits me wiv the hairbrush', 'physical_harm'),
    ('my brother is always beating me up', 'physical_harm'),
    ('i have marks on my back', 'physical_harm'),
    ('he makes me sit on his lap and i dont like it', 'sexual_harm'),
    ('he asked me to send a picture of my body', 'sexual_harm'),
    ("my mum's friend shows me rude pictures", 'sexual_harm'),
    ('they made me do sexual stuff', 'sexual_harm'),
    ('there is no food and mum sleeps all day', 'neglect'),
    ('i have to make my own dinner every night im 7', 'neglect'),
    ('we get left with no one to look after us', 'neglect'),
    ('the house is filthy', 'neglect'),
    ('i dont get breakfast', 'neglect'),
    ('no one talks to me at home', 'emotional_harm'),
    ('i hate myself', 'distress'),
    ('i wish i could go to sleep forever', 'suicide'),
    ('i want to be with my grandad in heaven', 'suicide'),
    ('i wanted to jump in front of a car', 'suicide'),
    ('i take my mums tablets to feel better', 'self_harm'),
    ('i bang my head on the wall when im angry', 'self_harm'),
    ('i keep running off from school', 'running_away'),
    ('i dont know where i will sleep tonight', 'running_away'),
    ("i'm living on my mates sofa", 'running_away'),
    ('i am frightened to go back', 'feeling_unsafe'),
    ('dads mates come round and they are scary', 'feeling_unsafe'),
    ('i dont like being at dads', 'feeling_unsafe'),
    ('he has a gun', 'bullying_threats'),
    ('they keep saying they will get me', 'bullying_threats'),
    ('my mum gets hurt by her boyfriend', 'domestic_abuse'),
    ('dad grabbed mum by the throat', 'domestic_abuse'),
    ('i hear them fighting every night', 'domestic_abuse'),
    ('people at school call me names every day', 'bullying_threats'),
    ('i got beat up', 'physical_harm'),
    ("i'm being groomed", 'exploitation'),
    ('i sell stuff for people to pay off a debt', 'exploitation'),
    # round 6
    ('my dads girlfriend hits me when dad is at work', 'physical_harm'),
    ('he lashes out at me', 'physical_harm'),
    ('mum lost her temper and hit me with the remote', 'physical_harm'),
    ('i got a smack for nothing', 'physical_harm'),
    ('he hurts my little brother', 'physical_harm'),
    ('theres blood when he hits me', 'physical_harm'),
    ('he headbutted me', 'physical_harm'),
    ('i have been hurt by my carer', 'physical_harm'),
    ('an older boy keeps touching me at school', 'sexual_harm'),
    ('my uncle comes in the bathroom when im in there', 'sexual_harm'),
    ('he said its normal for dads to touch there', 'sexual_harm'),
    ('i was forced to do stuff', 'abuse'),
    ('someone took pictures of me without clothes', 'sexual_harm'),
    ('no one makes me food', 'neglect'),
    ('we eat out of the bin', 'neglect'),
    ('mum leaves me to look after the baby all night', 'neglect'),
    ('theres dog poo all over the house', 'neglect'),
    ('mum is always sleeping and i have to get myself to school', 'neglect'),
    ('i dont wanna be here no more', 'suicide'),
    ('i wanna end it', 'suicide'),
    ('ive thought about taking pills to die', 'suicide'),
    ('i want to vanish forever', 'suicide'),
    ('i feel like theres no way out', 'distress'),
    ('i hurt myself to feel better', 'self_harm'),
    ('i cut my wrists', 'self_harm'),
    ('i pick my skin till it bleeds', 'self_harm'),
    ('im going to run away tonight', 'running_away'),
    ('im thinking of running away', 'running_away'),
    ('i havent been home for days', 'running_away'),
    ('i am always frightened', 'feeling_unsafe'),
    ('i dont feel safe in my own house', 'feeling_unsafe'),
    ('i get nightmares about what he did', 'abuse'),
    ('i am scared hell come back', 'feeling_unsafe'),
    ('help', 'feeling_unsafe'),
    ('they made me carry a knife', 'exploitation'),
    ('a man gave me money to meet him', 'exploitation'),
    ('dad pushed mum over', 'domestic_abuse'),
    ('they were shouting and mum got hurt', 'domestic_abuse'),
    ('the boys at school beat me up every day', 'physical_harm'),
    ('everyone says i should kill myself', 'bullying_threats'),
    ('they sent me horrible messages saying they would hurt me', 'physical_harm'),
    ('i am being bullied by my step brother', 'bullying_threats'),
]

NEGATIVES = [
    # round 8 (issue 14): ordinary comments sharing words with the rules added then
    "The staff at the children's home are kind",
    "My key worker took photos of me at the party for my memory book",
    "My carer takes me to the dentist every six months",
    "Dad has been sober for a year and we are proud of him",
    "I get pocket money from my foster carer",
    "My nan buys me sweets on Fridays",
    "The chair said it was nobody's fault",
    "I can't sleep before exams",
    "I packed my bag for contact",
    "The meeting room was freezing",
    "My teacher gave me a certificate",
    "My brother is 19 and has his own flat",
    "The food at my placement is good",
    "Please send me the report",
    "My inhaler is in my bag",
    "I like taking pictures of my dog",
    "I hate Mondays because of school",
    "Mum drinks coffee all day",
    "Staff sat me down and explained the plan",
    "I put my bag behind the door",
    # round 7
    "we went to london to see a show",
    "i stay at my mates on saturdays",
    "they filmed the meeting for the training video",
    # round 1
    "The chair explained everything clearly",
    "The meeting hit the main points",
    "We touched on my care plan",
    "It hurt my feelings that the meeting was late",
    "We ran out of time",
    "The chair ran the meeting well",
    "My social worker hit the nail on the head",
    "I feel safe with my foster carers",
    "nobody hurts me",
    "The plan will help",
    "I want to go home to mum",
    "It was a bit hit and miss",
    "I know I am in safe hands",
    "I am safe now",
    "They beat us at football",
    "I liked my social worker",
    "The meeting was too long and I was bored",
    "I didn't understand the report",
    "Nobody told me what time the meeting was",
    "My IRO keeps in touch with me",
    "I was really touched by how kind everyone was",
    "The social worker got in touch with me",
    "Please stop changing my social worker",
    "I miss my mum and want to see her more",
    "There was no food or drink at the conference and it went on for hours",
    "I feel safe and happy where I live",
    "my foster carer never shouts at me",
    "Nobody has ever hurt me here",
    "The meeting was run well",
    "I'd like more time to talk",
    "It hit me how much my family cares",
    "I was scared before the meeting but it was fine",
    "The report was accurate",
    "My mum and dad both came",
    "I felt listened to",
    "the plan is hitting its targets",
    "My social worker touched base with me after",
    "They ran through the plan with me",
    "I don't feel unsafe at all",
    "Dad hit the roof when he heard the decision",
    "I felt hurt that no one asked me",
    "my feet were killing me after the long meeting",
    "My worker hits me up on WhatsApp",
    "we have plenty of food at home",
    "i am happy and i am safe",
    "He never hits me",
    "I want to stay with my foster carers",
    "Thank you for helping my family",
    "I ran all the way home from school",
    "He kicked the ball to me",
    "The social worker pushes me to do my best",
    "I'm not scared of anyone at home",
    "My brother beat me at FIFA",
    "It beats me when they will ever decide",
    "beats me why the report took so long",
    "Honestly that beats me how they got there",
    "I have never felt so safe",
    "Nobody at home hurts me",
    "I was left alone in the waiting room for an hour",
    "We talked about my sexual health",
    "I did not get to say what I wanted",
    # round 3
    'The conference was very well organised',
    'I felt the social worker was biased against me',
    'The report had mistakes in it and nobody corrected them',
    'I was not given the report in time to read it',
    'The chair made sure everyone had a say',
    'I would like my advocate to come next time',
    'Dad was angry in the meeting because of the decision',
    'My foster carer is kind to me',
    "I don't like having to change school",
    'I want to see my brother more often',
    'The meeting room was too hot',
    'I was nervous but the chair put me at ease',
    'Nobody explained what a child protection plan is',
    'It was hard hearing what people said about my family',
    'The police officer was very understanding',
    'The health visitor helped us a lot',
    'I felt ganged up on by the professionals',
    'I was made to feel like a bad parent',
    "I felt attacked by the school's report",
    'They hit us with a lot of information at once',
    "The social worker's report was a real kick in the teeth",
    'I want the plan to end',
    'Mum is doing really well now',
    'I like living with my nan',
    'I enjoy school and have lots of friends',
    'I am scared of the dark',
    "I'm worried about moving school",
    'I wanted to go home after the meeting',
    "My dad doesn't listen to me",
    'I miss my old social worker',
    'Can the meeting be after school next time',
    'The social worker always turns up late',
    'The decision really hurt us as a family',
    'I am fed up with all these meetings',
    'The chair cut me off when I was speaking',
    'It was a safe space to talk',
    'I feel much safer now that dad has left',
    'Nothing bad happens at my foster home',
    "I know who to call if I don't feel safe",
    'Dad says he will fight the decision in court',
    'My parents fought for me to come home',
    'The social worker pushed us to sign the agreement',
    'I hate the meetings',
    'My brother and I fight sometimes but we are ok',
    'I was touched that they remembered my birthday',
    "I'd like to be left alone by the social workers",
    'Mum was upset and cried in the meeting',
    'I am not in danger',
    'My carers never hit me or shout at me',
    # round 4
    'I am happy at my foster home',
    'The social worker is nice but always late',
    'I did not like that dad was there',
    'My views were not listened to',
    'I wish the meeting was shorter',
    'I want to live with my mum again',
    'The meeting was scary at first',
    'I liked the drawings we did',
    'I hope my sister can come home',
    'The conference was hard but fair',
    'I felt judged',
    'It hurt to hear the report read out',
    'Dad shouted in the meeting and the chair handled it well',
    'The social worker fought hard for us',
    'I felt like I was being attacked by everyone',
    'We were hit with a lot of new rules',
    'The chair cut the meeting short',
    'I want my own phone',
    'I was left out of the decision',
    'Nobody from school came',
    'I think the plan is working',
    "I don't want to go to the meetings anymore",
    'I felt safe to say what I thought',
    'The venue was hard to find',
    'I would like to see my dad at weekends',
    'My mum is not a danger to me',
    "I'd like more help with my homework",
    'Nothing, it was fine',
    'I am scared of spiders',
    'My IRO is the best',
    "I don't understand why I can't go home",
    'The kids at my school are friendly',
    'I was sad when the meeting ended',
    'No one bullies me here',
    "Mum's boyfriend is kind to us",
    "The report said I was at risk but I'm not",
    "I feel like I'm drowning in paperwork",
    'The questions were hit and miss',
    'It was killing me waiting for the decision',
    'We had no time to eat before the conference',
    # round 5
    'My son is doing well at school now',
    'The social worker was very professional',
    "I don't agree with the decision",
    'The chair was firm but fair',
    'I want my children back home',
    'Everyone was respectful',
    'The meeting made me cry but it was needed',
    'I hit my head on the door frame when I came in',
    'My daughter loves her foster carers',
    'I struggled to get to the meeting because of the buses',
    'The report was hard to read because of the jargon',
    "I am worried about my son's behaviour",
    'The chair made sure my son was heard',
    'I felt everyone was against me',
    'My kids are safe with me',
    'I want to run my own business one day',
    'I missed the bus and ran all the way',
    'My little brother is annoying',
    'I like my bedroom at my foster home',
    'The food at the contact centre was nice',
    'I would like to go to football club',
    'The social worker took us to McDonalds',
    "I don't like my social worker",
    'Mum cried when she saw me',
    'They made me feel welcome',
    'My advocate helped me say what I wanted',
    'I sometimes argue with my sister',
    'The meeting was too early in the morning',
    'I got told off at school today',
    'My dad said he is proud of me',
    # round 6
    'I did not enjoy the meeting',
    'Mum has done really well with her course',
    'It was nice to see my gran',
    'My social worker is always on time',
    'I want to go home to my dad',
    'I felt nervous but it was ok',
    'I want a say in where I live',
    'I think everyone listened',
    'The report was unfair to my mum',
    'I would like contact with my brother',
    'I am happy with my placement',
    'The IRO explained things well',
    'I got a certificate at school',
    "I'm sad I can't live with mum",
    'Please can we have the meeting at school',
    'There should be more activities for kids in care',
    'The social worker hit every point I raised',
    'I felt the plan was pushed through without me',
    "I don't want any more changes",
    'The professionals ganged together to help us',
    'My daughter is doing much better at school',
    'I felt supported by everyone',
    "I'm tired of being asked the same questions",
    'The room was cold and there was no water',
    'My foster mum took me swimming',
    'My brother and me play football',
    'I hope things get better',
    'It was nice to be asked',
    "I didn't feel listened to",
]

MAX_FLAGGED_NEGATIVES = 2


def test_tables_are_big_enough_and_use_known_categories():
    assert len(POSITIVES) >= 60 and len(NEGATIVES) >= 40
    assert {category for _, category in POSITIVES} == set(CATEGORIES)


@pytest.mark.parametrize(("text", "category"), POSITIVES, ids=[t for t, _ in POSITIVES])
def test_positive_is_flagged_with_its_category(text, category):
    concern = assess(text)
    assert concern is not None, f"missed: {text!r} -> {normalise(text).text!r}"
    assert category in concern.categories, concern.categories


def test_few_negatives_are_flagged():
    flagged = {text: assess(text).categories for text in NEGATIVES if assess(text)}
    assert len(flagged) <= MAX_FLAGGED_NEGATIVES, flagged


def test_summary(capsys):
    true_pos = sum(1 for text, _ in POSITIVES if assess(text))
    right_category = sum(1 for text, category in POSITIVES if (c := assess(text)) and category in c.categories)
    false_pos = sum(1 for text in NEGATIVES if assess(text))
    recall = true_pos / len(POSITIVES)
    precision = true_pos / (true_pos + false_pos)
    with capsys.disabled():
        print(f"\nsafeguarding table: {len(POSITIVES)} positives, {len(NEGATIVES)} negatives; "
              f"recall {recall:.1%}, precision {precision:.1%}, right category {right_category}/{len(POSITIVES)}, "
              f"negatives flagged {false_pos}")
    assert recall == 1.0


def test_spans_point_into_the_original_text():
    text = "Everything is fine. But HE HITS ME!!! and my step-dad huts me"
    concern = assess(text)
    assert [m.text for m in concern.matches] == ["HE HITS ME", "step-dad huts me"]
    assert all(text[m.start:m.end] == m.text for m in concern.matches)


def test_accents_full_width_and_hidden_characters_are_normalised():
    assert assess("ＨＥ ＨＩＴＳ ＭＥ").categories == ("physical_harm",)
    assert assess("hé hîts mé").categories == ("physical_harm",)
    text = "he h\u200bits me"
    concern = assess(text)
    assert concern.categories == ("physical_harm",)
    assert concern.matches[0].text == "he h\u200bits me"


def test_normalisation_of_text_speak_and_spelling():
    assert normalise("i dont wanna go home coz he hiiiits me").text == \
        "i do not want to go home because he hits me"
    assert normalise("sum1 touchd me, kms").text == "someone touched me . kill myself"
    assert normalise("he'll hurt me; she's scaaared!!").text == "he will hurt me . she is scared"
    assert normalise("Mum's BF").text == "mums boyfriend"


def test_n_slash_a_is_not_applicable_and_n_alone_is_still_and():
    for empty in ("n/a", "N/A", "n / a", "N\\A", "n.a.", "N.A"):
        assert normalise(empty).text == "not applicable", empty
    assert normalise("Comments: n/a. He hits me").text == "comments . not applicable . he hits me"
    assert normalise("me n a friend went").text == "me and a friend went"
    assert assess("n/a he hits me")  # the words after it are read as ever


def test_kms_after_a_number_is_kilometres_and_alone_is_still_kill_myself():
    assert normalise("I ran 5 kms at parkrun").text == "i ran 5 kilometres at parkrun"
    assert normalise("walked a few kms").text == "walked a few kilometres"
    assert assess("did 10 kms on my bike at the weekend") is None
    assert normalise("i might kms tonight").text == "i might kill myself tonight"
    assert assess("i might kms tonight") and assess("ran 5 kms and then i wanna kms")


def test_2_and_4_before_what_they_count_are_numbers():
    assert normalise("my 4 year old").text == "my 4 year old"
    assert normalise("2 men came to the door").text == "2 men came to the door"
    assert normalise("i took 4 pills").text == "i took 4 pills"
    assert normalise("i want 2 die").text == "i want to die"  # still "to" before anything else


def test_a_sentence_ends_a_phrase():
    assert assess("I am scared of spiders. Dad came to the meeting") is None
    assert assess("Was it a good plan? Not sure, I feel safe though") is None
    assert assess("I am scared of spiders and dad") is not None


def test_a_question_about_you_is_read_as_about_the_child():
    assert normalise("Is it normal for your dad to hit you?").text == "is it normal for my dad to hit me"
    assert normalise("is it ok that you feel scared. you are kind").text == "is it ok that i feel scared . you are kind"
    assert assess("is it normal for a stepdad to kick you") is not None
    assert assess("thank you for your help") is None


def test_a_mask_covers_only_its_marked_words():
    # the mask for a knife at scouts marks the knife: harm told in the words before it is still found
    assert assess("at scouts we learnt how to use a pen knife safely") is None
    assert "physical_harm" in assess("at scouts the leader hit me and showed us his pen knife").categories


def test_skipping_rules_by_their_literal_words_changes_no_result(monkeypatch):
    texts = [t for t, _ in POSITIVES] + NEGATIVES + [". ".join(t for t, _ in POSITIVES[i::25]) for i in range(25)]
    fast = [assess(t) for t in texts]
    assert all(rule.cover for rule in safeguarding._RULES)  # else that rule runs on every text: slower, still right
    monkeypatch.setattr(safeguarding, "_candidates", lambda index, present: list(index.every))
    assert [assess(t) for t in texts] == fast


def test_key_words_found_in_one_pass_are_every_key_word_in_the_text():
    texts = [t for t, _ in POSITIVES] + NEGATIVES + ["bedroom bed", "hitting", "she sells", "x"]
    for text in texts:
        norm = normalise(text).text
        assert safeguarding._present(norm) == {word for word in safeguarding._KEY_WORDS if word in norm}, text


def test_nothing_to_assess():
    assert assess("") is None
    assert assess("   ") is None
    assert assess("!!! :) 👍") is None


def test_several_categories_in_one_answer():
    concern = assess("he hits my mum and i want to run away")
    assert concern.categories == ("running_away", "domestic_abuse")


def test_assess_answers_looks_only_at_free_text_questions():
    answers = {
        "happy": ["yes"],
        "anything_else": ["The meeting was fine.", "he hits me"],
        "ideas": ["more snacks"],
        "hidden_choice": ["hit me"],
    }
    concern = assess_answers(answers, ["anything_else", "ideas", "not_answered"])
    assert isinstance(concern, Concern)
    assert concern.categories == ("physical_harm",)
    [match] = concern.matches
    assert (match.question_id, match.position, match.text) == ("anything_else", 1, "he hits me")
    assert assess_answers({"ideas": ["more snacks"]}, ["ideas"]) is None


def test_a_spelling_given_twice_is_refused():
    from feedback_app.safeguarding import _pairs

    assert _pairs("wen=when cnt=can_not") == {"wen": "when", "cnt": "can not"}
    with pytest.raises(ValueError, match="wen"):
        _pairs("wen=when thay=they wen=went")
