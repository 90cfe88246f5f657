"""Sentence templates for RHI notes, in practitioners' words.

Slots are filled by :mod:`~rhigraph.scenario.notes` (``{Name}``, ``{he}``, ``{adult}``,
``{house_flat}``...); ``[[CODE:...]]`` marks indicator spans (``[[!CODE:...]]`` negated) using
the FORMATS.md section 5 codes. TRANSPORTED is only used where someone else took the child.
Several wordings per fact keep a corpus of thousands of notes from collapsing into a handful
of strings an extractor could memorise.
"""

from __future__ import annotations

GIFTS = ("new Nike trainers", "a vape", "a new phone case", "a North Face coat", "a new phone",
         "new clothes", "a Gucci belt")  # fmt: skip
TOPICS = ("coming in on time", "phone use at night", "school", "seeing friends", "money",
          "the Xbox", "chores")  # fmt: skip

REASON_FRIENDS = (
    "{Name} said {he} just wanted to be out with {his} mates.",
    '{Name} said {he} "lost track of time" and {his} phone died.',
    "{Name} said {he} was bored and wanted to see {his} friends.",
    '{Name} said {he} "just went out" and did not think anyone would report {him} missing.',
)
REASON_STAFF = (
    '{Name} said {he} was "bored of the house" and had argued with staff about handing {his} '
    "phone in at night.",
    '{Name} said staff "treat me like a baby" and {he} wanted to see {his} mates.',
    "{Name} had fallen out with another young person at {home} and walked out.",
)
REASON_FOSTER = (
    "{Name} said {he} had fallen out with {kw} about {topic}.",
    '{Name} said {he} "needed some space" after a row with {his} foster carer about {topic}.',
)
REASON_FAMILY = (
    "[[FAMILY_CONFLICT:{Name} had an argument with {his} mum about {topic}]] and walked out.",
    "{Name} said {he} left after [[FAMILY_CONFLICT:a row at home about {topic}]].",
    '[[FAMILY_CONFLICT:{Name} and {his} mum had been arguing all week]] and {he} "had enough".',
)
REASON_MISSES_FAMILY = (
    "{Name} said {he} misses {his} mum and {his} brothers and wanted to see them.",
    '{Name} said {he} "hates it here" and wanted to go back to where {his} family live.',
)
REASON_LOW_MOOD = (
    '[[MENTAL_HEALTH:{Name} said {he} has been feeling really low]] and "just needed to get out".',
    "[[MENTAL_HEALTH:{Name} said {he} hasn't been sleeping and feels anxious all the time]].",
)
REASON_PULLED_F = (
    "{Name} said {he} went because [[ONLINE_CONTACT:{adult} messaged {him}]] and asked {him} to "
    "come out.",
    '{Name} said {he} was going to see {adult}, who {he} calls {his} "boyfriend".',
    '{Name} said {adult} told {him} to come and meet {ahim} and {he} "couldn\'t say no".',
)
REASON_PULLED_M = (
    '{Name} said {he} went because {adult} rang {him} and said there was "work".',
    '{Name} would only say {he} was "out with {adult}" and "just chilling".',
    '{Name} said {adult} told {him} to come out and {he} "had to go".',
)
FROM_SCHOOL = (
    "{Name} did not come home from {school} at the end of the day.",
    "{Name} left {school} at lunchtime and did not go back.",
)
OPEN_WITH_PEER = (
    "{Name} left {home} at about {time} with {peer} and they walked into town.",
    "{Name} went out with {peer} after tea.",
    '{Name} said {he} was with {peer} "the whole time".',
    "{Name} met up with {peer} at about {time}.",
)
SECOND_PEER = (
    "{peer2} was with them for some of the night.",
    "They were joined later by {peer2}.",
)
OPEN_ALONE = (
    "{Name} said {he} went out on {his} own at about {time}.",
    "{Name} left {home} at about {time} without telling anyone where {he} was going.",
)
PLACES_ONE = (
    "{they} spent some time in {place}.",
    "{they} hung around {place} for a few hours.",
    "{they} {were} at {place} for most of the evening.",
)
PLACES_TWO = (
    "{they} went to {place} and then {place2}.",
    "{they} {were} at {place} and later at {place2}.",
)
ADULT_INTRO = (
    '{Name} described {adult} as "{aage}, {ahe}\'s sound".',
    '[[OLDER_ADULTS:{adult} is an older male]] - {Name} thinks "{aage}".',
    "{Name} calls {ahim} {adult} and would not give a surname or a number.",
    "[[OLDER_ADULTS:{Name} was with {adult}, who is {aage}]].",
)
HOUSE_WITH_ADULT = (
    "Later {they_lc} went to {adult_lc}'s {house_flat}.",
    "{they} then went to {adult}'s place, a {house_flat}.",
    "{they} ended up at the {house_named}, where {adult} lets people stay.",
)
HOUSE_NO_ADULT = (
    'Later {they_lc} went to a {house_flat} where [[OLDER_ADULTS:"older lads" hang about]].',
    "{they} ended up at a {house_flat}; {Name} would not say whose it is.",
    '{Name} said {he} stayed at a {house_flat} ("a mate\'s").',
)
HOUSE_CSE = (
    "[[OLDER_ADULTS:There were {n} older lads there {Name} didn't know]]. "
    "[[ALCOHOL:They drank vodka]] and [[DRUGS:smoked weed]].",
    "[[CSE:{Name} said {he} slept in a bed with another girl and one of the older lads]].",
    "[[ALCOHOL,DRUGS:{Name} was given vodka and cannabis at the flat]].",
)
HOUSE_CCE = (
    '[[CCE:{Name} took a bag up to the door]] and said {he} "didn\'t ask" what was in it.',
    '[[CCE,DRUGS:{Name} said {he} was "holding" at the flat]] for a couple of hours.',
    "[[OLDER_ADULTS:There were {n} older lads there {Name} didn't know]] and "
    "[[DRUGS:{he} smoked weed]].",
)
HOUSE_ADDRESS = (
    '{He} later let slip that the flat is {house_addr}, then said "I never said that".',
    "Police have since confirmed the address as {house_addr}.",
    "The flat is {house_addr} (per {staff}).",
)
ADULT_GIFTS = (
    "[[GIFTS_MONEY:{adult_lc} gave {them} {amount} for the bus]].",
    "[[GIFTS_MONEY:{adult} bought {him} {gift}]].",
    "[[GIFTS_MONEY:{Name} has {gift} and says {adult} got it for {him}]].",
)
ADULT_COERCION = (
    '[[COERCION_CONTROL:{Name} said {he} now "owes" {adult}]].',
    "[[COERCION_CONTROL:{adult} took {his} phone off {him} so {he} could not ring anyone]].",
    '[[COERCION_CONTROL:{Name} said {adult} "goes mad" if {he} does not answer]].',
)
CAR_FULL = (
    "Staff saw {Name} [[TRANSPORTED:get into the front passenger seat of a {car}]] outside "
    "{home} at about {time}.",
    "[[TRANSPORTED:{driver} picked {him} up]] in a {car} (the registration was written down "
    "by {staff}).",
)
CAR_PARTIAL = (
    "[[TRANSPORTED:{driver} picked {him} up]] outside the shops in a {car} {he} thinks, but "
    '{he} "didn\'t look properly".',
    "[[TRANSPORTED:{Name} got picked up by {driver}]] in a {car}.",
)
CAR_VAGUE = (
    "{Name} said [[TRANSPORTED:{driver} drove them about]] in a {car}.",
    "[[TRANSPORTED:{driver} collected {him}]] in a {car} from near {home}.",
)
DRIVER_WITH_ADULT = (
    '{driver} is "{adult}\'s mate" and [[TRANSPORTED:"takes {him} places"]].',
    "{Name} said {driver} drives for {adult}.",
)
DRIVER_ALONE = (
    '{Name} described {driver} as "{dage}, beard, dead calm".',
    '[[OLDER_ADULTS:{driver} is {dage}]] and {Name} has him saved as "{driver_saved}".',
)
DESTINATION = (
    "[[TRANSPORTED:They drove to {dest}]] and {Name} waited in the car.",
    "[[TRANSPORTED,CCE:{Name} was taken to {dest} and told to wait at a house]].",
)
PHONE_WITH_ADULT = (
    '{adult} rings {him} from {phone} and [[COERCION_CONTROL:{he} has to answer "straight away"]].',
    '{Name} has {phone} saved as "{adult}".',
    "{adult}'s number is {phone} ({Name} showed me).",
)
PHONE_ALONE = (
    '{Name} showed me a text from {phone}, a number {he} does not know: [[CCE:"u want to make '
    'easy money?"]]',
    "Staff have seen lots of missed calls on {his} phone from {phone}.",
    "{his} phone shows calls from {phone} late at night.",
)
HANDLE_WITH_ADULT = (
    "[[ONLINE_CONTACT:{Name} met {adult} on {platform}]] - {ahis} account is {handle_at}.",
    "[[ONLINE_CONTACT:{adult} messages {him} on {platform_slang}]] ({handle}).",
)
HANDLE_ALONE = (
    "[[ONLINE_CONTACT:Someone on {platform_slang} called {handle} has been messaging {him}]] "
    "since {month}.",
    "[[ONLINE_CONTACT:{Name} was added on {platform} by {handle_at}]] and has been talking to "
    "them.",
)
HOTEL_WITH_ADULT = (
    "[[HOTEL:{adult} booked a room at the {hotel_in}]] and {Name} stayed there.",
    "[[HOTEL:They ended up at the {hotel}]] with {adult} and some of {ahis} mates.",
)
HOTEL_ALONE = (
    '[[HOTEL:They ended up at a hotel "near the motorway"]], which police later confirmed was '
    "the {hotel}.",
    "[[HOTEL:{Name} stayed the night at the {hotel_in}]]; {he} did not know who paid for the room.",
)

