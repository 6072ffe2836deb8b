"""Every sentence the agent reads, in French, in one place."""

# ---- general --------------------------------------------------------------------
NOT_GIVEN = "—"
YES = "Oui"
NO = "Non"
HINT_COMMANDS = "/menu pour revenir au menu · /aide pour de l'aide · /annuler pour abandonner"

WELCOME = (
    "Bonjour ! Je suis Livret, votre assistant pour remplir votre livret individuel "
    "de formation, à votre rythme.\n\n"
    "Votre livret vous appartient : vous choisirez ce que vous montrez, et à qui. "
    "Tout ce que vous répondez est enregistré aussitôt ; vous reprendrez quand vous voudrez.\n\n"
    "Pour commencer, faisons connaissance."
)
ONBOARDING_FIRST = "Terminons d'abord votre inscription : il ne manque que quelques réponses."
ONBOARDING_DONE = "Merci {prenom} ! Votre livret est créé."
WELCOME_BACK = "Bon retour, {prenom} !"
WELCOME_BACK_UNNAMED = "Bon retour !"

# ---- menu -----------------------------------------------------------------------
MENU_TITLE = "📘 Livret individuel de formation — {name}"
MENU_TITLE_UNNAMED = "📘 Votre livret individuel de formation"
MENU_PROGRESS = "Progression : {bar} {done}/{total} rubriques"
MENU_COMPLETE = "🎉 Toutes les rubriques sont remplies. Vous pouvez les compléter à tout moment."
MENU_NEXT = "Prochaine rubrique à remplir : {title}."
MENU_CHOOSE = "Choisissez une rubrique :"
MENU_RESUME = "▶ Reprendre la saisie : {what}"
MENU_HELP = "❓ Aide"
STATE_FILLED = "✅"
STATE_NOT_CONCERNED = "➖"
STATE_EMPTY = "⬜"
MENU_ROW_COUNT = "{mark} {title} · {count}"
MENU_ROW_NOT_CONCERNED = "{mark} {title} · non concerné"
MENU_ROW = "{mark} {title}"

# ---- rubrique -------------------------------------------------------------------
RUBRIQUE_EMPTY = "Aucune entrée pour l'instant."
RUBRIQUE_NOT_CONCERNED = "Vous avez indiqué ne pas être concerné(e) par cette rubrique."
RUBRIQUE_COUNT_ONE = "1 entrée :"
RUBRIQUE_COUNT = "{count} entrées :"
ADD = "➕ Ajouter {singular}"
FILL = "✏️ Remplir {singular}"
MARK_NOT_CONCERNED = "➖ Je ne suis pas concerné(e)"
UNMARK_NOT_CONCERNED = "↩ Je suis concerné(e) finalement"
MARKED_NOT_CONCERNED = "C'est noté : rubrique « {title} » non concernée."
UNMARKED_NOT_CONCERNED = "C'est noté : la rubrique « {title} » est de nouveau à remplir."
BACK_MENU = "⬅ Menu"
BACK = "⬅ Retour"

# ---- entry card -----------------------------------------------------------------
EDIT = "✏️ Modifier"
DELETE = "🗑 Supprimer"
CARD_LINE = "• {label} : {value}"
CARD_REVERSE = "• {title} associées : {value}"
PICK_FIELD = "Quelle réponse voulez-vous changer ?"
CONFIRM_DELETE = "Supprimer « {title} » ? Cette action est définitive."
CONFIRM_DELETE_YES = "🗑 Oui, supprimer"
CONFIRM_DELETE_NO = "Non, garder"
DELETED = "🗑 Entrée supprimée : « {title} »."
CHANGED = "✅ Modifié."
ENTRY_GONE = "Cette entrée n'existe plus."

# ---- asking -----------------------------------------------------------------------
QUESTION_STEP = "({index}/{count}) "
CURRENT_VALUE = "Réponse actuelle : {value}"
HINT_DATE = "Exemples : 12/03/2021, 03/2021, mars 2021 ou 2021."
HINT_DURATION = "Avec son unité, par exemple : 3 jours, 21 h, 1,5 jour, 2 semaines."
HINT_LONG = "Écrivez votre réponse en un seul message ({limit} caractères au plus)."
HINT_CHOICE = "Touchez la réponse qui convient."
HINT_LINKS = "Touchez pour cocher ou décocher, puis « Valider »."
HINT_NUMBER = "Un nombre entier, par exemple 2."
SKIP = "Passer ⏭"
CLEAR = "Effacer la réponse"
VALIDATE = "✅ Valider"
PREVIOUS_PAGE = "◀ Précédents"
NEXT_PAGE = "Suivants ▶"
LINKS_PAGE = "Page {page} sur {pages}."
CHECKED = "☑"
UNCHECKED = "☐"
NO_LINK_TARGETS = (
    "Vous n'avez encore rien enregistré dans « {titles} » : rien à relier pour "
    "l'instant. Vous pourrez le faire plus tard."
)
SUMMARY = "Vérifiez {singular} avant de l'enregistrer :"
SAVE = "✅ Enregistrer"
CHANGE_FIELD = "✏️ Modifier une réponse"
CANCEL = "✖ Annuler"
SAVED = "✅ Enregistré : {title}."
CANCELLED = "Saisie abandonnée : rien n'a été enregistré."
CHANGE_CANCELLED = "Modification abandonnée : rien n'a changé."
NOTHING_TO_CANCEL = "Il n'y a rien à annuler."
RESUME = "Vous aviez commencé à saisir {singular} ({answered} réponses déjà enregistrées)."
RESUME_ONE = "Vous aviez commencé à saisir {singular} (1 réponse déjà enregistrée)."
RESUME_YES = "▶ Reprendre"
RESUME_DROP = "🗑 Abandonner cette saisie"
RESUME_DROP_AND_ADD = "🗑 L'abandonner et ajouter {singular}"
RESUMING = "On reprend là où vous vous étiez arrêté(e)."
DROPPED = "Saisie abandonnée."

