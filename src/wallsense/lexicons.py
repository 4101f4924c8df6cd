"""Cue words and phrases, kept as data: per wall kind and language, and class/id token groups.

Nothing here is code that decides; ``features`` compiles these once into matchers.
Phrases are matched case-insensitively on word boundaries inside a block's text.
"""

from __future__ import annotations

# --- phrases in block text, per kind and language -------------------------------------------

PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "paywall": {
        "de": ("abo", "abonnement", "abonnieren", "abonnent", "abonnentin", "jetzt weiterlesen",
               "weiterlesen mit", "plus-artikel", "exklusiv für abonnenten", "bereits abonnent",
               "abo abschließen", "jetzt testen", "im ersten monat", "jederzeit kündbar",
               "monatlich kündbar", "digitalabo", "zugang zu allen", "unbegrenzter zugang",
               "kostenlos registrieren", "registrieren sie sich", "kostenlose artikel",
               "freie artikel", "artikel frei", "zum angebot", "alle artikel lesen", "testabo",
               "probeabo", "jetzt abonnieren", "premium", "sie haben das produkt bereits gekauft",
               "hier anmelden", "weiterlesen für", "€ im monat", "wochen gratis", "werbefrei"),
        "en": ("subscribe", "subscriber", "subscribers", "subscription", "subscribe now",
               "already a subscriber", "sign in to continue", "to continue reading",
               "keep reading", "unlimited access", "free articles", "articles left",
               "article limit", "register for free", "create a free account", "premium",
               "per month", "per week", "first month", "cancel anytime", "digital access",
               "start your free trial", "free trial", "become a member", "members only",
               "exclusive to subscribers", "unlock this article", "subscribe to continue",
               "this article is for subscribers", "log in", "sign up to read", "paywall"),
        "fr": ("abonnez-vous", "abonné", "abonnés", "abonnement", "réservé aux abonnés",
               "déjà abonné", "sans engagement", "accès illimité", "lire la suite",
               "je m'abonne", "premier mois", "offre", "article réservé", "continuer à lire",
               "créer un compte", "par mois", "essai gratuit", "accès à tous"),
        "es": ("suscríbete", "suscriptor", "suscriptores", "suscripción", "exclusivo para suscriptores",
               "ya soy suscriptor", "acceso ilimitado", "sigue leyendo", "seguir leyendo",
               "primer mes", "al mes", "cancela cuando quieras", "regístrate", "artículos gratuitos",
               "contenido exclusivo", "hazte socio", "prueba gratis"),
        "it": ("abbonati", "abbonamento", "abbonato", "riservato agli abbonati", "sei già abbonato",
               "accesso illimitato", "continua a leggere", "primo mese", "al mese", "disdici quando vuoi",
               "registrati", "articoli gratuiti", "contenuto riservato", "prova gratis", "offerta"),
        "nl": ("abonnee", "abonnees", "abonnement", "abonneer", "word abonnee", "al abonnee",
               "onbeperkt toegang", "lees verder", "eerste maand", "per maand", "maandelijks opzegbaar",
               "registreer", "gratis artikelen", "premium", "alleen voor abonnees"),
        "pl": ("subskrypcja", "subskrypcję", "prenumerata", "prenumeratę", "wykup dostęp",
               "masz już subskrypcję", "nieograniczony dostęp", "czytaj dalej", "pierwszy miesiąc",
               "miesięcznie", "zł", "zarejestruj się", "darmowe artykuły", "tylko dla subskrybentów",
               "dostęp premium", "zaloguj się"),
        "pt": ("assine", "assinante", "assinantes", "assinatura", "exclusivo para assinantes",
               "já é assinante", "acesso ilimitado", "continue lendo", "continuar a ler",
               "primeiro mês", "por mês", "cancele quando quiser", "registe-se", "cadastre-se",
               "artigos gratuitos", "conteúdo exclusivo"),
    },
    "adblock": {
        "de": ("ad-blocker", "adblocker", "werbeblocker", "werbeblockierung", "ad-blocker deaktivieren",
               "deaktivieren sie ihren", "werbung zulassen", "whitelist", "anzeigen unserer werbepartner",
               "auf die anzeigen", "werbung erlauben", "adblock"),
        "en": ("ad blocker", "ad-blocker", "adblocker", "adblock", "ad block", "disable your ad",
               "turn off your ad", "whitelist", "allowlist", "allow ads", "support us by disabling",
               "we rely on advertising", "you are using an ad", "pause your ad"),
        "fr": ("bloqueur de publicité", "bloqueur de publicités", "adblock", "désactivez votre",
               "désactiver votre bloqueur", "liste blanche", "autoriser les publicités"),
        "es": ("bloqueador de anuncios", "bloqueador de publicidad", "adblock", "desactiva tu",
               "desactivar el bloqueador", "lista blanca", "permitir anuncios"),
        "it": ("blocco pubblicità", "blocco degli annunci", "adblock", "ad blocker", "disattiva",
               "disabilita il tuo", "whitelist", "consenti la pubblicità"),
        "nl": ("adblocker", "advertentieblokkering", "schakel je", "zet je adblocker uit",
               "whitelist", "advertenties toestaan"),
        "pl": ("adblock", "blokowanie reklam", "blokadę reklam", "wyłącz", "blokera reklam",
               "dodaj nas do wyjątków", "zezwól na reklamy"),
        "pt": ("bloqueador de anúncios", "bloqueador de publicidade", "adblock", "desative o",
               "desativar o bloqueador", "lista de permissões", "permitir anúncios"),
    },
    "consent": {
        "de": ("cookies", "cookie", "einwilligung", "zustimmen", "alle akzeptieren", "akzeptieren",
               "ablehnen", "einstellungen", "datenschutzerklärung", "datenschutzeinstellungen",
               "partner", "tcf", "verarbeitung ihrer daten", "personenbezogene daten",
               "mit werbung lesen", "pur-abo", "ohne werbetracking", "zustimmung", "widerrufen",
               "berechtigtes interesse", "speichern und/oder abrufen"),
        "en": ("cookies", "cookie", "consent", "accept all", "reject all", "manage preferences",
               "cookie settings", "privacy policy", "our partners", "legitimate interest",
               "personal data", "store and/or access", "we value your privacy", "agree",
               "necessary cookies", "personalised ads", "personalized ads"),
        "fr": ("cookies", "consentement", "tout accepter", "tout refuser", "accepter", "refuser",
               "paramétrer", "vos données", "nos partenaires", "intérêt légitime", "vie privée",
               "continuer sans accepter"),
        "es": ("cookies", "consentimiento", "aceptar todo", "rechazar todo", "aceptar", "rechazar",
               "configurar", "sus datos", "tus datos", "nuestros socios", "interés legítimo",
               "privacidad"),
        "it": ("cookie", "consenso", "accetta tutti", "rifiuta tutti", "accetta", "rifiuta",
               "personalizza", "i tuoi dati", "partner", "interesse legittimo", "privacy"),
        "nl": ("cookies", "toestemming", "alles accepteren", "accepteren", "weigeren",
               "instellingen", "uw gegevens", "je gegevens", "partners", "gerechtvaardigd belang",
               "privacy"),
        "pl": ("cookies", "ciasteczka", "plików cookie", "zgoda", "zgody", "akceptuję",
               "zaakceptuj wszystkie", "odrzuć", "ustawienia", "twoich danych", "partnerzy",
               "prawnie uzasadniony interes", "prywatności"),
        "pt": ("cookies", "consentimento", "aceitar todos", "aceitar", "rejeitar", "recusar",
               "definições", "configurações", "seus dados", "os seus dados", "parceiros",
               "interesse legítimo", "privacidade"),
    },
    "comments": {
        "de": ("kommentare", "kommentar", "kommentieren", "antworten", "leserkommentare",
               "diskussion", "melden", "beitrag melden", "community", "netiquette",
               "ersten kommentar", "kommentarfunktion", "vor minuten", "vor stunden", "gefällt mir"),
        "en": ("comments", "comment", "reply", "replies", "join the discussion", "join the conversation",
               "be the first to comment", "comments are closed", "report", "show comments",
               "load more comments", "community guidelines", "upvote", "log in to comment",
               "ago", "sort by", "newest", "oldest"),
        "fr": ("commentaires", "commentaire", "répondre", "réagir", "signaler", "réactions",
               "soyez le premier", "les commentaires sont fermés", "il y a"),
        "es": ("comentarios", "comentario", "responder", "comentar", "denunciar",
               "sé el primero", "los comentarios están cerrados", "hace"),
        "it": ("commenti", "commento", "rispondi", "commenta", "segnala", "sii il primo",
               "i commenti sono chiusi", "fa"),
        "nl": ("reacties", "reactie", "reageer", "reageren", "beantwoorden", "melden",
               "wees de eerste", "geleden"),
        "pl": ("komentarze", "komentarz", "odpowiedz", "skomentuj", "zgłoś", "dodaj komentarz",
               "bądź pierwszy", "temu"),
        "pt": ("comentários", "comentário", "responder", "comentar", "denunciar",
               "seja o primeiro", "os comentários estão fechados", "há"),
    },
    "newsletter": {
        "de": ("newsletter", "jetzt anmelden", "e-mail-adresse", "spenden", "unterstützen sie",
               "jetzt unterstützen", "podcast", "push-nachrichten", "per e-mail", "benachrichtigungen",
               "follower", "blog abonnieren", "blog folgen"),
        "en": ("newsletter", "sign up", "email address", "inbox", "donate", "support our journalism",
               "make a contribution", "podcast", "get alerts", "via email", "by email", "notifications",
               "followers", "subscribe to this blog", "follow this blog", "follow blog"),
        "fr": ("newsletter", "lettre d'information", "inscrivez-vous", "adresse e-mail", "faire un don",
               "soutenez", "par e-mail", "par email", "abonnés"),
        "es": ("newsletter", "boletín", "apúntate", "correo electrónico", "donar", "apoya", "por email",
               "seguidores"),
        "it": ("newsletter", "iscriviti", "indirizzo email", "dona", "sostieni", "via email", "per email"),
        "nl": ("nieuwsbrief", "aanmelden", "e-mailadres", "doneer", "steun", "per e-mail", "volgers"),
        "pl": ("newsletter", "zapisz się", "adres e-mail", "wesprzyj", "wpłać", "przez e-mail"),
        "pt": ("newsletter", "inscreva-se", "endereço de e-mail", "doe", "apoie", "por e-mail", "seguidores"),
    },
    "share": {
        "de": ("teilen", "artikel teilen", "drucken", "merken", "link kopieren", "e-mail"),
        "en": ("share", "share this", "tweet", "print", "copy link", "save", "email"),
        "fr": ("partager", "imprimer", "copier le lien"),
        "es": ("compartir", "imprimir", "copiar enlace"),
        "it": ("condividi", "stampa", "copia link"),
        "nl": ("delen", "deel", "printen", "kopieer link"),
        "pl": ("udostępnij", "drukuj", "kopiuj link"),
        "pt": ("partilhar", "compartilhar", "imprimir", "copiar link"),
        "xx": ("facebook", "twitter", "whatsapp", "linkedin", "pinterest", "telegram", "reddit"),
    },
    "related": {
        "de": ("lesen sie auch", "auch interessant", "mehr zum thema", "das könnte sie auch interessieren",
               "weitere artikel", "meistgelesen", "empfehlungen", "mehr lesen", "zum artikel"),
        "en": ("read more", "read also", "related", "more from", "most read", "recommended",
               "you may also like", "more stories", "trending", "see also", "top stories"),
        "fr": ("lire aussi", "à lire aussi", "sur le même sujet", "les plus lus", "voir aussi"),
        "es": ("lee también", "te puede interesar", "lo más leído", "más noticias", "relacionado"),
        "it": ("leggi anche", "potrebbe interessarti", "i più letti", "correlati"),
        "nl": ("lees ook", "meest gelezen", "gerelateerd", "meer nieuws"),
        "pl": ("czytaj też", "czytaj także", "najczęściej czytane", "zobacz też", "polecamy"),
        "pt": ("leia também", "leia mais", "mais lidas", "veja também", "relacionados"),
    },
    "adlabel": {
        "xx": ("anzeige", "werbung", "advertisement", "advertising", "sponsored", "ad", "ads",
               "publicité", "publicidad", "pubblicità", "advertentie", "reklama", "publicidade",
               "promoted", "partner content", "sponsored content", "paid content"),
    },
}

