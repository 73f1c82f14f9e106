"""Precise patterns for signs of risk, in English and Spanish, on text made plain by `plain_text`.

Patterns find what people type when they are in danger now: intent ("kill myself", "me quiero
morir"), something that has happened ("took all my pills", "me violaron"), or someone else in
danger ("won't wake up"). Words that only name a topic ("suicide screening policy") are in
TOPIC_PATTERNS instead: those questions are answered, with the 988 line beside them. Whatever
the patterns miss, the similarity check in crisis.py still gets to see; so they favour precision
on everyday idioms ("this wait is killing me", "me muero de hambre") and leave indirect
phrasings to it as well as covering the common ones here.

All patterns are matched against lower-case text without accents, apostrophes or punctuation,
with digits used as letters read as letters ("su1c1de" -> "suicide").
"""

from __future__ import annotations

import re
import unicodedata

# Someone's own self, as people type it.
_SELF = r"(?:my ?self|meself|myslef|mysef|myslf|mself)"
# People close to someone, who may be hurt or may hurt them.
_PERSON = (
    r"(?:wife|husband|hubby|boyfriend|bf|girlfriend|gf|partner|fiance|fiancee|ex|boss|coworker|co worker|"
    r"mom|mother|dad|father|stepdad|stepfather|stepmom|son|daughter|kid|kids|child|children|baby|brother|"
    r"sister|roommate|neighbor|neighbour|family|uncle|aunt|cousin|grandpa|grandma|teacher|landlord)"
)
_WANT = r"(?:want|wanna|wants|wanted|going|gonna|ready|plan|planning|planned|decided|trying|try|tried)"
# "I attempted suicide years ago, can I join?" asks about the past: a topic, not a crisis now.
_NOT_LONG_AGO = (
    r"\b(?! (?:\w+ )?(?:\w+ )?(?:years?|months?) ago| in (?:college|high school|the past|my past|\d+)| last year|"
    r" as a (?:teen|kid|child)| when i was| hace (?:\w+ )?(?:ano|anos|mes|meses|tiempo|mucho)| el ano pasado| de joven)"
)
_PILLS = (
    r"(?:pills?|pils|tablets|meds|medication|medications|medicine|xanax|tylenol|advil|percocet|percs|oxy\w*|"
    r"fentanyl|fent|opioids|painkillers|sleeping pills|benzos|lithium|seroquel|insulin)"
)
_TOO_MUCH = (
    r"(?:(?:way )?too (?:many|much)|a (?:bunch|lot|ton|handful|bottle|box|pack|whole bottle|whole box) of|"
    r"all (?:of )?(?:my|the|his|her|their|them|those)|the whole (?:bottle|pack|box)|an entire (?:bottle|box)|"
    r"a handful|a bottle|a bunch|\d+)"
)