# ---- answers that cannot be taken -----------------------------------------------
EMPTY_ANSWER = "Cette réponse ne peut pas être vide. Écrivez-la, ou touchez « Passer » si elle est facultative."
TEXT_TOO_LONG = (
    "Votre texte fait {length} caractères ; la limite ici est de {limit}. "
    "Raccourcissez-le et renvoyez-le : rien n'a été perdu."
)
DATE_UNKNOWN = (
    "Je n'ai pas reconnu cette date. Écrivez par exemple 12/03/2021, 03/2021, mars 2021 ou 2021."
)
DATE_NO_YEAR = "Il manque l'année : écrivez par exemple 12/03/2021."
DATE_BAD_MONTH = "Il n'y a pas de mois {month} : les mois vont de 1 à 12."
DATE_BAD_DAY = "Le {day} {month} {year} n'existe pas : ce mois-là compte {last} jours."
DATE_BAD_YEAR = "L'année {year} ne semble pas possible ici. Vérifiez-la."
DATE_ORDER = (
    "La date « {end_label} » ({end}) ne peut pas précéder la date « {start_label} » ({start})."
)
DURATION_UNKNOWN = (
    "Je n'ai pas reconnu cette durée. Écrivez par exemple 3 jours, 21 h, 1,5 jour ou 2 semaines."
)
DURATION_NO_UNIT = "Précisez l'unité : {amount} h, {amount} jours, {amount} semaines…"
DURATION_RANGE = "Cette durée ne semble pas possible. Vérifiez-la."
NUMBER_EXPECTED = "J'attends un nombre entier, par exemple 2."
NUMBER_RANGE = "Ce nombre semble bien grand. Vérifiez-le."
CHOICE_EXPECTED = "Cette réponse ne fait pas partie des choix : touchez un des boutons ci-dessous."
YESNO_EXPECTED = "Répondez par « Oui » ou « Non », avec les boutons ci-dessous."
LINKS_TAP = "Touchez les éléments pour les cocher, puis « Valider »."
TEXT_EXPECTED = "J'attends une réponse écrite à cette question."
NO_TEXT_HERE = (
    "Je n'attends pas de texte ici : touchez un des boutons du dernier message, ou /menu."
)
NO_FILE_HERE = "Je ne peux pas utiliser ce type de message ici : touchez un des boutons, ou /menu."
UNKNOWN_COMMAND = "Je ne connais pas la commande /{command}. Commandes : /menu, /aide, /annuler."
STALE_BUTTON = "Ce bouton appartient à un ancien message : utilisez le dernier, ou /menu."
UNKNOWN_BUTTON = "Ce bouton n'est pas reconnu. Utilisez le dernier message, ou /menu."
INVALID_ENTRY = "Cette entrée n'a pas pu être enregistrée : {problem}"

# ---- help ---------------------------------------------------------------------------
HELP_GENERAL = (
    "ℹ️ Livret vous aide à remplir votre livret individuel de formation, rubrique par "
    "rubrique. Chaque réponse est enregistrée aussitôt.\n\n"
    "• Touchez une rubrique du menu pour la remplir ou la relire.\n"
    "• Dans une rubrique : ajoutez, ouvrez, modifiez ou supprimez des entrées ; si elle ne "
    "vous concerne pas, dites-le : votre livret pourra être complet.\n"
    "• Conseil : gardez à portée de main vos diplômes, votre CV et vos attestations de "
    "formation.\n\n"
    "Commandes : /menu revient au menu, /aide explique la question en cours, /annuler "
    "abandonne l'entrée en cours."
)
HELP_FIELD = "ℹ️ {question}\n{help}"
HELP_OPTIONAL = "Cette question est facultative : vous pouvez la passer."
HELP_ONBOARDING = (
    "ℹ️ Votre prénom et votre nom figureront en tête de votre livret. "
    "Vous pourrez les corriger plus tard dans « Identité et situation »."
)

# ---- the livret as a document ---------------------------------------------------------
MENU_EDITION = "📄 Mon livret (Word, PDF)"
EDITION_CHOOSE = (
    "📄 Votre livret complet, prêt à imprimer ou à transmettre.\n"
    "Les rubriques vides y figurent avec la mention « À compléter ».\n"
    "Quel format voulez-vous ?"
)
EDITION_PDF = "PDF"
EDITION_DOCX = "Word"
EDITION_BOTH = "PDF et Word"
EDITION_PREPARING = "⏳ Je prépare votre livret, un instant…"
EDITION_READY = "✅ Votre livret est prêt."
EDITION_FILE = "Livret individuel de formation"
PDF_UNAVAILABLE = "Le PDF n'est pas disponible sur ce serveur : voici la version Word."
PDF_TIMEOUT = (
    "La création du PDF a pris trop de temps : voici la version Word. "
    "Réessayez le PDF dans quelques minutes."
)
EDITION_FAILED = (
    "Désolé, votre livret n'a pas pu être préparé. Vos réponses sont intactes : "
    "réessayez dans quelques minutes."
)
PDF_FAILED = "Le PDF n'a pas pu être créé : voici la version Word. Réessayez plus tard."