# Blocks that are only UI furniture when they are (nearly) the whole text of the block.
UI_TEXT: tuple[str, ...] = ("+", "-", "×", "x", "▶", "›", "»", "…", "mehr", "more", "menu", "menü",
                            "close", "schließen", "fermer", "cerrar", "chiudi", "sluiten", "zamknij",
                            "fechar", "ok", "zurück", "back", "weiter", "next", "top", "login", "anmelden")

# --- tokens in class / id / role / aria / data-* names -------------------------------------
# ``stems`` match anywhere in the lowercased attribute text; ``words`` only as whole tokens.

CLASS_GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "content": {"stems": ("article", "content", "story", "entry", "richtext", "bodytext", "paragraph",
                          "post-body", "postbody", "prose", "artikel", "texte", "articulo"),
                "words": ("body", "text", "main", "post", "copy", "lead", "intro", "teaser-text")},
    "headline": {"stems": ("headline", "title", "heading", "titel", "titre", "titular", "kicker", "dachzeile"),
                 "words": ("h1", "hed", "dek", "standfirst", "summary", "subtitle")},
    "comment": {"stems": ("comment", "kommentar", "disqus", "coral", "viafoura", "openweb", "spot-im",
                          "spotim", "reply", "discussion", "commento", "comentario", "reactie", "talk-"),
                "words": ("thread", "replies", "forum", "community", "ugc")},
    "paywall": {"stems": ("paywall", "premium", "subscri", "piano", "tinypass", "tp-modal", "tp-container",
                          "poool", "zephr", "pelcro", "laterpay", "steady", "abo", "offer", "plus-",
                          "paid", "meter", "regwall", "register", "locked", "pay-", "assin", "abonn",
                          "suscrip", "abbonam", "prenumer", "subskryp"),
                "words": ("plus", "paid", "pay", "gate", "wall", "login")},
    # Not a bare "cmp": Adobe Experience Manager names every component "cmp-…" (cmp-text,
    # cmp-container), which made whole corporate pages read as one consent banner.
    "consent": {"stems": ("consent", "cookie", "gdpr", "onetrust", "didomi", "usercentrics", "sp_message",
                          "sp-message", "qc-cmp", "cybot", "cookiebot", "cmpbox", "cmpwrapper", "cmpstyle",
                          "cmptxt", "cmplz", "sd-cmp", "cmp_app", "cmp-app", "privacy", "tcf", "truste",
                          "fc-consent", "optanon", "sourcepoint"),
                "words": ("dsgvo", "rgpd")},
    "adblock": {"stems": ("adblock", "ad-block", "ab-overlay", "adb-", "blocker", "fc-ab", "admiral",
                          "contentpass", "detect"),
                "words": ("abp", "adbl")},
    "ad": {"stems": ("advert", "sponsor", "anzeige", "dfp", "gpt-", "adslot", "ad-slot", "adunit",
                     "ad-unit", "ad-container", "adcontainer", "banner", "billboard", "outbrain", "taboola",
                     "native-ad", "werbung", "commercial", "promo", "publicite"),
            "words": ("ad", "ads", "mrec", "leaderboard", "skyscraper", "rectangle", "superbanner")},
    "nav": {"stems": ("nav", "menu", "breadcrumb", "pagination", "tabs", "toolbar", "masthead"),
            "words": ("links", "topbar", "burger")},
    "footer": {"stems": ("footer", "colophon", "copyright", "imprint", "impressum", "legal"),
               "words": ("bottom",)},
    "header": {"stems": ("header", "logo", "brand", "topnav"),
               "words": ("top",)},
    "sidebar": {"stems": ("sidebar", "aside", "widget", "rail", "marginal", "sidecol"),
                "words": ("side", "right", "left", "col-right")},
    "related": {"stems": ("related", "teaser", "recommend", "more-", "readmore", "read-more", "also",
                          "trending", "popular", "mostread", "most-read", "outbrain", "taboola", "card",
                          "tile", "feed", "list-item"),
                "words": ("more", "next", "cards", "grid", "rec")},
    "share": {"stems": ("share", "social", "sharing", "follow", "facebook", "twitter", "whatsapp"),
              "words": ("print", "bookmark")},
    "newsletter": {"stems": ("newsletter", "signup", "sign-up", "subscribe-box", "donat", "spende",
                             "support-us", "membership", "contribut", "podcast", "blog_subscription",
                             "blog-subscription", "jetpack_subscri", "follow-blog", "follow_blog"),
                   "words": ("email", "optin")},
    "caption": {"stems": ("caption", "credit", "figure", "photo", "image", "img", "media", "gallery",
                          "bildunterschrift", "copyright", "expand", "lightbox", "zoom"),
                "words": ("fig", "pic", "source")},
    "meta": {"stems": ("byline", "author", "autor", "dateline", "timestamp", "date", "meta", "published",
                       "updated", "readtime", "reading-time", "tags", "topics", "keyword"),
             "words": ("time", "by", "info")},
    "overlay": {"stems": ("modal", "overlay", "popup", "pop-up", "dialog", "lightbox", "interstitial",
                          "backdrop", "layer", "sticky", "fixed", "drawer", "toast", "snackbar", "notice",
                          "flyout", "bottom-bar"),
                "words": ("open", "visible", "show")},
    "hidden": {"stems": ("hidden", "blur", "fade", "truncat", "obfusc", "scrambl", "invisible", "sr-only",
                         "visually-hidden", "collapsed", "clamp"),
               "words": ("hide", "lock")},
    "button": {"stems": ("button", "btn", "cta", "link-"),
               "words": ("action", "actions")},
}

