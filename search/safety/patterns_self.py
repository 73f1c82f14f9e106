"""Crisis patterns for danger to oneself: suicide, self-harm and overdose, each in English then Spanish.

Part of CRISIS_PATTERNS (patterns.py), matched against text made plain by `plain_text`.
"""

from __future__ import annotations

from search.safety.patterns_phrases import NOT_LONG_AGO, PERSON, PILLS, SELF, TOO_MUCH, WANT

DANGER_TO_SELF: dict[str, tuple[str, ...]] = {
    "suicide": (
        # English: direct intent.
        rf"\b(?:kil+|kil+ing|kil+ed|kils|end|ending|off|offing|unalive|unaliving|hang|hanging|hung|shoot|shooting|"
        rf"drown|drowning|poison|poisoning|suffocate|suffocating) ?{SELF}\b",
        r"(?<!\d )\b(?:kms|kmsl|ctb|unalive|unaliving|sewer ?slide|self ?delete|self ?deleting|catch the bus)\b",
        r"\b(?:take|taking|took|end|ending|ended) (?:my|his|her|their) (?:own )?life\b",
        r"\bend (?:it all|everything|my life)\b|\bend it\b(?! with)",
        r"\b(?:commit|commiting|committing|comit|attempt|attempted|attempting|considering|thinking (?:about|of)|"
        r"thoughts of|plan\w*|going to|gonna|want to|wanna|do) (?:\w+ )?(?:suicid\w*|sucid\w*|suicd\w*|suiside|"
        r"sucide|suiside|suicde|soocide)\b" + NOT_LONG_AGO,
        r"\b(?:im|i am|iam|feel|feeling|felt|been|getting|so|really|very|hes|shes|is|are|being|got) "
        r"(?:so |really |very |kind of |kinda |pretty )?(?:suicidal|suicidial|sucidal|suicdal|suisidal)\b",
        r"\b(?:having|have|getting|get|been having|keep having) (?:\w+ )?suicidal (?:thoughts|ideation|urges|"
        r"feelings)\b" + NOT_LONG_AGO,
        rf"\b(?:i|i really|i just|ive|i still|i kind of|i kinda|sometimes i|part of me|he|she|they|my {PERSON}) ?"
        rf"(?:{WANT} to|wanna|wish to|would like to|need to|deserve to|should|hope to|want him to|want her to) "
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
        + NOT_LONG_AGO,
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
        r"\b(?:intente|intento|pienso en el|pensamientos de|tengo pensamientos) suicid\w*" + NOT_LONG_AGO,
        r"\bquitar(?:me|se|le)? la vida\b|\bse (?:quiere|va a) (?:\w+ )?(?:matar|morir|suicidar)\b",
        r"\b(?:ya )?no vale la pena (?:vivir|seguir)\b|\b(?:cansad[oa]|hart[oa]) de (?:vivir|la vida)\b|"
        r"\bpara que (?:sigo|seguir) viviendo\b",
        r"\bojala (?:estuviera muert[oa]|me muer\w*|me mur\w*|no despert\w*)\b|\bdormir y no despertar\b",
        r"\bsoy una carga\b|\bnadie me (?:extranaria|va a extranar)\b|\bquerer morir\w*\b|\bmejor me muero\b",
        r"\bpastillas (?:se necesitan )?para morir\b|\bya no va a estar\b|\bse despidio de todos\b",
        r"\b(?:puente|techo|azotea|edificio)\b.*\bsaltar\b|\bpistola\b.*\bcontra mi\b",
        r"\bsobrevivi un intento\b|\bmiedo de volver a intentarlo\b|\bno puedo mantenerme a salvo\b",
        r"\bpensando en (?:el )?suicid\w*\b",
        r"\b(?:me despedi|ya me despedi|se despidio) de (?:mi familia|todos|mis hijos)\b|\b(?:mi|es mi|esta es mi) ultima noche\b",
        r"\bme despido de (?:ustedes|todos|ti|todas)\b|\bno hay vuelta atras\b|\bya no voy a estar\b",
        # Goodbyes, a place or a means at hand, and a bare word or plea: in both languages.
        r"\b(?:goodbye|bye|farewell) (?:everyone|everybody|world|forever|for good)\b|"
        r"\bsorry for everything\b.*\b(?:bye|goodbye)\b|\b(?:bye|goodbye)\b.*\bsorry for everything\b",
        r"\badios (?:a todos|para siempre|mundo)\b|\bperdon(?:en)? por todo\b.*\badios\b|\badios\b.*\bperdon por todo\b",
        r"\b(?:im|i am) (?:sitting |standing |lying |laying )?(?:on|at) the (?:train |railroad )?tracks\b",
        r"\b(?:gun|pistol|knife|razor|blade|rope|noose) (?:in|on) my (?:lap|hand|hands|mouth|neck)\b|"
        r"\bin the (?:tub|bath|bathtub) with (?:a |the |my )?(?:razor|blade|knife)\b",
        r"\bme voy a (?:tirar|aventar|lanzar) (?:del|de la|de un|de una|desde|al|a las vias)\b",
        r"^(?:sobredosis|suicidio|me quiero morir)(?: ayuda| por favor| ya| urgente)*$",
        r"\b(?:linea|numero) (?:de|del|de la) (?:suicidio|crisis|prevencion del suicidio)\b.*\burgente\b|"
        r"\burgent\w*\b.*\b(?:suicide|crisis) (?:line|hotline|number)\b",
    ),
    "self_harm": (
        rf"\b(?:cut|cutting|cuts|cutted|burn|burning|burned|burnt|harm|harming|hurt|hurting|scratch|scratching|"
        rf"starve|starving|punish|punishing|hit|hitting|punch|punching|bruise|bruising|carve|carving) ?{SELF}\b"
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
        r"\b(?:took|swallowed|ate|downed) (?:everything|every pill|all the pills) (?:in|from) (?:the|my) "
        r"(?:medicine cabinet|cabinet|bathroom)\b",
        rf"\b(?:took|taken|take|taking|swallowed|swallow|swallowing|popped|pop|ate|downed|chugged|"
        rf"took like|just took) {TOO_MUCH} (?:\w+ )?(?:\w+ )?{PILLS}\b",
        rf"\b(?:took|swallowed|popped|ate|downed|taking) {TOO_MUCH}\b"
        r"(?! (?:of )?(?:time|days|classes|sessions|notes))",
        r"\b(?:i|he|she|they|just|friend|son|daughter|brother|sister|mom|dad|boyfriend|girlfriend) "
        r"(?:overdosed|overdosing|oded|od|odd|is overdosing|has overdosed|took an overdose)\b"
        r"(?! on (?:coffee|caffeine|sugar|candy|chocolate|netflix|tv|work|energy drinks))",
        rf"\b{WANT} (?:to )?(?:overdose|od)\b|\b(?:thinking|think) (?:about|of) (?:overdosing|an overdose|od ing)\b",
        r"\b(?:drank|drink|drinking|swallowed|swallow|ate|took|taking|take) (?:some |the |a (?:bottle|cup|glass) of )?"
        r"(?:bleach|poison|rat poison|antifreeze|drain cleaner|detergent pods?|tide pods?|cleaning products?)\b",
        rf"\bmix\w* (?:my |the |all my )?{PILLS} (?:and|with) (?:alcohol|vodka|booze|liquor|drinks|beer|wine)\b",
        r"\b(?:wont|will not|cant|can not|cannot|doesnt|isnt|not) (?:wake (?:him|her|them) up|waking up|wake up|"
        r"breathing|responding)\b|\bunresponsive\b|\b(?:lips|face|skin) (?:are |is |turning )?(?:blue|gray|grey)\b",
        r"\bnarcan\b.*\b(?:now|not working|need|help)\b",
        rf"\b(?:i|im|i am|i think im|think im|he|hes|she|shes|they|theyre|someone|somebody|{PERSON}) (?:just |might have "
        r"|may have |has |have |is |are )?(?:overdosing|overdosed|overdoes|oded|od d|odd|ode)\b"
        r"(?! on (?:coffee|caffeine|sugar|candy|chocolate|netflix|tv|work|energy drinks|podcasts))" + NOT_LONG_AGO,
        r"\bmix\w* (?:alcohol|booze|vodka|drinks|beer|wine|liquor) (?:and|with) (?:pills|meds|medication|xanax|benzos|"
        r"opioids)\b",
        r"\b(?:swallowed|ate|drank|got into) (?:something|pills|meds|medicine|bleach|cleaner|chemicals|detergent)\b"
        r" (?:from|under|in|on purpose)|\b(?:drank|took|swallowed|ate)\b.*\bon purpose\b",
        r"\b(?:took|taking|swallowed) (?:extra|my whole|the whole|all) (?:of )?(?:my )?(?:prescription|meds|medication|"
        r"pills|bottle)\b(?! (?:on time|this morning|today|with food|as prescribed))",
        r"\boverdose\b.*\bwhat (?:do|should) i do\b",
        rf"\b(?:doubled|tripled) up on (?:my |the )?{PILLS}\b|\b(?:took|take|taken) (?:a )?(?:double|triple) (?:my |the )?(?:dose|{PILLS})\b",
        r"\b(?:took|taken|swallowed|drank) (?:\w+ ){0,4}(?:twice|by mistake|by accident|too much|extra)\b.*\b(?:racing|dizzy|shaking|throwing up|vomiting|confused|cant breathe|passed out|weird)\b",
        r"^(?:overdosed|overdosing)\b|\boverdosed on purpose\b",
        # Spanish.
        r"\b(?:me tome|me tomo|se tomo|se tomaron|tome|tomo|me trague|se trago|trague) (?:todas|muchas|demasiadas|"
        r"un monton de|un puno de|un frasco de|una caja de|el frasco de|la caja de|toda la caja de|\d+)"
        r"(?: ?(?:las |mis |sus )?(?:pastillas|pildoras|medicinas|medicamentos|tabletas|pastas))?\b"
        r"(?! (?:\w+ )?(?:para (?:la|el|mi|mis|su) |al dia|diari|cada dia|por dia|de mi receta))",
        r"\b(?:sobredosis) (?:ahora|hoy|anoche)\b|\b(?:tome|tomo|tomaron|me di|se dio|tuvo|tiene|tengo|tuve) "
        r"(?:una )?sobredosis\b" + NOT_LONG_AGO + "|"
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
}