CRISIS_PATTERNS: dict[str, tuple[str, ...]] = {
    "suicide": (
        # English: direct intent.
        rf"\b(?:kil+|kil+ing|kil+ed|kils|end|ending|off|offing|unalive|unaliving|hang|hanging|hung|shoot|shooting|"
        rf"drown|drowning|poison|poisoning|suffocate|suffocating) ?{_SELF}\b",
        r"(?<!\d )\b(?:kms|kmsl|ctb|unalive|unaliving|sewer ?slide|self ?delete|self ?deleting|catch the bus)\b",
        r"\b(?:take|taking|took|end|ending|ended) (?:my|his|her|their) (?:own )?life\b",
        r"\bend (?:it all|everything|my life)\b|\bend it\b(?! with)",
        r"\b(?:commit|commiting|committing|comit|attempt|attempted|attempting|considering|thinking (?:about|of)|"
        r"thoughts of|plan\w*|going to|gonna|want to|wanna|do) (?:\w+ )?(?:suicid\w*|sucid\w*|suicd\w*|suiside|"
        r"sucide|suiside|suicde|soocide)\b" + _NOT_LONG_AGO,
        r"\b(?:im|i am|iam|feel|feeling|felt|been|getting|so|really|very|hes|shes|is|are|being|got) "
        r"(?:so |really |very |kind of |kinda |pretty )?(?:suicidal|suicidial|sucidal|suicdal|suisidal)\b",
        r"\b(?:having|have|getting|get|been having|keep having) (?:\w+ )?suicidal (?:thoughts|ideation|urges|"
        r"feelings)\b" + _NOT_LONG_AGO,
        rf"\b(?:i|i really|i just|ive|i still|i kind of|i kinda|sometimes i|part of me|he|she|they|my {_PERSON}) ?"
        rf"(?:{_WANT} to|wanna|wish to|would like to|need to|deserve to|should|hope to|want him to|want her to) "
        r"(?:just )?(?:die|dye|be dead|not exist|stop existing|not be alive|not be here|disappear forever|"
        r"sleep forever)\b",
        r"\b(?:wish|wishing|hope) (?:i|that i|id) (?:was|were|would be|could be|d be|had been|could|would|never) "
        r"(?:just )?(?:dead|die|gone|not here|never born|disappear|wake up|fall asleep forever|been born)\b",
        r"\b(?:better off|rather be|be better) (?:dead|without me|if i (?:was|were|wasnt|werent) (?:dead|gone|here|"
        r"around|alive))\b",
        r"\b(?:dont|do not|dnt|didnt) (?:want|wanna|wish) (?:to )?(?:live|be alive|b alive|exist|wake up|be here|b here|go on|"
        r"keep living|keep going|survive)\b",
        r"\b(?:no|dont have a|not a single|nothing|no more) (?:reason|point|purpose) (?:to|in|of) (?:live|living|"
        r"being alive|life|going on|stay|staying|be here)\b|\bnothing (?:left )?to live for\b",
        r"\b(?:life|living|my life) (?:is|isnt|aint|is not|feels) (?:not )?(?:worth|pointless|meaningless)"
        r"(?: living| it)?\b",
        r"\bnot worth (?:living|it anymore|being alive)\b|\bwhats the point (?:of|in) (?:living|life|going on)\b",
        r"\b(?:goodbye|good bye|farewell|suicide) (?:letter|letters|note|notes|message|messages|video)\b",
        r"\bgiv(?:e|ing|en) away (?:all )?(?:my|of my) (?:stuff|things|belongings|possessions|pets|cat|dog)\b",
        r"\b(?:cant|can not|cannot|dont want to) (?:go on|keep going|do this|take it|take this|live like this|"
        r"handle (?:it|this|life)) ?(?:anymore|any more|no more|much longer|forever)\b",
        r"\bcant go on\s*$|\bno way out\b|\bwant (?:it|this|everything|the pain) (?:all )?to (?:end|stop)\b",
        r"\b(?:never|not) (?:wake|waking) up\b(?! (?:early|on time|in time|for))|\bgo to sleep (?:and|forever)\b",
        r"\b(?:overdose|od|jump|jumping|jumped) (?:off|from|in front of) (?:a |the |my )?(?:bridge|building|roof|"
        r"train|car|truck|balcony|cliff|window|parking garage)\b",
        r"\b(?:jump|step|walk|throw (?:myself|my self)) in front of (?:a |the )?(?:train|bus|car|truck|traffic)\b",
        r"\b(?:gun|rope|noose|pills|blade|razor) (?:to|for) (?:end|kill|use on) (?:it|myself|my self|my life)\b",
        r"\bloaded (?:gun|pistol)\b.*\b(?:myself|my head|end it)\b|\bgun to my head\b",
        r"\b(?:hang|hanged|hanging|shoot|shooting|shot|kill|killing|killed|poison|poisoned|off|offed|drown|end|ending) "
        r"(?:him ?self|her ?self|them ?selves|themself)\b",
        r"\b(?:my|having|have|with|got|getting) (?:sui|suicide|suicidal) ideation\b|\b(?:sui|suicide|suicidal) ideation "
        r"(?:really|so|bad|today|tonight|again|right now|every|is (?:bad|worse|back))\b|\bscared of (?:myself|my self|what i might do)\b",
        r"\bsuicidal\b(?= *$| (?:right now|now|tonight|today|again|af|help|and i|with a plan))",
        r"^(?:im )?(?:suicidal|suicide|overdose|overdosed|overdosing|self ?harm|self ?harming|sh|kms|od|odd|od d|dv|"
        r"raped)(?: help| now| right now| tonight| please| need help)*$",
        r"\b(?:want|wanna|wanting|wish|ready|deserve|desire|longing|tired of trying not) (?:to )?(?:just )?die\b",
        r"\b(?:a|such a) burden (?:to|on|for) (?:everyone|everybody|my family|them|you all|people|my \w+)\b",
        r"\b(?:nobody|no one|noone) (?:would|will|is going to|gonna|even) (?:miss|notice|care)\b|"
        r"\bnobody cares if i (?:live|die)\b",
        r"\b(?:wrote|written|writing|left) my (?:note|letter)\b|\bletters? to my (?:kids|children|family|parents|wife|"
        r"husband) in case\b|\bin case i dont make it\b|\bdont make it through the night\b",
        r"\b(?:standing|sitting|up) on (?:the|a) (?:bridge|ledge|roof|edge)\b",
        r"\b(?:gun|rope|knife|blade|razor)\b.*\b(?:on myself|use it on|using it on|in my hand)\b|"
        r"\bpills lined up\b|\bhave the means\b",
        r"\b(?:painless|easiest|quickest|best|quick) way to (?:die|kill|end)\b|\bways to (?:die|kill myself|end it)\b|"
        r"\bhow (?:many|much) (?:\w+ )?(?:would it take|to die|does it take to)\b|\bhow to (?:kill|hang|off) (?:my|him|her)"
        r" ?self\b",
        r"\b(?:done|tired|sick|exhausted) (?:with|of) (?:life|living|being alive|existing)\b",
        r"\bending it (?:all|tonight|today|now)\b|\bfeel like ending\b|\bwant my life to (?:be over|end|stop)\b",
        r"\b(?:wont|will not|not going to|not gonna|not) (?:be )?(?:around|here|alive) (?:much longer|for long|next week|"
        r"tomorrow|by morning|anymore|any more)\b|\bnot sure (?:ill|i will|i ll) (?:still )?be (?:here|around|alive)\b|"
        r"\bwont be here by\b|\bdont think (?:ill|i will|i ll) (?:still )?(?:be around|be here|be alive|make it|last)\b|\bwont make it (?:through|past) (?:the night|tonight|today)\b",
        r"\b(?:cant|can not|cannot|unable to) keep (?:myself|my self|me) safe\b|\bdo something to (?:myself|my self)\b",
        r"\b(?:suicide|suicidal) (?:thoughts|thinking|urges|ideation)\b(?= (?:every|again|with|and|getting|right now|now|"
        r"tonight|today))",
        r"\bneed (?:a |the )?(?:suicide|crisis) (?:hotline|line)\b",
        r"\b(?:survived|made) an attempt (?:last|this|yesterday|earlier|a few days)\b|\bscared (?:ill|i will|i ll|i might)"
        r" try again\b",
        r"\b(?:cant|can not|cannot) go on living\b|\bcant go on (?:and|like)\b",
        r"\b(?:gave|giving|given) away (?:his|her|their|my) (?:dog|cat|pets|things|stuff|belongings)\b",
        r"\b(?:disappear|vanish|be gone) (?:permanently|forever)\b|\bcheck(?:ing)? out permanently\b|\bsleep forever\b",
        r"\b(?:cant stop|keep) thinking about (?:dying|death|being dead|killing myself|ending)\b|\bonly way out\b",
        r"\b(?:drive|driving|drove|crash|crashing) (?:my|the) car (?:off|into)\b",
        r"\btell everyone (?:im|i am) sorry\b|\bsaid goodbye to (?:my family|everyone|everybody)\b|"
        r"\b(?:shes|hes|she is|he is|and) saying goodbye\b",
        r"\bwhats the point (?:anymore|of anything|of it all)\b|\bready to die\b",
        r"\b(?:cant|can not|cannot|dont think i can|not sure i can|dont know if i can|dont know if ill) (?:make it|last|hold on|survive) (?:through |until |till |to )?(?:the night|tonight|monday|tomorrow|the weekend|morning)\b",
        r"\b(?:wont|will not|not) be alive (?:by|for|when|at)\b|\b(?:looking up|searching|researching|googling) (?:ways|how) to (?:do it|die|end it|kill)\b",
        r"\b(?:si|suicidal ideation) (?:with |w |and )?(?:a )?(?:plan|intent)\b|\b(?:plan and intent|intent and plan)\b",
        r"\b(?:thinking|thought|thinkin) (?:about|abt|of) ending (?:things|it|it all|everything|my life)\b",
        r"\b(?:sitting|sit) in the car in the garage\b|\bnot come back (?:inside|home)\b.*\b(?:easier|better)\b",
        r"\beasier if i (?:just )?(?:wasnt|werent|was not|were not) (?:here|around|alive)\b|\b(?:might|going to|gonna|will) actually do it\b",
        r"\bbetter off with (?:my|his|her|their) life insurance\b|\b(?:has|have|got) the means\b",
        r"\b(?:intends?|intending|plans?|planning) to (?:use (?:them|it) tonight|do it tonight|end it|kill (?:him|her|my|them)self)\b",
        # Spanish.
        r"\b(?:matarme|suicidarme|suicidarse|matarse|ahorcarme|colgarme|envenenarme|tirarme|aventarme|"
        r"quitarme la vida|quitarse la vida|me (?:voy a|quiero) (?:matar|suicidar|morir|ahorcar|colgar))\b"
        + _NOT_LONG_AGO,
        r"\bme (?:mato|suicido)\b(?= *$| (?:hoy|ya|ahora|esta noche|manana|si|porque|de una vez|en serio))|\b(?:ya|hoy|mejor) me mato\b",
        r"\bme (?:quiero|kiero|kero) (?:morir|muerir|matar)\b",
        r"\b(?:quiero|quisiera|kiero|kisiera|deseo|ojala|tengo ganas de|ganas de|pienso en|pensando en|prefiero) "
        r"(?:\w+ )?(?:morir|morirme|estar muerto|estar muerta|desaparecer para siempre|dejar de existir|no existir|"
        r"no despertar|dormir para siempre|matarme|suicidarme|quitarme la vida)\b",
        r"\b(?:no|ya no) (?:quiero|kiero|deseo|tengo ganas de) (?:seguir )?(?:vivir|viviendo|existir|despertar|"
        r"estar aqui|estar viv[oa]|seguir aqui|seguir)\b",
        r"\b(?:estarian|estarias|estaria|estan|vivirian) mejor sin mi\b|\bmejor (?:estar )?muert[oa]\b",
        r"\b(?:acabar|terminar|termine|acabe) con (?:todo|mi vida|esto|mi existencia)\b",
        r"\b(?:no aguanto|ya no aguanto|no puedo) (?:mas|ya)\b(?! (?:el|la|los|las) )|\bno (?:le )?veo (?:sentido|"
        r"salida) a (?:la vida|mi vida|vivir|nada)\b|\bno tengo (?:razon|razones|motivos?) para vivir\b",
        r"\bcarta(?:s)? de despedida\b|\b(?:regalando|regale) (?:todas )?mis cosas\b",
        r"\bsuicid\w* (?:is |keeps |keep )?(?:on|in|crossing|coming to) my mind\b",
        r"\bsuicid\w* (?:ahora|hoy|esta noche)\b",
        r"\b(?:intente|intento|pienso en el|pensamientos de|tengo pensamientos) suicid\w*" + _NOT_LONG_AGO,
        r"\bquitar(?:me|se|le)? la vida\b|\bse (?:quiere|va a) (?:\w+ )?(?:matar|morir|suicidar)\b",
        r"\b(?:ya )?no vale la pena (?:vivir|seguir)\b|\b(?:cansad[oa]|hart[oa]) de (?:vivir|la vida)\b|"
        r"\bpara que (?:sigo|seguir) viviendo\b",
        r"\bojala (?:estuviera muert[oa]|me muer\w*|no despert\w*)\b|\bdormir y no despertar\b",
        r"\bsoy una carga\b|\bnadie me (?:extranaria|va a extranar)\b|\bquerer morir\w*\b|\bmejor me muero\b",
        r"\bpastillas (?:se necesitan )?para morir\b|\bya no va a estar\b|\bse despidio de todos\b",
        r"\b(?:puente|techo|azotea|edificio)\b.*\bsaltar\b|\bpistola\b.*\bcontra mi\b",
        r"\bsobrevivi un intento\b|\bmiedo de volver a intentarlo\b|\bno puedo mantenerme a salvo\b",
        r"\bpensando en (?:el )?suicid\w*\b",
        r"\b(?:me despedi|ya me despedi|se despidio) de (?:mi familia|todos|mis hijos)\b|\b(?:mi|es mi|esta es mi) ultima noche\b",
        r"\bme despido de (?:ustedes|todos|ti|todas)\b|\bno hay vuelta atras\b|\bya no voy a estar\b",
    ),
    "self_harm": (
        rf"\b(?:cut|cutting|cuts|cutted|burn|burning|burned|burnt|harm|harming|hurt|hurting|scratch|scratching|"
        rf"starve|starving|punish|punishing|hit|hitting|punch|punching|bruise|bruising|carve|carving) ?{_SELF}\b"
        r"(?! (?:at|playing|lifting|while|during|on (?:the|a) (?:job|stairs|ice)|in (?:the|a) (?:gym|game|kitchen)|"
        r"some slack|a break|off|loose|short))",
        r"\b(?:i|ive|been|keep|kept|started|start|urge to|urges to|want to|wanna|going to|gonna) ?"
        r"(?:self ?harm\w*|sh again)\b",
        r"\b(?:cutting|burning|self harming) again\b|\b(?:relapsed|relapse) (?:on|with|into) (?:cutting|self ?harm)\w*",
        r"\burges? to (?:cut|burn|hurt)\b(?! (?:back|down|my hours|class|ties|costs))",
        r"\b(?:blade|razor|razors|lighter) (?:on|to|against) my (?:skin|arm|arms|wrist|wrists|leg|legs|thigh|thighs)\b",
        r"\b(?:cut|cutting|slit|slitting) (?:my|his|her) (?:wrists?|arms?|legs?|thighs?|skin)\b",
        r"\bsh (?:urges|again|relapse)\b|\b(?:relapsed|relapse) on sh\b|\burges? to sh\b",
        r"\b(?:wanting|want|urge|urges) to cut\b(?! (?:back|down|class|my hours|ties|costs|hours|the|it|corners|in))",
        r"\bcut+ing (?:again|every day|myself)\b|\b(?:been|started|keep|kept|still) cut+ing\b(?! (?:back|down|class|hours|"
        r"costs|corners|my hours))",
        r"\bself ?harm\w* (?:urges? )?(?:again|tonight|right now|now)\b|\bself ?harm urges (?:cant|are|so|really|keep)\b|\bself ?harming\s*$",
        r"\b(?:scratch|scratching|picking at|pick at) (?:my|his|her) (?:skin|cuts|arms|wounds)\b.*\b(?:bleed|bleeds|heal)\b",
        r"\b(?:banging|bang|hitting|hit) (?:my|his|her) head (?:against|on|into) (?:the )?(?:wall|floor|door)\b",
        r"\bfound (?:\w+ )?(?:razors|blades|cuts)\b|\b(?:blade|razor|knife) in my hand\b|\bpunch\w* (?:the )?walls? until\b",
        r"\b(?:fresh|new) (?:marks|cuts|burns|scars) on my\b|\bhide (?:the |my )?(?:fresh |new )?(?:marks|cuts|burns|scars)\b",
        r"\bi did it again\b(?=.*\b(?:marks|cut|cuts|arms|legs|blade|razor|burn)\b)",
        r"\bself inflicted\b|\b(?:do it|cut|cut again|hurt (?:her|him|them)self) again (?:tonight|today)\b|\bshell do it again\b|\bhell do it again\b",
        # Spanish.
        r"\b(?:cortarme|lastimarme|quemarme|hacerme dano|herirme|golpearme|autolesionarme|me autolesiono)\b",
        r"(?<!se )\bme (?:corto|corte|estoy cortando|lastimo|lastime|quemo|queme|hago dano|hice dano|hago heridas)\b"
        r"(?! (?:el|la|las|los|mi|mis) (?:pelo|cabello|unas|barba|fleco|flequillo|puntas|dedo|mano|llamada|senal|conexion|luz|comunicacion))",
        r"\b(?:cortarse|lastimarse|hacerse dano|se corta|se esta cortando|se lastima|se hace dano)\b",
        r"\b(?:cortar|cortando|corto) (?:mis|las|los) (?:munecas|brazos|piernas)\b",
        r"\bcortadas\b|\bme volvi a cortar\b|\bvolvi a cortarme\b|\bme rasguno hasta sangrar\b",
        r"\bautolesion\w* (?:otra vez|de nuevo|ahora|no puedo parar)\b|\bme estoy autolesionando\b|"
        r"\bme (?:quiero|voy a) (?:hacer dano|cortar|lastimar|quemar)\b",
    ),
    "overdose": (
        rf"\b(?:took|taken|take|taking|swallowed|swallow|swallowing|popped|pop|ate|downed|chugged|"
        rf"took like|just took) {_TOO_MUCH} (?:\w+ )?(?:\w+ )?{_PILLS}\b",
        rf"\b(?:took|swallowed|popped|ate|downed|taking) {_TOO_MUCH}\b"
        r"(?! (?:of )?(?:time|days|classes|sessions|notes))",
        r"\b(?:i|he|she|they|just|friend|son|daughter|brother|sister|mom|dad|boyfriend|girlfriend) "
        r"(?:overdosed|overdosing|oded|od|odd|is overdosing|has overdosed|took an overdose)\b"
        r"(?! on (?:coffee|caffeine|sugar|candy|chocolate|netflix|tv|work|energy drinks))",
        rf"\b{_WANT} (?:to )?(?:overdose|od)\b|\b(?:thinking|think) (?:about|of) (?:overdosing|an overdose|od ing)\b",
        r"\b(?:drank|drink|drinking|swallowed|swallow|ate|took|taking|take) (?:some |the |a (?:bottle|cup|glass) of )?"
        r"(?:bleach|poison|rat poison|antifreeze|drain cleaner|detergent pods?|tide pods?|cleaning products?)\b",
        rf"\bmix\w* (?:my |the |all my )?{_PILLS} (?:and|with) (?:alcohol|vodka|booze|liquor|drinks|beer|wine)\b",
        r"\b(?:wont|will not|cant|can not|cannot|doesnt|isnt|not) (?:wake (?:him|her|them) up|waking up|wake up|"
        r"breathing|responding)\b|\bunresponsive\b|\b(?:lips|face|skin) (?:are |is |turning )?(?:blue|gray|grey)\b",
        r"\bnarcan\b.*\b(?:now|not working|need|help)\b",
        rf"\b(?:i|im|i am|i think im|think im|he|hes|she|shes|they|theyre|someone|somebody|{_PERSON}) (?:just |might have "
        r"|may have |has |have |is |are )?(?:overdosing|overdosed|overdoes|oded|od d|odd|ode)\b"
        r"(?! on (?:coffee|caffeine|sugar|candy|chocolate|netflix|tv|work|energy drinks|podcasts))" + _NOT_LONG_AGO,
        r"\bmix\w* (?:alcohol|booze|vodka|drinks|beer|wine|liquor) (?:and|with) (?:pills|meds|medication|xanax|benzos|"
        r"opioids)\b",
        r"\b(?:swallowed|ate|drank|got into) (?:something|pills|meds|medicine|bleach|cleaner|chemicals|detergent)\b"
        r" (?:from|under|in|on purpose)|\b(?:drank|took|swallowed|ate)\b.*\bon purpose\b",
        r"\b(?:took|taking|swallowed) (?:extra|my whole|the whole|all) (?:of )?(?:my )?(?:prescription|meds|medication|"
        r"pills|bottle)\b(?! (?:on time|this morning|today|with food|as prescribed))",
        r"\boverdose\b.*\bwhat (?:do|should) i do\b",
        rf"\b(?:doubled|tripled) up on (?:my |the )?{_PILLS}\b|\b(?:took|take|taken) (?:a )?(?:double|triple) (?:my |the )?(?:dose|{_PILLS})\b",
        r"\b(?:took|taken|swallowed|drank) (?:\w+ ){0,4}(?:twice|by mistake|by accident|too much|extra)\b.*\b(?:racing|dizzy|shaking|throwing up|vomiting|confused|cant breathe|passed out|weird)\b",
        r"^(?:overdosed|overdosing)\b|\boverdosed on purpose\b",
        # Spanish.
        r"\b(?:me tome|me tomo|se tomo|se tomaron|tome|tomo|me trague|se trago|trague) (?:todas|muchas|demasiadas|"
        r"un monton de|un puno de|un frasco de|una caja de|el frasco de|la caja de|toda la caja de|\d+)"
        r"(?: ?(?:las |mis |sus )?(?:pastillas|pildoras|medicinas|medicamentos|tabletas|pastas))?\b"
        r"(?! (?:\w+ )?(?:para (?:la|el|mi|mis|su) |al dia|diari|cada dia|por dia|de mi receta))",
        r"\b(?:sobredosis) (?:ahora|hoy|anoche)\b|\b(?:tome|tomo|tomaron|me di|se dio|tuvo|tiene|tengo|tuve) "
        r"(?:una )?sobredosis\b" + _NOT_LONG_AGO + "|"
        r"\bquiero (?:tomar|tomarme) (?:todas|una sobredosis)\b",
        r"\b(?:tome|tomo|trague|bebi|se bebio|se tomo) (?:cloro|veneno|lejia|raticida|anticongelante|destapacanos)\b",
        r"\bno (?:despierta|reacciona|respira|responde)\b",
        r"\b(?:tome|tomo|me tome|se tomo) (?:de mas|demasiad[oa]s?) (?:de )?(?:mis |sus |las )?(?:pastillas|medicamentos|medicinas|pildoras)\b",
        r"\ba proposito\b.*\b(?:pastillas|medicamentos|medicinas)\b|\b(?:pastillas|medicamentos|medicinas)\b.*\ba proposito\b",
        r"\bmezcle (?:alcohol|pastillas|medicina)\b|\bse trago (?:unas |las )?(?:pastillas|algo|cloro|veneno)\b",
        r"\bme envenene\b|\btodo el frasco\b|\bme pase con las pastillas\b|\bdormir para siempre\b",
        r"\bse (?:esta poniendo|puso) morad[oa]\b",
        r"\b(?:se tomo|se trago|bebio|se bebio|tomo) (?:un |una |el |la )?(?:liquido|producto|quimico) (?:de limpieza|para limpiar)\b|\b(?:por error|sin querer)\b.*\b(?:vomitando|mareado|mareada|convulsion|no despierta)\b",
    ),
    "harm_to_others": (
        rf"\b(?:kill|kil|killing|murder|murdering|shoot|shooting|stab|stabbing|strangle|strangling|choke|choking|"
        rf"poison|poisoning|hurt|hurting|beat up|beating up|run over) (?:him|her|them|someone|somebody|some one|"
        rf"everyone|everybody|people|those people|all of them|my {_PERSON}|the {_PERSON}|"
        r"that (?:guy|girl|man|woman))\b",
        r"\b(?:homicidal|homicidial)\b",
        r"\b(?:shoot|shooting|shot) up (?:the|my|a|our) (?:school|office|work|workplace|place|church|clinic|mall|"
        r"party)\b",
        r"\b(?:bring|bringing|brought|have|got) (?:a |my )?(?:gun|knife|weapon) (?:to|and) (?:school|work|kill|hurt|"
        r"use|shoot)\b",
        r"\bthoughts? (?:of|about) (?:hurting|killing|harming) (?:others|someone|people|him|her|my)\b",
        r"\b(?:want|wanna|urge|urges|going|gonna) (?:to )?(?:hurt|harm|kill) (?:others|other people|someone|"
        r"somebody|my baby|the baby|a child|kids)\b",
        r"\bshake (?:my|the) baby\b",
        r"\b(?:going|gonna|want|wants|threatened|threatens|threatening|plans|planning|intends|intending) to (?:kill|hurt|shoot|stab) (?:his|her|their|our|"
        r"my) \w+\b",
        r"\b(?:going to|gonna|about to) (?:get|grab|bring|use|load) (?:my|the|a|his|her) (?:gun|knife|weapon|rifle|pistol)\b",
        r"\bmake (?:them|him|her|everyone) (?:all )?pay\b.*\b(?:weapon|gun|knife|nobody will stop me|no one will stop me)\b|\b(?:have|got) the (?:weapon|gun)\b",
        r"\b(?:gonna|going to|will|want to) (?:beat the (?:crap|shit|hell) out of|make (?:him|her|them) bleed|bash (?:his|her) head)\b",
        r"\b(?:a|my) list of (?:people|names)\b.*\b(?:deserve|pay|coming to them)\b|\bdeserve whats coming\b",
        r"\b(?:made|making|makes) (?:a )?(?:specific |direct |serious )?threats? (?:against|to kill|to hurt|to shoot)\b",
        r"\bbeat (?:him|her|them) (?:until|till|to death|senseless)\b|\brun (?:\w+ ){1,2}over with (?:my|the) car\b|\brun (?:him|her|them) over\b",
        # Spanish.
        r"\b(?:quiero|voy a|ganas de|pienso en|pensando en) (?:matar|lastimar|hacerle dano|danar|herir|apunalar|"
        r"disparar) (?:a|al|le)\b",
        r"\b(?:matarlo|matarla|matarlos|matarlas|lastimarlo|lastimarla|apunalarlo|apunalarla)\b",
        r"\b(?:miedo de|pensamientos de) (?:lastimar|hacerle dano|matar) a\b|\b(?:lo|la) voy a matar\b",
        r"\blo mato\b(?= .*\b(?:machete|cuchillo|pistola|arma|juro)\b)|\b(?:va a|amenaza con|quiere) matar (?:a|al)\b",
        r"\b(?:voy a|va a|vamos a) (?:buscar|sacar|traer|agarrar|usar) (?:la|mi|una|el|su) (?:pistola|arma|cuchillo|machete|escopeta)\b",
        r"\bnos va a matar\b|\bque paguen\b.*\barma\b|\bmatar a (?:gente|alguien|todos)\b",
        r"\b(?:le|lo|la) voy a partir la madre\b|\bpartirle la madre\b|\b(?:planea|piensa|quiere|va a) hacerle dano\b",
    ),
    "abuse": (
        r"\b(?:hits|hit|hitting|beats|beat|beating|punches|punched|punching|kicks|kicked|kicking|slaps|slapped|"
        r"slapping|chokes|choked|choking|strangled|strangles|abuses|abused|abusing|hurts|hurt|hurting|threatens|"
        r"threatened|threatening|burned|burns|pushed|shoved|grabbed|raped|rapes|molests|molested|touches|touched|"
        r"locks|locked) me\b(?! (?:up about|up with|up for|up when|up if|up later|to it|know|out of (?:the |my )?"
        r"(?:program|group|class|meeting)))",
        r"\b(?:being|been|getting|got|was|am|im|is) (?:\w+ )?(?:abused|beaten|hit|choked|threatened|hurt by)\b"
        r"(?= (?:by|at home|every|again|my|him|her))",
        r"\b(?:afraid|scared|terrified|frightened) (?:to go|of going|to be) (?:back )?home\b",
        rf"\b(?:afraid|scared|terrified|frightened) (?:of )?(?:my|him|her|he|she) ?(?:{_PERSON})?\b"
        r"(?= (?:hurt|kill|hit|will|is going|might|because he|because she|when he|when she))",
        r"\b(?:wont|doesnt|will not) let me (?:leave|go out|call|see)\b",
        r"\b(?:domestic violence|abuse|abused) (?:at home|right now|tonight|now)\b",
        rf"\b(?:my|his|her) {_PERSON} (?:hits|beats|abuses|hurts|chokes|touches|molests) (?:me|my|him|her|us|them)\b",
        r"\b(?:said|says|threatened|threatens|threatening|promised) (?:that )?(?:he|she|they) (?:would|will|d|is going to|"
        r"was going to|gonna) (?:kill|hurt|find) (?:me|us)\b|\bthreat\w* to kill (?:me|us)\b",
        r"\b(?:is|are|keeps|keep|was) (?:hitting|beating|abusing|hurting|choking|kicking|slapping|punching) (?:her|him|"
        r"them|my \w+|us|our \w+)\b",
        r"\b(?:hit|hits|beat|beats|abused|abuses|hurt|hurts) (?:my|our) (?:mom|dad|mother|father|grandma|grandmother|"
        r"grandpa|kid|kids|son|daughter|sister|brother|baby)\b",
        r"\bdomestic violence (?:happening|is happening|right now|now)\b|\bdv help\b",
        r"\bthrowing things at me\b|\bhiding (?:in|from) (?:the bathroom|my room|the closet|him|her)\b|\bscared (?:hell|he will|he ll|shell|she will|she ll) (?:do it|hurt|hit|come back)\b|\block(?:s|ed)? me in\b|\bdont feed me\b|\bwont (?:give|let) me (?:food|eat)\b|\bthrew me (?:against|into|on|down)\b",
        r"\b(?:beats|hits|abuses|chokes) (?:her|him|them)\b|\bhas a gun and (?:says|said|threatens)\b",
        r"\bthreatened (?:her|him|me|them) with a (?:knife|gun|weapon|bat)\b|\b(?:hear|heard|hearing|see|saw) (?:him|her|them) (?:hitting|beating|choking|hurting)\b",
        # Spanish.
        r"\bme (?:pega|pego|golpea|golpeo|golpean|maltrata|maltrato|abusa|abuso|amenaza|amenazo|ahorca|ahorco|"
        r"patea|pateo|empuja|empujo|encierra|encerro|toca|toco|violo|viola|quemo|lastima|lastimo)\b"
        r"(?! (?:ir|a mi|a mi me|hablar|pagar|el turno|la cita|esperar|trabajar|decir|(?:la|el|un|una) (?:gripe|resfriado|virus|covid|susto|catarro)))",
        r"\b(?:abusa|abuso|abusan|abusaron) de mi\b|\bmiedo de (?:volver|regresar|ir|llegar) a (?:mi )?casa\b",
        r"\b(?:amenaza|amenazo) con (?:matarme|pegarme|lastimarme|quitarme)\b|\bme (?:va|quiere) a? ?matar\b"
        r"(?= .*\b(?:esposo|marido|pareja|novio|esposa|novia|padrastro)\b)|\bviolencia (?:en casa|domestica ahora)\b",
        r"\b(?:le|les|nos) (?:pega|pegan|golpea|golpean|maltrata|maltratan)\b|\b(?:estan|esta) maltratando\b",
        r"\b(?:abusa|abuso|abusaron|abusan) de (?:ella|el|mi hij[oa]|mi herman[oa]|mi \w+)\b|\bno me deja salir\b|\bme quito el telefono\b|\bfuera de mi puerta y tengo miedo\b|\bme da golpes\b",
        r"\b(?:le|les|nos|me) (?:da|dan|dio) (?:golpes|una golpiza|cachetadas|patadas)\b",
        r"\b(?:grita|gritando|dice|dijo|amenaza|amenazando) que me va a matar\b",
    ),
    "sexual_assault": (
        r"\b(?:was|got|been|being|just|were|i was|she was|he was) (?:\w+ )?(?:raped|molested|sexually assaulted|"
        r"sexually abused|assaulted)\b",
        r"\b(?:got|was|been|i was|i got) (?:sa d|sa ed|sad d)\b|\b(?:raped|rape|molested|assaulted|roofied|drugged) me\b|\bforced (?:me|himself on me|herself on me)\b",
        r"\b(?:made|making|forcing|forced) me (?:have sex|do sexual|do things|touch)\b",
        r"\b(?:sexual assault|rape) (?:last night|tonight|today|yesterday|just happened)\b",
        r"(?<!who were )(?<!who was )(?<!survivors )\b(?:raped|r ped|rapped)\b",
        r"\b(?:forced|forcing|force) (?:me )?to (?:do sexual|have sex|sell sex|sell myself)\b|\bforcing me to\b",
        r"\b(?:teacher|coach|uncle|cousin|stepdad|stepfather|boyfriend|neighbor|priest|boss) (?:\w+ )?(?:touched|touches|"
        r"touching) (?:her|him|me)\b|\b(?:touching|touched) me\b(?= .*\b(?:night|room|bed)\b)",
        r"\bsaid no and (?:he|she|they) (?:didnt|did not|wouldnt) stop\b|\bi didnt (?:agree|consent)\b|"
        r"\bwithout my consent\b|\brape kit\b",
        r"\b(?:forced|forcing|forces) (?:himself|herself|themselves) on (?:me|her|him|them)\b",
        # Spanish.
        r"\b(?:me violaron|me violo|me viola|me abusaron|me drogaron|me forzo|me forzaron|me obligo a tener)\b",
        r"\b(?:fui|fue) (?:violada|violado|abusada|abusado|agredida sexualmente|agredido sexualmente)\b",
        r"\babusaron sexualmente\b|\babuso sexualmente\b|\bme (?:estan obligando|obligan) a (?:hacer cosas sexuales|"
        r"prostituirme|tener sexo)\b",
        r"\b(?:la|lo) toco\b|\bviolacion\b(?= .*\b(?:que hago|ayuda|hoy|anoche|ahora)\b)|\bdespues de una violacion\b",
        r"\ble dije que no y no paro\b|\ba la fuerza\b",
    ),
    "medical_emergency": (
        r"\b(?:chest pain|chest pains|pain in my chest|chest (?:hurts|is tight|tightness))\b",
        r"\b(?:cant|can not|cannot|hard to|trouble|struggling to) (?:breathe|breath|breathing)\b",
        r"\b(?:having|has|is having) (?:a )?(?:seizure|seizures|heart attack|stroke)\b|\bseizing\b",
        r"\b(?:passed out|fainted|collapsed|unconscious|not conscious)\b",
        r"\b(?:wont|will not|cant) stop (?:bleeding|shaking|throwing up|vomiting)\b|\bbleeding (?:a lot|badly)\b",
        r"\b(?:withdrawal|withdrawing|detoxing|detox|dts|delirium tremens)\b.*\b(?:shaking|seizure|seizing|"
        r"hallucinat\w*|seeing things|confused|cant stop)\b",
        r"\b(?:shaking|seizure|hallucinating|seeing things)\b.*\b(?:stopped drinking|quit drinking|withdrawal|"
        r"detox\w*)\b",
        r"\bface (?:is )?drooping\b|\bslurred speech\b",
        r"\b(?:stopped|quit|quitting) (?:drinking|alcohol)\b.*\b(?:shaking|seizure|hallucinat\w*|seeing (?:bugs|things)|"
        r"confused|dts)\b|\b(?:withdrawal seizures?|the dts)\b",
        r"\bstroke symptoms\b|\bsuddenly confused\b|\bwords are coming out wrong\b|\bcant see right\b|\bworst headache\b",
        r"\bthroat is closing\b|\ballergic reaction\b|\bstiff muscles and (?:a )?(?:high )?fever\b|"
        r"\bbad reaction to (?:his|her|my) (?:new )?(?:medication|meds)\b",
        r"\bhit (?:my|his|her) head\b.*\b(?:vomit\w*|throwing up|confused|passed out|bleeding)\b",
        r"\b(?:blood )?sugar (?:is )?(?:crashing|dropping|very low|too low)\b|\bpregnant\b.*\bbleeding\b|\bhead is bleeding\b",
        r"\b(?:fell|fallen) (?:down|off)\b.*\b(?:bleeding|cant move|unconscious|not moving)\b|\bpulse (?:is )?(?:really |very )?(?:slow|weak)\b|\bfainting\b",
        # Spanish.
        r"\b(?:dolor (?:en el|de|del) pecho|no (?:puedo|puede) respirar|me falta el aire|le falta el aire)\b",
        r"\b(?:convulsion\w*|convulsionando|ataque al corazon|infarto|derrame cerebral|se desmayo|me desmaye|"
        r"inconsciente|esta desmayad[oa])\b",
        r"\b(?:no para|no deja) de (?:sangrar|temblar|vomitar)\b|\babstinencia\b.*\b(?:temblando|tiembl\w*|"
        r"convulsi\w*|alucin\w*)\b",
        r"\b(?:dando|dio|tuvo|tiene) un derrame\b|\bse me durmio (?:la mitad|medio|un lado)\b|\bcara caida\b|\bbrazo dormido\b|\bno puede mover un lado\b|\bhabla raro\b|\bse me cierra la garganta\b",
        r"\breaccion alergica\b|\bdej(?:e|o) de tomar\b.*\b(?:temblando|viendo cosas|alucinando)\b",
        r"\b(?:el )?peor dolor de cabeza\b|\bveo borroso\b(?=.*\b(?:dolor|de repente)\b)",
    ),
    "command_hallucinations": (
        r"\b(?:voices?|voice in my head|the voice|voices in my head) (?:are |is |keep |keeps |have been |has been )?"
        r"(?:tell|telling|told|tells|say|says|saying|said|want|wants|command|commanding|commands|order|ordering|"
        r"orders|urging|make|making|push|pushing) (?:me|him|her)\b",
        r"\b(?:hear|hearing|heard|hears) (?:a )?voices? (?:that|telling|saying|who|ordering|commanding)\b",
        r"\b(?:god|the devil|demons?|something|someone) (?:is )?(?:telling|told|tells|commanding|ordering) me to "
        r"(?:hurt|kill|harm|die|cut|jump|attack|end)\b",
        r"\b(?:tv|radio|voices?|god|devil|demons?|spirits?|someone|something|it) (?:is |are |keeps |keep )?(?:telling|"
        r"tells|told|ordering|commanding) (?:me|him|her|them) to (?:hurt|kill|harm|die|cut|jump|attack|end)\b",
        # Spanish.
        r"\b(?:las voces|una voz|la voz|voces|las voces en mi cabeza) (?:me )?(?:dice|dicen|decia|decian|ordena|"
        r"ordenan|piden|pide|manda|mandan|obligan|obliga|gritan)\b",
        r"\b(?:escucho|oigo|oye|escucha) (?:unas |las )?voces (?:que|diciendo)\b",
        r"\b(?:dios|el diablo|los demonios|demonios|una voz|la tele|la television|alguien) me (?:dice|dicen|ordena|"
        r"ordenan|pide|piden|manda|mandan) que (?:me )?(?:mate|quite|lastime|haga dano|corte|tire|salte|hiera)\b",
        r"\ble (?:ordena|ordenan|dice|dicen|manda|mandan) que se (?:ahogue|mate|corte|lastime|tire|quite la vida|haga dano)\b",
    ),
}