# --- stopwords: a prose signal, and the language guess ----------------------------------------

STOPWORDS: dict[str, tuple[str, ...]] = {
    "de": ("der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "sich", "des",
           "auf", "für", "im", "dem", "von", "auch", "es", "an", "wie", "aus", "bei", "nach", "wird",
           "hat", "dass", "sie", "er", "noch", "aber", "werden", "sind", "über", "einen", "um", "nur"),
    "en": ("the", "and", "of", "to", "a", "in", "is", "that", "for", "it", "was", "on", "with", "as",
           "he", "she", "be", "at", "by", "this", "had", "not", "are", "but", "from", "have", "they",
           "which", "were", "their", "been", "has", "will", "would", "there", "its", "an", "or"),
    "fr": ("le", "la", "les", "de", "des", "et", "un", "une", "du", "est", "que", "qui", "dans", "pour",
           "pas", "sur", "au", "avec", "il", "elle", "ce", "par", "plus", "ont", "été", "aux", "sont",
           "mais", "ou", "son", "sa", "ses", "leur", "nous"),
    "es": ("el", "la", "los", "las", "de", "del", "y", "que", "en", "un", "una", "es", "por", "con",
           "para", "se", "no", "su", "al", "lo", "como", "más", "pero", "sus", "fue", "ha", "han", "este",
           "esta", "entre", "sobre", "también"),
    "it": ("il", "lo", "la", "gli", "le", "di", "del", "della", "e", "che", "un", "una", "è", "per",
           "non", "con", "si", "da", "in", "dei", "delle", "sono", "ha", "anche", "come", "più", "nel",
           "nella", "ma", "alla", "questo", "stato"),
    "nl": ("de", "het", "een", "en", "van", "is", "dat", "die", "in", "op", "te", "met", "voor", "niet",
           "zijn", "aan", "er", "ook", "als", "maar", "bij", "om", "door", "naar", "heeft", "werd",
           "wordt", "nog", "over", "dan", "hij", "zij"),
    "pl": ("i", "w", "na", "z", "się", "nie", "do", "że", "to", "jest", "o", "jak", "po", "co", "ale",
           "od", "za", "jego", "przez", "tak", "czy", "już", "dla", "był", "była", "są", "tym", "ich",
           "który", "która", "także", "oraz"),
    "pt": ("o", "a", "os", "as", "de", "do", "da", "dos", "das", "e", "que", "em", "um", "uma", "no",
           "na", "para", "com", "não", "por", "se", "mais", "ao", "foi", "como", "mas", "seu", "sua",
           "ou", "ser", "está", "também", "pelo", "pela"),
}