CODES_BY_KIND: dict[str, set[str]] = {
    "adult": {"OLDER_ADULTS", "GIFTS_MONEY", "COERCION_CONTROL", "CSE", "CCE"},
    "house": {"OLDER_ADULTS", "ALCOHOL", "DRUGS", "CSE", "CCE"},
    "hotel": {"HOTEL", "CSE"},
    "vehicle": {"TRANSPORTED"},
    "driver": {"TRANSPORTED", "OLDER_ADULTS"},
    "phone": {"COERCION_CONTROL", "CCE"},
    "handle": {"ONLINE_CONTACT"},
}

NEGATIONS: dict[str, tuple[str, ...]] = {
    "CSE": (
        "[[!CSE:{Name} denied that anyone had asked {him} for pictures or for sex]].",
        "[[!CSE:No concerns re CSE]] from what {Name} said.",
    ),
    "DRUGS": (
        "[[!DRUGS:{He} denied being offered drugs]].",
        "[[!DRUGS:{Name} denied taking anything]].",
    ),
    "ALCOHOL": ("[[!ALCOHOL:{He} said {he} had not been drinking]].",),
    "WEAPONS": ("[[!WEAPONS:{Name} denied carrying a knife or any other weapon]].",),
    "VIOLENCE": ("[[!VIOLENCE:{He} said nobody has hurt {him}]].",),
    "ONLINE_CONTACT": ("[[!ONLINE_CONTACT:{He} has not been talking to anyone new online]].",),
    "OLDER_ADULTS": ("[[!OLDER_ADULTS:No older peers or adults identified]].",),
    "CCE": ("[[!CCE:{He} denied being asked to carry or sell anything]].",),
}