# Words that name a crisis topic without a sign of danger now: answered, with the 988 line.
TOPIC_PATTERNS: tuple[str, ...] = (
    r"\b(?:suicid\w*|sucid\w*|self ?harm\w*|self ?injur\w*|overdos\w*|naloxone|narcan|abuse\w*|abusive|"
    r"assault\w*|rape\w*|molest\w*|domestic violence|crisis|crises|988|hotline|homicid\w*|psychosis|"
    r"hallucinat\w*|hearing voices|hear voices|safety plan\w*|hopeless\w*|mandated report\w*)\b",
    r"\b(?:autolesion\w*|sobredosis|abuso\w*|violencia|violacion|agresion sexual|emergencia\w*|"
    r"alucinacion\w*|desesperanza|sin esperanza)\b",
)

_LEET = str.maketrans({"1": "i", "3": "e", "0": "o", "4": "a", "@": "a", "$": "s", "5": "s", "7": "t"})
_MIXED_WORD = re.compile(r"\S*[a-z]\S*")


# Texting shorthand, read as the words it stands for.
_SHORTHAND = {
    "u": "you",
    "ur": "your",
    "b": "be",
    "nemore": "anymore",
    "rn": "right now",
    "tmrw": "tomorrow",
    "2morrow": "tomorrow",
    "cuz": "because",
    "bc": "because",
    "pls": "please",
    "plz": "please",
    "ppl": "people",
    "k": "que",
    "q": "que",
    "xq": "porque",
    "pq": "porque",
}
# Abbreviations whose apostrophe carries the meaning: "SA'd", "OD'd".
_ABBREVIATED_VERBS = (
    (re.compile(r"\b(?:SA'?[dD]|[sS][aA]'d)\b"), "sexually assaulted"),
    (re.compile(r"\b(?:OD'?(?:[dD]|ed|ED)|od'd|od'ed)\b"), "overdosed"),
    (re.compile(r"\b(?:OD'?ing|od'ing)\b"), "overdosing"),
)