# Tags whose presence around a block says where it sits.
CONTEXT_TAGS: tuple[str, ...] = ("header", "nav", "footer", "aside", "form", "dialog", "button",
                                 "figure", "article", "main", "li", "table", "blockquote", "a", "section")

# Phrases of metered (soft) paywalls: the article is complete, a counter or notice sits beside it.
METERED_PHRASES: tuple[str, ...] = (
    "free articles", "articles left", "article left", "free article", "of your free", "articles remaining",
    "monthly limit", "kostenlose artikel", "kostenlosen artikel", "freie artikel", "artikel frei",
    "von 5", "von 10", "von 3", "articles gratuits", "article gratuit", "artículos gratuitos",
    "artículos gratis", "articoli gratuiti", "articolo gratuito", "gratis artikelen", "gratis artikel",
    "darmowe artykuły", "darmowych artykułów", "artigos gratuitos", "artigos grátis", "matérias gratuitas",
    "free stories", "free story", "stories left", "story left", "free pieces", "gratis plus", "plus-artikelen",
    "te quedan", "ti restano", "sie lesen einen von", "you are reading one of",
    # the article was unlocked for this reader: a metered or gifted read, complete
    "für sie freigeschaltet", "für dich freigeschaltet", "unlocked for you", "gifted to you",
    "vous est offert", "te lo regalamos", "è stato sbloccato", "voor jou ontgrendeld", "odblokowany dla ciebie",
    "desbloqueado para você",
)

