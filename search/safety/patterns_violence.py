"""Crisis patterns for violence: harm to others, abuse and sexual assault, each in English then Spanish.

Part of CRISIS_PATTERNS (patterns.py), matched against text made plain by `plain_text`.
"""

from __future__ import annotations

from search.safety.patterns_phrases import PERSON

VIOLENCE: dict[str, tuple[str, ...]] = {
    "harm_to_others": (
        rf"\b(?:kill|kil|killing|murder|murdering|shoot|shooting|stab|stabbing|strangle|strangling|choke|choking|"
        rf"poison|poisoning|hurt|hurting|beat up|beating up|run over) (?:him|her|them|someone|somebody|some one|"
        rf"everyone|everybody|people|those people|all of them|my {PERSON}|the {PERSON}|"
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
        rf"\b(?:afraid|scared|terrified|frightened) (?:of )?(?:my|him|her|he|she) ?(?:{PERSON})?\b"
        r"(?= (?:hurt|kill|hit|will|is going|might|because he|because she|when he|when she))",
        r"\b(?:wont|doesnt|will not) let me (?:leave|go out|call|see)\b",
        r"\b(?:domestic violence|abuse|abused) (?:at home|right now|tonight|now)\b",
        rf"\b(?:my|his|her) {PERSON} (?:hits|beats|abuses|hurts|chokes|touches|molests) (?:me|my|him|her|us|them)\b",
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
}
