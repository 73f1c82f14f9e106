"""Crisis patterns for emergencies of body and mind: medical emergencies (chest pain, seizures,
withdrawal...) and command hallucinations (voices telling someone to hurt or kill), each in
English then Spanish.

Part of CRISIS_PATTERNS (patterns.py), matched against text made plain by `plain_text`.
"""

from __future__ import annotations

MEDICAL: dict[str, tuple[str, ...]] = {
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