# The reader's free articles are used up: a metered wall that has cut this article. Access is
# "metered" (a new month or a new reader reads on), not "locked", although the text is truncated.
METER_SPENT_PHRASES: tuple[str, ...] = (
    "reached your limit", "reached the limit", "reached your monthly limit", "reached your free article limit",
    "used all your free", "used up your free", "limit erreicht", "ihr limit von", "dein limit von",
    "kontingent", "aufgebraucht", "limite atteinte", "atteint votre limite", "atteint la limite",
    "alcanzado el límite", "has alcanzado tu límite", "raggiunto il limite", "limiet bereikt",
    "limit darmowych", "wykorzystałeś limit", "atingiu o limite",
)

# Vendor fingerprints: (vendor, wall kind, needles in script sources, needles in DOM ids/classes).
VENDORS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Piano", "paywall", ("tinypass.com", "piano.io", "npttech.com"), ("tp-modal", "tp-container", "piano-")),
    ("Poool", "paywall", ("poool.fr", "poool.", "cdn.poool"), ("poool-",)),
    ("Zephr", "paywall", ("zephr",), ("zephr-",)),
    ("Pelcro", "paywall", ("pelcro.com",), ("pelcro-",)),
    ("LaterPay", "paywall", ("laterpay",), ("lp_", "laterpay")),
    ("Steady", "paywall", ("steadyhq.com",), ("steady-",)),
    ("contentpass", "adblock", ("contentpass",), ("contentpass",)),
    ("Admiral", "adblock", ("getadmiral.com", "admiral"), ("admiral-",)),
    ("Google Funding Choices", "adblock", ("fundingchoicesmessages.google.com",), ("fc-ab-root",)),
    ("Google Funding Choices", "consent", ("fundingchoicesmessages.google.com",), ("fc-consent-root",)),
    ("Sourcepoint", "consent", ("sourcepoint", "sp-prod.net", "privacy-mgmt.com"), ("sp_message_container", "sp_veil")),
    ("OneTrust", "consent", ("cookielaw.org", "onetrust"), ("onetrust-", "optanon")),
    ("Usercentrics", "consent", ("usercentrics",), ("usercentrics", "uc-banner")),
    ("Didomi", "consent", ("didomi",), ("didomi-",)),
    ("Quantcast", "consent", ("quantcast", "quantserve"), ("qc-cmp2",)),
    ("Cookiebot", "consent", ("cookiebot",), ("cybotcookiebot", "cookiebot")),
    ("consentmanager", "consent", ("consentmanager.net", "consentmanager.de"), ("cmpbox",)),
    ("Disqus", "comments", ("disqus.com",), ("disqus_thread",)),
    ("Coral", "comments", ("coralproject", "coral.js", "/assets/js/embed.js"), ("coral_thread", "coral-")),
    ("Viafoura", "comments", ("viafoura",), ("viafoura", "vf-")),
    ("OpenWeb", "comments", ("openweb.com", "spot.im", "spotim"), ("spot-im", "openweb")),
)