THIRD_PARTY_STAFF = (
    "Night staff ({staff}) said {Name} came back [[DRUGS:smelling strongly of cannabis]].",
    "{kw} (key worker) said {Name} has [[GIFTS_MONEY:new clothes staff have not bought]].",
)
THIRD_PARTY_STAFF_CAR = (
    "{staff} (night staff) saw {Name} get into a {car_vague} on {street} earlier in the week.",
    "Staff report the same {car_vague} has been parked near {home} on several evenings.",
)
THIRD_PARTY_FOSTER = (
    "Foster carer {kw} said {Name} has [[GIFTS_MONEY:a new phone case and nails done that {he} "
    "can't account for]].",
    "{kw} (foster carer) said {Name} came in [[DRUGS:smelling of cannabis]] and went straight "
    "to bed.",
)
THIRD_PARTY_FAMILY = (
    'Mum ({mum}) said {Name} has been "different" since {month}, [[GIFTS_MONEY:with money she '
    "can't account for]].",
    "Mum ({mum}) is worried and says {Name} is [[MENTAL_HEALTH:not sleeping]] and always on "
    "{his} phone.",
)
THIRD_PARTY_NIL_STAFF = (
    "Staff said {Name} was in a good mood when {he} came back and there are no concerns.",
    "{kw} (key worker) has no concerns about who {Name} was with.",
)
THIRD_PARTY_NIL_FAMILY = (
    'Mum ({mum}) said {he} was "just being a teenager" and has no concerns.',
    "Mum ({mum}) knows the friends {he} was with and is not worried about them.",
)
FOUND_OWN_ACCORD = (
    "{He} came back of {his} own accord at about {time_back}.",
    "{He} walked back in at {time_back}.",
    "{Name} made {his} own way back the next morning.",
)
FOUND_COLLECTED = (
    "{Name} was collected from {found} by {collector} ({collector_job}). No concerns about this "
    "- {collector_first} had been asked to go and get {him}.",
    "{collector} ({collector_job}) picked {him} up from {found} at about {time_back}.",
)
FOUND_FLAT = (
    "Police found {him} at {found} after a call from a neighbour.",
    "{He} was found by police at {found} at about {time_back}.",
    "{pc} found {him} at {found} and brought {him} back.",
)
FOUND_HOTEL = (
    "[[HOTEL:Police found {him} at {found}]] at about {time_back}.",
    "[[HOTEL:{He} was found at {found} by police]].",
    "[[HOTEL:{pc} found {him} at {found}]] at about {time_back} and brought {him} back.",
)
FOUND_POLICE = (
    "Police found {him} at {found} at about {time_back}.",
    "{He} was found at {found} by police.",
    "{pc} found {him} at {found} at about {time_back} and brought {him} back.",
)

