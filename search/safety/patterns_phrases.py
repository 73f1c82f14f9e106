"""Phrases the crisis pattern tables share, written once: someone's own self, the people close to
them, wanting to, pills and how many, and what marks a danger as past ("years ago", "hace anos").
"""

# Someone's own self, as people type it.
SELF = r"(?:my ?self|meself|myslef|mysef|myslf|mself)"
# People close to someone, who may be hurt or may hurt them.
PERSON = (
    r"(?:wife|husband|hubby|boyfriend|bf|girlfriend|gf|partner|fiance|fiancee|ex|boss|coworker|co worker|"
    r"mom|mother|dad|father|stepdad|stepfather|stepmom|son|daughter|kid|kids|child|children|baby|brother|"
    r"sister|roommate|neighbor|neighbour|family|uncle|aunt|cousin|grandpa|grandma|teacher|landlord)"
)
WANT = r"(?:want|wanna|wants|wanted|going|gonna|ready|plan|planning|planned|decided|trying|try|tried)"
# "I attempted suicide years ago, can I join?" asks about the past: a topic, not a crisis now.
NOT_LONG_AGO = (
    r"\b(?! (?:\w+ )?(?:\w+ )?(?:years?|months?) ago| in (?:college|high school|the past|my past|\d+)| last year|"
    r" as a (?:teen|kid|child)| when i was| hace (?:\w+ )?(?:ano|anos|mes|meses|tiempo|mucho)| el ano pasado| de joven)"
)
PILLS = (
    r"(?:pills?|pils|tablets|meds|medication|medications|medicine|xanax|tylenol|advil|percocet|percs|oxy\w*|"
    r"fentanyl|fent|opioids|painkillers|sleeping pills|benzos|lithium|seroquel|insulin)"
)
TOO_MUCH = (
    r"(?:(?:way )?too (?:many|much)|a (?:bunch|lot|ton|handful|bottle|box|pack|whole bottle|whole box) of|"
    r"all (?:of )?(?:my|the|his|her|their|them|those)|the whole (?:bottle|pack|box)|an entire (?:bottle|box)|"
    r"a handful|a bottle|a bunch|\d+)"
)