# Lead-ins of in-body teasers and "related" headings: a short block that starts with one of these
# points elsewhere ("Lesen Sie auch: ...", "Le puede interesar: ...") and is never article text.
TEASER_LEADS: tuple[str, ...] = (
    "lesen sie auch", "lies auch", "auch interessant", "mehr zum thema", "mehr dazu", "weitere artikel",
    "das könnte sie auch interessieren", "das könnte dich auch interessieren", "weiterlesen",
    "read more", "read also", "also read", "related:", "related articles", "related stories", "see also",
    "you may also like", "you might also like", "more on this", "recommended for you",
    "lire aussi", "à lire aussi", "sur le même sujet", "voir aussi", "à lire également",
    "lee también", "le puede interesar", "te puede interesar", "le podría interesar", "también te puede",
    "leggi anche", "potrebbe interessarti", "ti potrebbe interessare",
    "lees ook", "lees meer", "meer over dit onderwerp",
    "czytaj też", "czytaj także", "zobacz też", "zobacz także",
    "leia também", "leia mais", "veja também", "saiba mais",
)
# Lead-ins and markers of picture captions and credits (short blocks only).
CAPTION_LEADS: tuple[str, ...] = (
    "bild:", "foto:", "fotos:", "bildquelle:", "grafik:", "vergrößern", "photo:", "image:", "credit:",
    "photograph:", "illustration:", "photo :", "crédit :", "crédits :", "imagen:", "fotografía:",
    "immagine:", "beeld:", "zdjęcie:", "fot.", "©", "(c)", "(©",
)
# Caption lead-ins that count only when a number follows ("Abbildung 4:", "Fig. 2").
NUMBERED_CAPTION_LEADS: tuple[str, ...] = ("abbildung", "abb.", "grafik", "tabelle", "fig.", "figure", "table",
                                           "figura", "tabla", "tableau", "afbeelding", "rysunek", "tabela")