def plain_text(text: str) -> str:
    """Lower case, no accents or apostrophes, digits inside words read as letters, letters
    repeated for stress cut to two ("pleaseeee" -> "pleasee"), texting shorthand spelt out,
    and punctuation as spaces."""
    for abbreviation, meaning in _ABBREVIATED_VERBS:
        text = abbreviation.sub(meaning, text.replace("\u2019", "'"))
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("'", "").replace("\u2019", "")
    # Only words with a letter in them: "988" and "10 pills" keep their digits.
    text = _MIXED_WORD.sub(lambda word: word.group(0).translate(_LEET), text)
    text = re.sub(r"([a-z])\1{2,}", r"\1\1", text)
    return " ".join(_SHORTHAND.get(word, word) for word in re.sub(r"[^\w\s]|_", " ", text).split())


# A question about what the program does when something happens, asked about someone else:
# "what happens if someone in group says they're suicidal". Staff and families ask these.
_POLICY_QUESTION = re.compile(
    r"^(?:what happens (?:if|when)|what do (?:you|staff|we|the staff|counselors|therapists|nurses) do (?:if|when)|"
    r"what (?:is|are) (?:the|your) (?:\w+ ){0,2}(?:procedure|procedures|policy|policies|protocol|protocols|process|"
    r"steps|rules)|how (?:do|does|should) (?:staff|we|the team|the program|clinicians|counselors|therapists|"
    r"i (?:write|document|report|file|chart|complete|respond|handle))|what should (?:staff|we|counselors)|"
    r"is there a (?:policy|procedure|protocol)|do you have a (?:policy|procedure|protocol)|"
    r"que pasa (?:si|cuando)|que hacen (?:si|cuando)|cual es (?:la|el) (?:politica|procedimiento|protocolo))\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|im|me|my|myself|ive|id|mine|yo|mi|me|mis|estoy)\b")


def asks_about_policy(plain: str) -> bool:
    """Whether text made plain asks what the program does about something that happens to someone
    else; "how do I write..." is about the paperwork, so its "I" does not count as the asker's danger."""
    framing = _POLICY_QUESTION.match(plain)
    return framing is not None and _FIRST_PERSON.search(plain[framing.end() :]) is None


_COMPILED = {category: re.compile("|".join(patterns)) for category, patterns in CRISIS_PATTERNS.items()}
_TOPIC = re.compile("|".join(TOPIC_PATTERNS))


def crisis_category(plain: str) -> str | None:
    """The first risk category whose patterns match text made plain, or None."""
    for category, pattern in _COMPILED.items():
        if pattern.search(plain):
            return category
    return None


def names_crisis_topic(plain: str) -> bool:
    """Whether text made plain mentions a crisis topic (suicide, abuse, overdose...) at all."""
    return _TOPIC.search(plain) is not None