RISK_PHRASES: tuple[tuple[str, str], ...] = (
    ("OLDER_ADULTS", "[[OLDER_ADULTS:association with older males]]"),
    ("DRUGS", "[[ALCOHOL,DRUGS:alcohol and cannabis use]]"),
    ("TRANSPORTED", "[[TRANSPORTED:being picked up and driven about by adults]]"),
    ("ONLINE_CONTACT", "[[ONLINE_CONTACT:online contact from adults {he} does not know]]"),
    ("HOTEL", "[[HOTEL:staying in a hotel with adults]]"),
    ("COERCION_CONTROL", "[[COERCION_CONTROL:a possible debt]]"),
    ("REPEAT", "repeat missing episodes"),
)
RISK_OVERNIGHT = "overnight stay at an address not known to {carers}"
PROTECTIVE = (
    "good relationship with {kw}",
    "attending school most days",
    "{sw} visits regularly",
    "{he} is still talking to me",
    "{he} plays for a junior football team",
)
COMMENTS_NIL = (
    '"I just wanted to see my mates."',
    '"I didn\'t think anyone would ring the police."',
    "\"I'm fine, honestly. I won't do it again.\"",
)
COMMENTS_CONCERN = (
    "\"{adult}'s not like that, {ahe}'s just a mate. Everyone goes there.\"",
    "\"I'm not telling you where it is cos you'll get it raided.\"",
    '"Stop asking me about {adult}."',
    '"You don\'t know {ahim}, {ahe} looks after me."',
)
REASON_TEXT = {
    "friends": "wanting to be out with friends",
    "conflict": "conflict at home over boundaries",
    "low_mood": "low mood",
    "family": "wanting to see family",
    "pulled": "being asked out by friends",
}
#: The indicator a nil return's stated reason is (the sample's "family conflict over contact").
REASON_CODES = {"conflict": "FAMILY_CONFLICT", "low_mood": "MENTAL_HEALTH"}
REFLECTION_NIL = (
    "Nil return - [[!CSE,CCE:no exploitation concerns]]. The episode was about {reason_text}.",
    "[[!CSE,CCE:No indicators of exploitation]]. Episode linked to {reason_text}.",
)
REFLECTION_CSE_HOUSE = (
    "{Name} was open about some of it but closed down when asked about {adult}. "
    "[[OLDER_ADULTS,CSE:An adult giving [[ALCOHOL,DRUGS:alcohol, drugs]] and somewhere to stay "
    "to a {age}-year-old is a clear CSE risk]] and fits a grooming pattern.",
)
REFLECTION_CSE = (
    "[[CSE:An older adult presenting as a friend or boyfriend and giving gifts - strong CSE "
    "concern]].",
    "{Name} was guarded about {adult}. [[CSE:Gifts, secrecy and an older adult fit a grooming "
    "pattern]].",
)
REFLECTION_CCE = (
    "[[CCE:Clear indicators of criminal exploitation]] - an adult arranging travel, a "
    '"work" phone, rewards and [[COERCION_CONTROL:now a debt]].',
    "[[CCE:This looks like grooming for criminal exploitation]]: [[TRANSPORTED:being driven "
    'about by an adult]] and rewards for "helping".',
)
REFLECTION_GENERIC = (
    "This is a serious escalation and fits a pattern of exploitation; information to be shared "
    "with police.",
)
ACTIONS_NIL = ("No further action by MFH.", "NFA - close.")
ACTIONS_NIL_2 = (
    "Signpost to Early Help if there are further episodes.",
    "Agreed with {Name} that {he} will text {carers} if {he} is staying out.",
)
ACTION_ISF_ADULT_HOUSE = (
    "Share intelligence about {adult} and the {house_named} with {gmp} on an information "
    "sharing form.",
    "ISF to {gmp} re {adult} and {house_addr}.",
)
ACTION_ISF_ADULT = ("ISF to {gmp} re {adult}.", "Share what is known about {adult} with {gmp}.")
ACTION_ISF_PHONE = ("ISF to {gmp} re the number {phone}.",)
ACTION_ISF_GENERIC = ("ISF to {gmp}.", "Share information with {gmp} on an ISF.")
ACTION_REFER = ("Refer to {cst}.", "Discuss at MACE; referral to {cst}.")
ACTION_SW = ("{sw} to request a strategy discussion.", "Inform {sw} today.")
ACTION_SAFETY = (
    "Key worker to review the safety plan (phone, night-time, who {he} is with).",
    "Update the return home plan with {carers}.",
)
MANAGER_NIL = ("Agree NFA. {manager_short}", "Noted, no further action. {manager}")
MANAGER_CONCERN = (
    "Agreed. ISF to be submitted today; strategy discussion requested. {manager}, Team Manager",
    "Agreed. {manager_short}",
)