CREDIT_MARKERS: tuple[str, ...] = (
    "©", "getty images", "picture alliance", "picture-alliance", "shutterstock", "istock", "imago images",
    "pixelio", "unsplash", "adobe stock", "ap photo",
)

# A wall that asks the reader to pay or register "to keep reading" cuts the article short, even when
# it also offers free articles (a registration wall).
CONTINUE_PHRASES: tuple[str, ...] = (
    "keep reading", "continue reading", "to read this article", "read the full article", "read the rest",
    "read the full story", "weiterlesen", "lesen sie weiter", "weiter lesen", "um weiterzulesen",
    "den ganzen artikel", "den vollständigen artikel", "lire la suite", "à lire", "lire l'article",
    "sigue leyendo", "seguir leyendo", "continuar leyendo", "leer el artículo completo",
    "continua a leggere", "continuare a leggere", "leggi l'articolo completo", "lees verder", "verder lezen",
    "czytaj dalej", "przeczytać cały", "continue lendo", "continuar lendo", "leia a matéria completa",
)

# Word stems with which an ad-block wall, a consent banner or a comment section names itself, in any
# of our languages (matched case-insensitively inside words). A page has that wall only if one of its
# confident wall blocks holds one: navigation under a "community" class or a "Privacy" footer link
# does not.
WALL_STATEMENT_STEMS: dict[str, tuple[str, ...]] = {
    "adblock": ("block", "werbung", "anzeigen", "werbepartner", "whitelist", "allowlist", "advert", "ads ",
                " ads", "publicité", "publicidad", "pubblicità", "annunci", "anuncios", "advertentie",
                "reklam", "anúncio", "publicidade", "blokad", "blocco", "bloqueur", "bloqueador"),
    # A consent banner names cookies or tracking: "consent" alone is in newsletter sign-up notes
    # ("I consent to receive e-mails") and copyright lines ("without the prior consent").
    # So does a banner that takes consent from browsing on.
    "consent": ("cookie", "ciasteczk", "traceur", "tracking", "tracker", "by continuing to",
                "if you continue to", "continue to use this", "continuing to use this", "continue browsing", "weiteren nutzung",
                "weitere nutzung", "en poursuivant votre navigation", "continuando a navegar",
                "continuar navegando", "proseguendo la navigazione"),
    "comments": ("komment", "comment", "coment", "reply", "replies", "antwort", "répon", "rispond",
                 "reactie", "reageer", "réaction", "réagi", "komentarz", "odpowied", "discussion",
                 "diskussion", "discussione", "leserbrief", "says:", "sagt:", "schrieb", "gedanken zu",
                 "responses to", "response to", "dice:", "disse:", "dit :", "napisał"),
}

# Ids of the element that holds a page's own comment section (WordPress "respond" and "comments",
# Disqus' "disqus_thread", ...). A comment block inside one states the wall even when its words are
# weak ("Say your words", "Your name", "Submit"); an id names one element of the page, so teaser
# counters of other articles do not carry it.
COMMENT_SECTION_IDS: tuple[str, ...] = (
    "respond", "comments", "commentform", "comment-form", "comments-section", "comment-section",
    "disqus_thread", "kommentare", "commentaires", "comentarios", "commenti", "reacties", "komentarze",
    "comentarios-section",
)

# Whole words and phrases that hold a statement stem but do not state the wall; they are taken out
# of a block's text before the stems are looked for. Per kind, and per page language ("*": any).
NOT_STATEMENT_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "consent": {"*": (
        # notices that cookies are off or not used, not banners that ask for consent
        "cookies are disabled", "cookies disabled", "cookies are turned off", "enable cookies",
        "cookies enabled", "javascript and cookies", "cookies and javascript", "cookies deaktiviert",
        "cookies aktivieren", "cookies zu aktivieren", "javascript und cookies", "cookies und javascript",
        "activer les cookies", "activez les cookies", "habilitar las cookies", "habilite las cookies",
        "abilitare i cookie", "abilita i cookie", "cookies inschakelen", "ativar os cookies",
        "no cookies", "keine cookies", "kein cookie-banner", "keinen cookie-banner", "no cookie banner",
    )},
    "comments": {
        "*": ("commentary", "commentaries", "commentator", "commentators", "kommentator", "kommentatorin",
              "kommentatoren", "gastkommentar", "commentateur", "comentarista", "commentatore",
              # questions and answers (FAQ), not replies
              "fragen und antworten", "frage und antwort", "antworten auf", "questions and answers",
              "questions et réponses", "preguntas y respuestas", "domande e risposte",
              "vragen en antwoorden", "pytania i odpowiedzi", "perguntas e respostas"),
        "fr": ("comment",),  # "how": "Comment choisir sa plancha"; comments are "commentaires"
    },
}

# Copyright and trademark lines: a footer line with a "Cookies" link is no consent banner.
NOT_CONSENT_STEMS: tuple[str, ...] = (
    "©", "copyright", "trademark", "rights reserved", "rechte vorbehalten", "droits réservés",
    "derechos reservados", "diritti riservati", "rechten voorbehouden", "prawa zastrzeżone",
    "direitos reservados", "markenzeichen", "marque déposée", "marca registrada", "marchio registrato",
)

# A paywall block states a wall when it speaks of reading on, of articles or content, of access,
# exclusivity or membership (stems, case-insensitive, at the start of a word). Scrambled teaser
# text names nothing, but a wall's heading does; "Subscribe: Apple Podcasts | RSS", a pricing table
# or a "Start your free trial" button of a software shop do not.
PAYWALL_STATEMENT_STEMS: tuple[str, ...] = (
    "read ", "read.", "read,", "reading", "reader", "lese", "lesen", "lire", "lectur", "leer", "legg",
    "lettur", "lees", "lezen", "czyt", "leia",
    "leitura", "continu", "weiter", "seguir", "sigue", "article", "artikel", "artículo", "articolo",
    "artigo", "artykuł", "beitrag", "story", "stories", "content", "inhalt", "contenu", "contenido",
    "contenuto", "conteúdo", "treści", "journalis", "periodismo", "giornalismo", "jornalismo",
    "dziennikarst", "access", "zugang", "zugriff", "accès", "acceso", "accesso", "acesso", "toegang",
    "dostęp", "unlock", "freischalt", "débloq", "desbloq", "sblocc", "exklusiv", "exclusiv", "esclusiv",
    "exclusief", "ekskluzyw", "member", "mitglied", "membre", "miembro", "membro",
    "lid worden", "limit", "this post", "paid subscriber", "for subscribers", "for paid", "subscribers only",
    "subscriber-only", "subscriber only", "already a subscriber", "already subscribed", "für abonnent",
    "nur für", "bereits abonnent", "schon abonnent", "aux abonnés", "réservé aux", "déjà abonné",
    "para suscriptores", "exclusivo para", "ya eres suscriptor", "per gli abbonati", "riservato agli",
    "già abbonato", "voor abonnees", "al abonnee", "dla prenumerator", "para assinantes", "já é assinante",
)

# Words of login and password-reset forms and of e-mail newsletter sign-ups (stems, case-insensitive).
# A paywall block that holds one cannot make a page's paywall verdict on its own: "Passwort
# vergessen?" is an account form and "Abonnieren Sie unseren Newsletter" a sign-up, not walls.
NOT_PAYWALL_STEMS: tuple[str, ...] = (
    "passwor", "kennwort", "mot de passe", "contraseña", "wachtwoord", "hasło", "senha", "benutzername",
    "username", "nom d'utilisateur", "nome utente", "nazwa użytkownika", "nome de usuário",
    "newsletter", "nieuwsbrief", "boletín", "e-mail", "email", "notification", "benachrichtig",
    "other subscribers", "anderen abonnenten", "inbox", "posteingang", "podcast", "rss", "warenkorb",
    "shopping cart", "checkout", "check out",
    # donation appeals ("Did you like this article? Buy me a coffee")
    "buy me a coffee", "ko-fi", "patreon", "donat", "donaz", "donac", "doaç", "spende", "spendier",
    "faire un don", "doneer", "darowizn",
)
