"""Every sentence the agent reads, in French, in one place."""

# ---- general --------------------------------------------------------------------
NOT_GIVEN = "—"
YES = "Oui"
NO = "Non"
HINT_COMMANDS = "/menu pour revenir au menu · /aide pour de l'aide · /annuler pour abandonner"

WELCOME = (
    "Bonjour ! Je suis Livret, votre assistant pour remplir votre livret individuel "
    "de formation, à votre rythme, depuis votre téléphone.\n\n"
    "Votre livret vous appartient : vous choisirez ce que vous montrez, et à qui. "
    "Tout ce que vous répondez est enregistré aussitôt ; vous reprendrez quand vous voudrez."
)
UPGRADED = (
    "Livret a évolué : pour protéger votre livret, il faut maintenant une adresse e-mail "
    "vérifiée et, si vous le connaissez, votre employeur. Vos réponses sont conservées ; "
    "cela prend deux minutes."
)
PAPERS = (
    "📎 Utile à garder sous la main : vos diplômes, votre CV, vos attestations de "
    "formation, vos arrêtés et contrats (pour les emplois tenus)."
)
PRIVACY = (
    "🔒 Vos données\n"
    "• Ce qui est enregistré : ce que vous écrivez ici (votre identité, votre parcours, vos "
    "formations, vos compétences), votre adresse e-mail professionnelle et votre "
    "collectivité, ainsi que votre identifiant Telegram pour vous répondre.\n"
    "• Qui peut le voir : personne d'autre que vous. Votre employeur ne voit que ce que vous choisissez "
    "de partager, quand vous le partagez.\n"
    "• Vos droits : vous pourrez obtenir une copie de tout ce qui est enregistré, ou tout "
    "effacer, à tout moment. Un compte inutilisé pendant des années est effacé, après un "
    "avertissement par e-mail et ici.\n\n"
    "Touchez « J'accepte » pour commencer."
)
PRIVACY_ACCEPT = "✅ J'accepte"
PRIVACY_FIRST = "Pour commencer, touchez « J'accepte » sous le message ci-dessous."
NAMES_INTRO = "Merci ! Faisons connaissance."
ONBOARDING_FIRST = "Terminons d'abord votre inscription : il ne manque que quelques réponses."
WELCOME_BACK = "Bon retour, {prenom} !"
WELCOME_BACK_UNNAMED = "Bon retour !"
RESUME_SIGNUP = "Reprenons votre inscription là où vous l'aviez laissée."

# ---- activation: the e-mail and its code -------------------------------------------
ASK_EMAIL = (
    "Quelle est votre adresse e-mail professionnelle ?\n"
    "Je vous y enverrai un code pour la vérifier. Elle permet aussi de retrouver votre "
    "livret si vous changez de téléphone."
)
ASK_NEW_EMAIL = "Quelle est votre nouvelle adresse e-mail ? Je vous y enverrai un code."
EMAIL_INVALID = (
    "« {text} » n'est pas une adresse e-mail valide. Écrivez-la en entier, par exemple "
    "prenom.nom@mairie-exemple.fr."
)
EMAIL_TOO_LONG = "Cette adresse est trop longue pour être une adresse e-mail."
EMAIL_SAME = "C'est déjà l'adresse de votre livret : rien à changer."
CODE_SENT = (
    "📧 Je viens d'envoyer un code à 6 chiffres à {email}.\n"
    "Tapez-le ici. Il est valable 15 minutes. Pensez à regarder dans les indésirables."
)
CODE_WAITING = "J'attends le code à 6 chiffres envoyé à {email}."
CODE_SHAPE = (
    "Le code est fait de 6 chiffres, par exemple 042917. Tapez-le tel qu'il figure dans l'e-mail."
)
CODE_WRONG = "Ce code ne correspond pas. Il vous reste {left} essais."
CODE_WRONG_ONE = "Ce code ne correspond pas. Il vous reste 1 essai."
CODE_NO_MORE_TRIES = (
    "Ce code ne correspond pas, et c'était le dernier essai : ce code n'est plus valable. "
    "Touchez « Renvoyer un code » pour en recevoir un nouveau."
)
CODE_EXPIRED = (
    "Ce code a expiré (il était valable 15 minutes). Touchez « Renvoyer un code » pour en "
    "recevoir un nouveau."
)
CODE_USED_UP = "Trop d'essais pour ce code : il n'est plus valable. Touchez « Renvoyer un code »."
RESEND = "🔁 Renvoyer un code"
OTHER_EMAIL = "✉️ Changer d'adresse"
RESEND_WAIT = "Un code vient de partir : attendez encore {seconds} s avant d'en demander un autre."
RESEND_LIMIT = (
    "Vous avez demandé 5 codes en une heure : c'est le maximum. Vous pourrez en demander "
    "un nouveau à {time}. Le dernier code reçu reste valable 15 minutes."
)
MAIL_FAILED = (
    "L'e-mail n'a pas pu partir vers {email}. Vos réponses sont gardées : réessayez avec "
    "« Renvoyer un code » ; si cela recommence, vérifiez l'adresse."
)
EMAIL_VERIFIED = "✅ Adresse vérifiée : {email}."
IDENTIFIANT_GIVEN = (
    "Votre identifiant de livret : {identifiant}\n"
    "Notez-le : il vous sera demandé si vous contactez le support. Je vous l'envoie aussi "
    "par e-mail."
)
EMAIL_TAKEN = (
    "Cette adresse est déjà celle d'un autre livret : je ne peux pas la relier à celui-ci. "
    "Votre adresse reste {email}."
)
EMAIL_TAKEN_KEEP = (
    "Cette adresse est déjà celle d'un autre livret, et celui-ci contient déjà des "
    "réponses : je ne peux pas les réunir. Donnez une autre adresse, ou écrivez au support "
    "de Livret pour réunir vos deux livrets."
)
RECOVERED = (
    "🔑 Cette adresse est celle de votre livret : vous le retrouvez ici, avec toutes vos "
    "réponses. Identifiant : {identifiant}.\n"
    "L'ancien compte Telegram n'y a plus accès."
)
DETACHED = (
    "🔑 Votre livret vient d'être ouvert depuis un autre compte, après vérification de votre "
    "adresse e-mail : cette conversation n'y a plus accès.\n"
    "Si ce n'est pas vous, écrivez au support de Livret."
)
EMAIL_CHANGED = "✅ Votre adresse est maintenant {email}."

# ---- activation: the employer -----------------------------------------------------------
ASK_COLLECTIVITE = (
    "Dernière étape : qui est votre employeur ?\n"
    "Tapez son nom, par exemple « Lyon », « Département du Nord » ou « Communauté de "
    "communes du Pays de Gex » (ou son code, si votre service RH vous en a donné un)."
)
ASK_NEW_COLLECTIVITE = (
    "Qui est votre nouvel employeur ? Tapez son nom (une commune, un département, une "
    "intercommunalité…) ou son code."
)
COLLECTIVITE_MATCHES = "Pour « {text} », je trouve :"
COLLECTIVITE_SAME_NAME = (
    "Plusieurs collectivités s'appellent « {text} » : touchez la vôtre, ou tapez le numéro "
    "de son département."
)
COLLECTIVITE_MORE = "Votre employeur n'est pas dans la liste ? Tapez le numéro de son département."
COLLECTIVITE_MATCH = "{nom} ({where})"
COLLECTIVITE_MATCH_VIA = "{nom} ({via} ; {where})"
COLLECTIVITE_NOT_FOUND = (
    "Je ne trouve aucune collectivité nommée « {text} ». Vérifiez l'orthographe ou tapez "
    "seulement le nom de la commune, du département ou de l'intercommunalité. Un CCAS, "
    "un centre de gestion, un SDIS ou un syndicat n'y est que s'il a été ajouté à Livret : "
    "tapez alors le code que votre service RH vous a donné."
)
COLLECTIVITE_NOT_FOUND_UNKNOWN = "Si vous ne savez pas, touchez « Je ne sais pas »."
COLLECTIVITE_NONE_THERE = (
    "Aucune de ces collectivités n'est dans ce département ({departement}) : touchez la "
    "vôtre, ou tapez un autre nom."
)
ASK_FIRST_COLLECTIVITE = (
    "Qui est votre employeur ? Tapez son nom (une commune, un département, une "
    "intercommunalité…) ou son code."
)
COLLECTIVITE_UNKNOWN_ONE = "🤷 Je ne sais pas"
COLLECTIVITE_LATER = (
    "D'accord : vous pourrez indiquer votre employeur plus tard, depuis « 👤 Mon compte »."
)
COLLECTIVITE_HINT = "Votre lien indique : {nom} ({code}). Est-ce bien votre employeur ?"
COLLECTIVITE_YES = "✅ Oui, c'est mon employeur"
COLLECTIVITE_OTHER = "Chercher un autre employeur"
COLLECTIVITE_LINK_UNKNOWN = (
    "Le lien que vous avez suivi contient un code collectivité inconnu : vous pourrez "
    "chercher votre employeur par son nom."
)
COLLECTIVITE_LINK_SAME = "Votre livret est déjà rattaché à {nom}."
COLLECTIVITE_SET = "✅ Collectivité : {nom}."
ONBOARDING_DONE = "Merci, {prenom} ! Votre livret est créé."
ONBOARDING_DONE_UNNAMED = "Merci ! Votre livret est créé."
SITUATION_INTRO = (
    "Quelques questions sur votre situation pour finir. « Passer » saute une question ; "
    "« Plus tard » garde le reste pour une autre fois."
)
ROUND_DONE = "✅ C'est noté."
ROUND_LATER = "🕓 Plus tard"
ROUND_LATER_DONE = "D'accord. Vous compléterez votre situation depuis « Identité et situation »."

# ---- my account -----------------------------------------------------------------------
MENU_ACCOUNT = "👤 Mon compte"
ACCOUNT = (
    "👤 Mon compte\n"
    "• Identifiant : {identifiant}\n"
    "• Adresse e-mail : {email}\n"
    "• Collectivité : {collectivite}"
)
ACCOUNT_COLLECTIVITE = "{nom} ({code})"
ACCOUNT_MY_DATA = "📦 Télécharger mes données"
ACCOUNT_ERASE = "🗑 Supprimer mon compte"
CHANGE_EMAIL = "✉️ Changer d'adresse e-mail"
CHANGE_COLLECTIVITE = "🏛 Changer de collectivité"
GIVE_COLLECTIVITE = "🏛 Indiquer mon employeur"
ACCOUNT_CHANGE_CANCELLED = "Changement abandonné : rien n'a changé."

# ---- e-mails ------------------------------------------------------------------------
MAIL_GREETING = "Bonjour {prenom},"
MAIL_GREETING_UNNAMED = "Bonjour,"
# No code in the subject: subjects end up in mail servers' logs.
MAIL_CODE_SUBJECT = "Votre code de vérification Livret"
MAIL_CODE_BODY = (
    "Voici le code pour vérifier votre adresse dans Livret, l'assistant de votre livret "
    "individuel de formation :"
)
MAIL_CODE_AFTER = (
    "Tapez-le dans la conversation avec Livret. Il est valable 15 minutes.\n"
    "Si vous n'avez rien demandé, ignorez ce message : sans ce code, personne ne peut "
    "utiliser votre adresse."
)
MAIL_IDENTIFIANT_SUBJECT = "Votre identifiant Livret : {identifiant}"
MAIL_IDENTIFIANT_BODY = "Votre adresse est vérifiée. Votre identifiant de livret est :"
MAIL_IDENTIFIANT_AFTER = (
    "Gardez ce message : cet identifiant vous sera demandé si vous contactez le support. "
    "Pour retrouver votre livret sur un autre téléphone, il suffira de vérifier de nouveau "
    "cette adresse."
)
MAIL_CHANGED_SUBJECT = "Livret : votre adresse e-mail a changé"
MAIL_CHANGED_BODY = (
    "L'adresse e-mail de votre livret (identifiant {identifiant}) est désormais {email}. "
    "Les prochains messages de Livret iront à cette adresse."
)
MAIL_CHANGED_AFTER = (
    "Si vous n'êtes pas à l'origine de ce changement, écrivez au support de Livret."
)
MAIL_SIGNATURE = "Livret — votre livret individuel de formation"
MAIL_INACTIVE_SUBJECT = "Livret : votre compte sera effacé le {day} sans nouvelles de vous"
MAIL_INACTIVE_BODY = (
    "Vous n'avez pas utilisé Livret depuis {years}. Comme promis à votre "
    "inscription, un compte inutilisé est effacé : votre livret, vos justificatifs et vos "
    "partages le seront le {day}, sauf si vous revenez d'ici là.\n"
    "Pour garder votre livret, ouvrez la conversation avec Livret et envoyez-lui n'importe "
    "quel message :"
)
MAIL_INACTIVE_AFTER = (
    "Pour en garder une copie avant, envoyez /mesdonnees dans la conversation. Si vous "
    "n'en avez plus besoin, vous n'avez rien à faire."
)

# ---- menu -----------------------------------------------------------------------
MENU_TITLE = "📘 Livret individuel de formation — {name}"
MENU_TITLE_UNNAMED = "📘 Votre livret individuel de formation"
MENU_PROGRESS = "Progression : {bar} {done}/{total} rubriques"
MENU_COMPLETE = "🎉 Toutes les rubriques sont remplies. Vous pouvez les compléter à tout moment."
MENU_NEXT = "Prochaine rubrique à remplir : {title}."
MENU_NEXT_PARTIAL = "À compléter : {title} (il manque : {missing})."
MENU_UNBOUND = "🏛 Votre employeur n'est pas encore indiqué."
MENU_GIVE_COLLECTIVITE = "🏛 Indiquer mon employeur"
MENU_CHOOSE = "Choisissez une rubrique :"
MENU_RESUME = "▶ Reprendre la saisie : {what}"
MENU_HELP = "❓ Aide"
STATE_FILLED = "✅"
STATE_NOT_CONCERNED = "➖"
STATE_EMPTY = "⬜"
STATE_PARTIAL = "🟨"
MENU_ROW_COUNT = "{mark} {title} · {count}"
MENU_ROW_NOT_CONCERNED = "{mark} {title} · sans objet"
MENU_ROW = "{mark} {title}"
MENU_ROW_PARTIAL = "{mark} {title} · à compléter"

# ---- rubrique -------------------------------------------------------------------
RUBRIQUE_EMPTY = "Aucune entrée pour l'instant."
RUBRIQUE_NOT_CONCERNED = "Vous avez indiqué que cette rubrique ne vous concerne pas."
RUBRIQUE_COUNT_ONE = "1 entrée :"
RUBRIQUE_COUNT = "{count} entrées :"
RUBRIQUE_BOTH_WAYS = (
    "Touchez « Ajouter » pour répondre question par question, ou écrivez tout en un message : "
    "{fields}."
)
# ---- an entry typed in one message ------------------------------------------------
LINE_UNDERSTOOD = "Voici ce que j'ai compris."
LINE_PARTLY = "Voici ce que j'ai compris ; il me manque : {missing}."
LINE_DATE_PROBLEM = "« {text} » : {problem}"
LINE_TOO_LONG = (
    "{label} : le texte fait {length} caractères, la limite est de {limit} ; je vous le redemande."
)
LINE_TOO_LONG_OPTIONAL = (
    "{label} : le texte fait {length} caractères, la limite est de {limit} ; je l'ai laissé de "
    "côté, ajoutez-le plus court avec « ➕ {label} »."
)
LINE_RANGE_BACKWARDS = "« {text} » : la fin vient avant le début ; je vous redemande la date."
LINE_ONE_DATE = "« {text} » : une seule date ici ({label}) ; je vous la redemande."
LINE_UNPLACED = "Je n'ai pas su où mettre : « {text} »."
LINES_TOO_MANY = (
    "Votre message compte {count} lignes : j'en lis {limit} au plus à la fois. Envoyez-les en "
    "plusieurs messages."
)
LINES_READ = "J'ai lu {count} entrées. Vérifiez-les avant de les enregistrer :"
LINES_MISSING = "⚠ il manque : {missing}"
LINES_SAVE_ALL = "✅ Enregistrer les {count}"
LINES_SAVE_SOME = "✅ Enregistrer les {count} complètes"
LINES_SAVE_ONE = "✅ Enregistrer l'entrée complète"
LINES_COMPLETE = "✏️ Compléter la n° {number}"
LINES_DROP = "✖ Annuler la liste"
LINES_DROP_ONE = "✖ Ne pas l'enregistrer"
LINES_SAVED = "✅ {count} entrées enregistrées."
LINES_SAVED_ONE = "✅ 1 entrée enregistrée."
LINES_LEFT = "Il reste à compléter :"
LINES_PROBLEM = "Ligne {number} : {problem}"
LINES_LEFT_TO_SAVE = "Reste à enregistrer :"
LINES_SAVE_THE_ONE = "✅ Enregistrer l'entrée"
LINES_IN_PROGRESS = "✏️ en cours"
LINES_TO_CHECK = "⚠ à vérifier"
CANCELLED_LINE = "Ligne laissée sur la liste : rien n'a été enregistré."
HELP_BATCH = (
    "ℹ️ Chaque ligne de votre message est devenue une entrée. « Enregistrer » garde celles "
    "qui sont complètes ; « Compléter » pose les questions qui manquent à une ligne ; "
    "/annuler abandonne toute la liste."
)
LINES_DROPPED = "Liste abandonnée : les lignes qui y restaient n'ont pas été enregistrées."
LINES_RESUME = "📋 Reprendre la liste ({count})"
LINES_PENDING = (
    "Vous avez une liste en cours : enregistrez-la ou abandonnez-la, puis renvoyez votre message."
)
LINE_DRAFT_PENDING = (
    "Vous n'avez pas fini de saisir {singular} : terminez ou abandonnez cette saisie, puis "
    "renvoyez votre message."
)
ADD = "➕ Ajouter {singular}"
FILL = "✏️ Remplir {singular}"
MARK_NOT_CONCERNED = "➖ Cette rubrique ne me concerne pas"
UNMARK_NOT_CONCERNED = "↩ Elle me concerne finalement"
MARKED_NOT_CONCERNED = "C'est noté : la rubrique « {title} » ne vous concerne pas."
UNMARKED_NOT_CONCERNED = "C'est noté : la rubrique « {title} » est de nouveau à remplir."
BACK_MENU = "⬅ Menu"
BACK = "⬅ Retour"

# ---- entry card -----------------------------------------------------------------
EDIT = "✏️ Modifier"
DUPLICATE = "📄 Dupliquer"
DUPLICATING = "Copie de « {title} » : donnez sa date (ou « du … au … »), le reste est repris."
LINKED_ADD = "➕ Ajouter {singular}"
LINKED_ASK = (
    "Pour « {title} » : écrivez {singular} dans un message, ou plusieurs, une ligne "
    "chacune. Ce que vous écrirez y sera relié."
)
LINKED_BY_QUESTIONS = "✏️ Question par question"
DELETE = "🗑 Supprimer"
CARD_LINE = "• {label} : {value}"
CARD_REVERSE = "• {title} associées : {value}"
PICK_FIELD = "Quelle réponse voulez-vous changer ?"
ORDER_CHANGE = "↕ Changer l'ordre"
ORDER_ASK = (
    "{title} : touchez ⬆ ou ⬇ pour déplacer une entrée. Vos documents et vos partages "
    "suivront cet ordre."
)
ORDER_BY_DATE = "📅 Trier par date"
ORDER_DATED = "📅 Trié par date, la plus récente d'abord."
ORDER_DONE = "✅ Terminé"
ORDER_FIRST = "Cette entrée est déjà la première."
ORDER_LAST = "Cette entrée est déjà la dernière."
RELINK_OPEN = "🔗 {title} : relier ou délier"
RELINK_ASK = "{title} : cochez ce qui vient de « {entry} »."
RELINK_NONE = "Rien encore dans « {title} » à relier."
RELINK_DONE = "✅ Terminé"
CONFIRM_DELETE = "Supprimer « {title} » ? Cette action est définitive."
CONFIRM_DELETE_LINKED = "Ce qui y est relié ne le sera plus ({title} : {names})."
CONFIRM_DELETE_LINKS = (
    "Ses liens vers {names} seront retirés ; ces entrées restent dans votre livret."
)
CONFIRM_DELETE_YES = "🗑 Oui, supprimer"
CONFIRM_DELETE_NO = "Non, garder"
DELETED = "🗑 Entrée supprimée : « {title} »."
CHANGED = "✅ Modifié."
ENTRY_GONE = "Cette entrée n'existe plus."

# ---- asking -----------------------------------------------------------------------
QUESTION_STEP = "({index}/{count}) "
CURRENT_VALUE = "Réponse actuelle : {value}"
HINT_DATE = "Exemples : 12/03/2021, 03/2021, mars 2021 ou 2021."
HINT_DATE_LONG_AGO = "Exemples : 14/07/1984, 07/1984, juillet 1984 ou 1984."
HINT_DURATION = "Avec son unité, par exemple : 3 jours, 21 h, 1,5 jour, 2 semaines."
HINT_LONG = "Écrivez votre réponse en un seul message ({limit} caractères au plus)."
HINT_CHOICE = "Touchez la réponse qui convient."
HINT_LINKS = "Touchez pour cocher ou décocher, puis « Valider »."
HINT_NUMBER = "Un nombre entier, par exemple 2."
SKIP = "Passer ⏭"
HINT_OFFERS = "Touchez une proposition, ou écrivez votre réponse."
OTHER_ANSWER = "✏️ Autre (préciser)"
OTHER_TYPE_IT = "Écrivez votre réponse dans un message."
HINT_LISTED = (
    "Écrivez-en quelques lettres, par exemple « rédac » : je vous propose les plus proches."
)
LISTED_FOUND = "Voici les plus proches : touchez le bon, ou réécrivez quelques lettres."
LISTED_NONE = (
    "Je ne trouve rien de proche de « {text} » dans la liste. Réécrivez quelques lettres, "
    "ou gardez votre réponse telle quelle."
)
LISTED_KEEP = "Garder « {text} »"
CLEAR = "Effacer la réponse"
VALIDATE = "✅ Valider"
PREVIOUS_PAGE = "◀ Précédents"
NEXT_PAGE = "Suivants ▶"
LINKS_PAGE = "Page {page} sur {pages}."
CHECKED = "☑"
UNCHECKED = "☐"
NO_LINK_TARGETS = (
    "Vous n'avez encore rien enregistré dans {titles} : rien à relier pour "
    "l'instant. Vous pourrez le faire plus tard."
)
OR = " ou "
SUMMARY = "Vérifiez {this} avant de l'enregistrer :"
SAVE = "✅ Enregistrer"
CHANGE_FIELD = "✏️ Modifier une réponse"
CARD_COMPLETE = "Facultatif, à compléter si vous le souhaitez : {fields}."
CARD_EXPECTED = "À compléter pour que la rubrique soit complète : {fields}."
COMPLETE_FIELD = "➕ {label}"
CARD_TICK_LINKS = "Touchez ce qui s'y rattache pour le cocher."
CANCEL = "✖ Annuler"
SAVED = "✅ Enregistré : {title}."
CANCELLED = "Saisie abandonnée : rien n'a été enregistré."
CHANGE_CANCELLED = "Modification abandonnée : rien n'a changé."
NOTHING_TO_CANCEL = "Il n'y a rien à annuler."
RESUME = "Vous aviez commencé à saisir {singular} ({answered} réponses déjà données)."
RESUME_ONE = "Vous aviez commencé à saisir {singular} (1 réponse déjà donnée)."
RESUME_YES = "▶ Reprendre"
RESUME_DROP = "🗑 Abandonner cette saisie"
RESUME_DROP_AND_ADD = "🗑 L'abandonner et ajouter {singular}"
RESUMING = "On reprend là où vous en étiez."
DROPPED = "Saisie abandonnée."

# ---- answers that cannot be taken -----------------------------------------------
EMPTY_ANSWER = "Cette réponse ne peut pas être vide. Écrivez-la."
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
DATE_FUTURE = "« {date} » est encore à venir : il faut ici une date passée. Vérifiez-la."
DATE_BETWEEN = "Vérifiez cette date : j'attends ici une année entre {first} et {last}."
RESULT_AHEAD = (
    "La session ({date}) est encore à venir : son résultat ne peut être que « {pending} ». "
    "Choisissez-le, ou vérifiez la date."
)
DATE_BEFORE_AGE = (
    "« {date} » tombe avant vos {age} ans (date de naissance : {born}) : vérifiez cette date."
)
DATE_BAD_YEAR = "L'année {year} ne semble pas possible ici. Vérifiez-la."
DATE_ORDER = (
    "La date « {end_label} » ({end}) ne peut pas précéder la date « {start_label} » ({start})."
)
DURATION_UNKNOWN = (
    "Je n'ai pas reconnu cette durée. Écrivez par exemple 3 jours, 21 h, 1,5 jour ou 2 semaines."
)
DURATION_NO_UNIT = "Précisez l'unité : {amount} h, {amount} {days}, {amount} {weeks}…"
DURATION_RANGE = (
    "Cette durée ne semble pas possible : au plus {largest} {unit}, et plus de zéro. Vérifiez-la."
)
NUMBER_EXPECTED = "J'attends un nombre entier, par exemple 2."
NUMBER_RANGE = "Ce nombre semble bien grand. Vérifiez-le."
CHOICE_EXPECTED = "Cette réponse ne fait pas partie des choix : touchez un des boutons ci-dessous."
YESNO_EXPECTED = "Répondez par « Oui » ou « Non », avec les boutons ci-dessous."
LINKS_TAP = "Touchez les éléments pour les cocher, puis « Valider »."
TEXT_EXPECTED = "J'attends une réponse écrite à cette question."
NO_TEXT_HERE = (
    "Je n'attends pas de texte ici : touchez un des boutons du dernier message, ou /menu."
)
COMMAND_WITHOUT_SLASH = "Pour cela, tapez /{command}, avec la barre oblique au début."
NUMBER_NOT_FOR_THAT = "Pour « {label} », touchez le bouton lui-même : un numéro ne suffit pas."
NO_SUCH_BUTTON = (
    "Il n'y a pas de bouton n°{number} ici : touchez un des boutons du dernier message, ou /menu."
)
NO_FILE_HERE = "Je ne peux pas utiliser ce type de message ici : touchez un des boutons, ou /menu."
UNKNOWN_COMMAND = (
    "Je ne connais pas la commande /{command}. Commandes : /menu, /aide, /annuler, "
    "/partages, /rappels, /mesdonnees, /supprimer."
)
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
    "abandonne l'entrée en cours, /mesdonnees envoie toutes vos données, /supprimer efface "
    "votre compte (aussi dans « 👤 Mon compte »)."
)
# The menu of commands a transport shows (Telegram's "/" menu).
COMMAND_MENU = "Le menu de mon livret"
COMMAND_HELP = "De l'aide sur la question en cours"
COMMAND_CANCEL = "Abandonner la saisie en cours"
COMMAND_SHARES = "Mes partages : les liens envoyés, et les retirer"
COMMAND_REMINDERS = "Le rythme des rappels, ou les arrêter"
COMMAND_MY_DATA = "Recevoir toutes mes données"
COMMAND_ERASE = "Supprimer mon compte et mon livret"
HELP_FIELD = "ℹ️ {question}\n{help}"
HELP_OPTIONAL = "Cette réponse est facultative : vous pouvez la laisser vide."
HELP_ONBOARDING = (
    "ℹ️ Votre prénom et votre nom figureront en tête de votre livret. "
    "Vous pourrez les corriger plus tard dans « Identité et situation »."
)
HELP_PRIVACY = (
    "ℹ️ Livret n'enregistre rien de votre livret avant votre accord. Touchez « J'accepte » "
    "sous le message sur vos données pour commencer."
)
HELP_EMAIL = (
    "ℹ️ Votre adresse e-mail professionnelle, celle que votre employeur vous a donnée. "
    "Elle sert à vérifier que le livret est bien le vôtre et à le retrouver si vous changez "
    "de téléphone. Elle n'est montrée à personne."
)
HELP_CODE = (
    "ℹ️ Un e-mail « Votre code de vérification Livret » vient de vous être envoyé : tapez ici les 6 chiffres "
    "qu'il contient. Rien reçu ? Regardez dans les indésirables, puis touchez « Renvoyer un "
    "code », ou « Changer d'adresse » si elle était fausse."
)
HELP_COLLECTIVITE = (
    "ℹ️ Votre employeur est la collectivité qui vous emploie : commune, département, "
    "région, intercommunalité, ou un établissement (CCAS, syndicat, centre de gestion…). "
    "Tapez son nom ; si plusieurs portent ce nom, je vous demande le département. Un "
    "établissement n'est trouvé que s'il a été ajouté à Livret : sinon, tapez le code que "
    "votre service RH vous a donné. Si vous "
    "ne savez pas, touchez « Je ne sais pas » : vous l'indiquerez plus tard."
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

# ---- sharing an extract -------------------------------------------------------------------
MENU_SHARE = "📤 Partager"
SHARE_INTRO = (
    "📤 Partager un extrait de votre livret\n"
    "Cochez ce que vous voulez montrer, rubrique par rubrique : rien n'est coché au départ. "
    "Votre prénom et votre nom figurent toujours sur l'extrait."
)
SHARE_COUNT = "Sélection : {count} éléments."
SHARE_COUNT_ONE = "Sélection : 1 élément."
SHARE_NOTHING_YET = "Sélection : rien pour l'instant."
SHARE_EMPTY_LIVRET = (
    "Votre livret ne contient encore rien à partager : remplissez d'abord une rubrique."
)
SHARE_ROW = "{mark} {title} · {chosen}/{total}"
SHARE_ALL = "☑"
SHARE_SOME = "◐"
SHARE_NONE = "☐"
SHARE_PREVIEW = "👁 Aperçu et envoi"
SHARE_LIST = "📋 Mes partages"
SHARE_PICK = "Cochez ce que vous partagez dans « {title} » :"
SHARE_PICK_IDENTITE = (
    "Votre prénom et votre nom figurent toujours sur l'extrait. Cochez ce que vous montrez "
    "en plus :"
)
SHARE_FIELD = "{label} : {value}"
SHARE_CHECK_ALL = "Tout cocher"
SHARE_UNCHECK_ALL = "Tout décocher"
SHARE_DONE_PICKING = "✅ Terminé"
SHARE_NOTHING_CHOSEN = "Rien n'est coché : choisissez au moins un élément à partager."
SHARE_PREVIEW_TITLE = "👁 Voici exactement ce que contiendra l'extrait :"
SHARE_PREVIEW_NAME = "• Identité : {name}"
SHARE_PREVIEW_RUBRIQUE = "{title} :"
SHARE_PREVIEW_ENTRY = "  • {title}"
SHARE_PREVIEW_HOW = "Comment voulez-vous le transmettre ?"
SHARE_GET_PDF = "📄 Le recevoir ici (PDF)"
SHARE_GET_DOCX = "📝 Le recevoir ici (Word)"
SHARE_LINK = "🔗 Un lien pour mon responsable"
SHARE_EMAIL = "✉️ L'envoyer par e-mail"
SHARE_EDIT = "✏️ Modifier la sélection"
SHARE_DAYS = "Pendant combien de temps le lien restera-t-il valable ?"
SHARE_DAYS_OPTION = "{days} jours"
SHARE_DAYS_DEFAULT = "{days} jours (conseillé)"
SHARE_NOTE = (
    "Un mot pour votre responsable ? Écrivez-le ({limit} caractères au plus), ou touchez "
    "« Sans message »."
)
SHARE_NO_NOTE = "Sans message"
SHARE_NOTE_TOO_LONG = (
    "Votre message fait {length} caractères ; la limite est de {limit}. Raccourcissez-le."
)
SHARE_ASK_EMAIL = "À quelle adresse e-mail envoyer l'extrait ?"
SHARE_PREPARING = "⏳ Je prépare l'extrait, un instant…"
SHARE_FILE = "Extrait de votre livret"
SHARE_READY = "✅ Voici votre extrait : transférez-le à qui vous voulez."
SHARE_LINK_READY = (
    "🔗 Voici le lien à envoyer à votre responsable (copiez-le dans un message) :\n"
    "{link}\n\n"
    "Il ouvre l'extrait dans Telegram jusqu'au {until}. Vous pouvez le retirer à tout moment "
    "dans « Mes partages »."
)
SHARE_EMAIL_SENT = (
    "✉️ Extrait envoyé à {email}. Le lien qu'il contient reste valable jusqu'au {until} ; "
    "vous pouvez le retirer dans « Mes partages »."
)
SHARE_EMAIL_FAILED = (
    "L'e-mail n'a pas pu partir vers {email}. Le partage reste dans « Mes partages » : "
    "retirez-le et réessayez plus tard."
)
SHARE_NOTIFY_ON = "🔔 Me prévenir à chaque ouverture"
SHARE_NOTIFY_OFF = "🔕 Ne plus me prévenir"
SHARE_NOTIFY_SET = "C'est noté : je vous préviendrai à chaque ouverture."
SHARE_NOTIFY_UNSET = "C'est noté : je ne vous préviendrai plus."
SHARE_OPENED = "🔔 Votre extrait ({what}) vient d'être ouvert."
SHARES_TITLE = "📋 Mes partages"
SHARES_NONE = "Vous n'avez encore rien partagé."
SHARE_LINE = "{number}. {what}\n   {holds}\n   {state} · {opened}"
SHARE_HOLDS = "Contient : {parts}"
SHARE_HOLDS_PART = "{title} ({what})"
SHARE_HOLDS_PROOF = "1 justificatif"
SHARE_HOLDS_PROOFS = "{count} justificatifs"
SHARE_HOLDS_NAME = "votre nom seul"
SHARE_CONTENT_LINE = "  • {title} : {entries}"
SHARE_WHAT_LINK = "🔗 lien du {day}"
SHARE_WHAT_EMAIL = "✉️ {email}"
SHARE_MAIL_PENDING = "(envoi non confirmé)"
SHARE_MAIL_FAILED = "(e-mail non parti)"
SHARE_WHAT_NOTE = "« {note} »"
SHARE_OPEN_ONE = "n°{number} · {what}"
SHARE_CREATED = "Créé le {day}"
SHARE_OPENING = "  • ouvert le {when} par {who}"
SHARE_OPENER_UNKNOWN = "un compte sans nom"
SHARE_CLOSED = "Ce partage n'est plus ouvert : il a expiré ou a été retiré."
SHARE_FILE_MANAGER = "Extrait du livret — {name}"
SHARE_MANAGER_FAILED = (
    "Désolé, l'extrait n'a pas pu être préparé. Rouvrez le lien dans quelques minutes."
)
SHARE_NO_BOT = (
    "Les liens et les e-mails de partage ne sont pas disponibles sur ce serveur : recevez "
    "l'extrait ici pour le transmettre."
)
SHARE_NO_MAIL = (
    "L'envoi par e-mail n'est pas disponible sur ce serveur : créez un lien, ou recevez "
    "l'extrait ici pour le transmettre."
)
SHARE_STATE_ACTIVE = "valable jusqu'au {until}"
SHARE_STATE_EXPIRED = "expiré le {until}"
SHARE_STATE_REVOKED = "retiré le {when}"
SHARE_NEVER_OPENED = "jamais ouvert"
SHARE_OPENED_ONCE = "ouvert 1 fois (le {last})"
SHARE_OPENED_MANY = "ouvert {count} fois (dernière fois le {last})"
SHARES_OLDER = "… et {count} partages plus anciens."
SHARES_OLDER_ONE = "… et 1 partage plus ancien."
SHARE_REVOKE = "🚫 Retirer ce partage"
SHARE_REVOKED = "🚫 Partage retiré : le lien ne montre plus rien."
SHARE_ALREADY_REVOKED = "Ce partage est déjà retiré."
SHARE_UNKNOWN = "Ce partage n'existe pas."
# What a manager reads.
SHARE_FOR_MANAGER = (
    "📘 {name} vous transmet un extrait de son livret individuel de formation, choisi par "
    "ses soins le {day}."
)
SHARE_MANAGER_NOTE = "Son message : « {note} »"
SHARE_MANAGER_UNTIL = "Ce lien est valable jusqu'au {until}."
SHARE_INVALID = (
    "Ce lien de partage n'est pas valable : il a expiré, a été retiré par l'agent, ou il est "
    "incomplet. Demandez-lui un nouveau lien."
)
MAIL_SHARE_SUBJECT = "{name} vous transmet un extrait de son livret de formation"
MAIL_SHARE_BODY = (
    "{name} vous transmet, en pièce jointe, un extrait de son livret individuel de "
    "formation, choisi par ses soins le {day}."
)
MAIL_SHARE_LINK = "Vous pouvez aussi l'ouvrir dans Telegram jusqu'au {until} :"
MAIL_SHARE_AFTER = (
    "L'agent peut retirer ce lien à tout moment. Cet extrait ne contient que les éléments "
    "qu'il a choisi de vous communiquer."
)
SHARE_CANCELLED = "Partage abandonné : rien n'a été envoyé."

# ---- reminders --------------------------------------------------------------------------
MENU_REMINDERS = "⏰ Rappels"
REMINDERS_TITLE = "⏰ Rappels pour compléter votre livret"
REMINDERS_PLAN = "Rappel {cadence}, le {day} à {hour}h (heure de Paris)."
REMINDERS_OFF = "Pas de rappel."
REMINDERS_NEXT = "Prochain rappel : {when}."
REMINDERS_DEFAULT = "⏰ {plan} Pour changer ou arrêter : /rappels."
REMINDERS_STOPPED = {
    "paused": (
        "En pause : les trois derniers rappels sont restés sans suite. Choisissez un rythme "
        "pour les reprendre."
    ),
    "blocked": "Arrêtés : vous aviez bloqué Livret dans Telegram. Choisissez un rythme pour les reprendre.",
}
REMINDERS_COMPLETE = (
    "Votre livret est complet : pas de rappel tant qu'il le reste. Choisissez « un rappel "
    "par an » pour penser à le mettre à jour."
)
REMINDERS_COMPLETE_YEARLY = (
    "Votre livret est complet : un rappel par an pour penser à le mettre à jour."
)
REMINDERS_YEARLY_ON = "📘 Livret complet : un rappel par an ✅"
REMINDERS_YEARLY_OFF = "📘 Livret complet : un rappel par an ? Non"
REMINDERS_DAY = "📅 Le jour"
REMINDERS_HOUR = "🕙 L'heure"
REMINDERS_ASK_DAY = (
    "Quel jour ? Les rappels tombent en semaine ; le samedi et le dimanche seulement si vous "
    "les choisissez."
)
REMINDERS_ASK_HOUR = (
    "À quelle heure (heure de Paris) ? Une heure pleine, de 8h à 21h : touchez-la ci-dessous."
)
REMINDERS_SET = "✅ C'est noté."
REMINDERS_HOUR_NOT_OFFERED = "Je propose une heure pleine de 8h à 21h, par exemple « 9h »."
REMINDERS_DAY_UNKNOWN = "Je n'ai pas reconnu ce jour : écrivez-le en toutes lettres (« mardi »)."
REMINDER_TITLE = "⏰ Un petit pas pour votre livret ?"
REMINDER_NEXT = "Prochaine étape : {title}."
REMINDER_NEXT_PARTIAL = "Prochaine étape : compléter {title} (il manque : {missing})."
REMINDER_UNBOUND = (
    "Votre employeur n'est pas encore indiqué : indiquez-le pour qu'il figure sur votre livret."
)
REMINDER_DRAFT = "Vous aviez commencé à saisir {what} : il reste quelques questions."
REMINDER_OPEN = "✏️ Remplir « {title} »"
REMINDER_HOW_TO_STOP = "Pour changer le rythme ou arrêter : /rappels"
REMINDER_COMPLETE = "🎉 Votre livret est complet : il n'y a pas de rappel à vous envoyer."
REMINDER_YEARLY = (
    "📘 Voilà un an : pensez à mettre à jour votre livret (formations suivies, emplois, "
    "compétences). Pour arrêter ce rappel annuel : /rappels"
)
REMINDERS_PAUSED = (
    "⏸ Je mets les rappels en pause : les trois derniers sont restés sans suite. Votre "
    "livret vous attend ; pour les reprendre, tapez /rappels."
)

# ---- proofs -------------------------------------------------------------------------------
# An entry with a proof is "justifiée", one without "déclarée" (issue 17's provenance).
PROOFS_TITLE = "📎 Justifiée — justificatifs ({count}) :"
PROOFS_NONE = "📝 Déclarée : pas encore de justificatif (attestation, copie du diplôme, contrat…)."
LISTED_JUSTIFIED = " · 📎 justifiée"
LISTED_DECLARED = " · déclarée"
PROOF_LINE = "  {number}. {name} · {details}"
PROOF_NAME = "{noun} — {entry}"
PROOF_DETAILS = "{what}, {size}"
PROOF_PDF = "PDF"
PROOF_PHOTO = "Photo"
PROOF_ADD = "📎 Ajouter un justificatif"
PROOF_REMOVE = "🗑 Retirer le justificatif n°{number}"
PROOF_ASK = (
    "Envoyez la photo ou le PDF du justificatif ({limit} Mo au plus) : prenez le document "
    "en photo, ou transférez le PDF reçu."
)
PROOF_ADDED = "📎 Justificatif ajouté."
PROOF_REMOVED = "🗑 Justificatif retiré."
PROOF_TOO_BIG = "Ce fichier dépasse 20 Mo : envoyez une photo, ou un PDF plus léger."
PROOF_TOO_MANY_PIXELS = (
    "Cette image est immense (plus de 60 millions de pixels) : envoyez-la en taille réduite, "
    "ou comme « photo » plutôt que comme fichier."
)
PROOF_HEIC = (
    "Cette photo est au format HEIC (iPhone), que je ne sais pas lire. Envoyez-la comme "
    "« photo » plutôt que comme fichier, ou réglez l'appareil photo sur « Le plus compatible »."
)
PROOF_TYPE = "Ce fichier n'est ni un PDF, ni une photo JPEG ou PNG : je ne peux pas le joindre."
PROOF_CORRUPT = (
    "Ce fichier est abîmé : je n'arrive pas à l'ouvrir. Renvoyez-le, ou prenez une photo."
)
PROOF_ENCRYPTED = (
    "Ce PDF est protégé par un mot de passe : je ne peux ni le lire ni le joindre. Envoyez-le "
    "sans mot de passe, ou prenez une photo du document."
)
PROOF_DUPLICATE = "Ce fichier est déjà joint à cette entrée."
PROOF_NOT_A_FILE = "J'attends une photo ou un PDF (ou touchez « Retour »)."
PROOF_NO_ENTRY = (
    "Pour joindre un justificatif, ouvrez d'abord l'entrée concernée (un diplôme, une "
    "formation…), puis touchez « 📎 Ajouter un justificatif »."
)
SHARE_PROOF = "📎 Joindre : {noun} ({details})"
SHARE_PREVIEW_PROOFS = "(+ {count} justificatifs)"
SHARE_PREVIEW_PROOF = "(+ 1 justificatif)"
PROOF_OFFER = (
    "📎 Avez-vous {proof} sous la main ? Vous pouvez {it} joindre maintenant, ou plus tard."
)
PROOF_ADD_NOW = "📎 Joindre {proof} maintenant"
ANNEXES_PDF_ONLY = "Vos justificatifs ne sont joints qu'au PDF : redemandez-le plus tard."

# ---- erasing the account ---------------------------------------------------------------
ERASE_WARNING = (
    "⚠️ Supprimer votre compte efface définitivement, sans retour possible :\n"
    "• votre livret (toutes vos réponses) et vos justificatifs ;\n"
    "• vos partages : les liens envoyés ne montreront plus rien ;\n"
    "• vos rappels, votre adresse e-mail et votre identifiant.\n"
    "Pensez à demander d'abord votre livret (📄 Mon livret) si vous voulez le garder.\n\n"
    "Pour confirmer, tapez SUPPRIMER, en majuscules."
)
ERASE_WRONG_WORD = "Ce n'est pas le mot attendu (SUPPRIMER, en majuscules) : rien n'a été effacé."
ERASE_KEEP = "✖ Non, garder mon compte"
ERASE_KEPT = "Rien n'a été effacé."
ERASED = (
    "Votre compte et votre livret sont effacés. Merci d'avoir utilisé Livret. "
    "Tapez /start si vous voulez un jour recommencer."
)

# ---- the agent's data ----------------------------------------------------------------------
EXPORT_PREPARING = "⏳ Je rassemble tout ce que Livret conserve sur vous, un instant…"
EXPORT_FILE = "Toutes vos données"
EXPORT_READY = (
    "✅ Voici l'archive de toutes vos données : vos réponses et vos réglages (donnees.json, "
    "expliqué dans LISEZMOI.txt), votre livret en PDF et en Word, vos justificatifs."
)
EXPORT_README = """Vos données dans Livret

Cette archive contient tout ce que Livret conserve sur vous :

- donnees.json : chaque enregistrement, table par table (dans « tables ») :
  - agents : votre compte (adresse e-mail vérifiée, identifiant, collectivité, dates) ;
  - agent_channels : les comptes de messagerie reliés à votre livret ;
  - entries : les entrées de votre livret (rubrique, réponses au format JSON, dates) ;
  - rubrique_status : les rubriques marquées « non concerné » ;
  - dialog_state : où vous en êtes dans la conversation ;
  - email_codes : l'historique des vérifications d'adresse (sans les codes) ;
  - shares et share_openings : vos partages et chaque ouverture ;
  - reminders : vos rappels ;
  - proofs : vos justificatifs (les fichiers sont dans le dossier justificatifs/).
- livret/ : votre livret en PDF (avec ses annexes) et en Word.
- justificatifs/ : les photos et PDF que vous avez joints.

Les dates sont en temps universel (UTC), au format ISO 8601.

Pour changer de serveur : l'administrateur du nouveau serveur importe cette archive telle
quelle (commande « livret admin import-agent »). Votre livret, ses liens et vos
justificatifs y reviennent ; les liens de partage déjà envoyés, eux, restent fermés.
"""

# ---- inactive accounts ----------------------------------------------------------------------
INACTIVE_WARNING = (
    "⚠️ Vous n'avez pas utilisé Livret depuis {years}. Sans nouvelles de vous, votre "
    "compte, votre livret, vos justificatifs et vos partages seront effacés le {day}.\n"
    "Pour les garder, touchez « Garder mon livret » ou envoyez n'importe quel message. Pour "
    "en garder une copie avant, envoyez /mesdonnees."
)
INACTIVE_KEEP = "✅ Garder mon livret"
INACTIVE_KEPT = "✅ C'est noté : votre livret est conservé."
SINCE_ONE_YEAR = "plus d'un an"
SINCE_YEARS = "plus de {n} ans"
SINCE_DAYS = "plus de {n} jours"

# ---- an annex the PDF could not take ----------------------------------------------------------
ANNEX_LEFT_OUT = (
    "⚠️ L'annexe {number} ({what}, « {entry} ») n'a pas pu être jointe : le fichier est "
    "abîmé. Ouvrez cette fiche, retirez ce justificatif et envoyez-le de nouveau."
)

# ---- attestations read into entries ----------------------------------------------------
READ_FROM_FILE = "📎 Depuis une attestation"
MENU_READING = "📥 Le fichier envoyé : ce que j'y ai lu"
READ_ASK = (
    "Envoyez la photo ou le PDF {of_proof} ({limit} Mo au plus) : je {it} lis et je vous "
    "propose l'entrée, à vérifier avant de l'enregistrer."
)
READ_ALREADY = (
    "Ce fichier est déjà le justificatif de « {title} » : je ne le relis pas, l'entrée existe déjà."
)
READ_STARTED = (
    "📖 Je lis votre fichier… Vous pouvez continuer en attendant : je vous préviens dès que "
    "c'est fait."
)
READ_FOUND_ONE = "✅ Fichier lu : j'y trouve une entrée pour « {title} » :\n{lines}"
READ_FOUND = "✅ Fichier lu : j'y trouve {count} entrées pour « {title} » :\n{lines}"
READ_FIELD_REFUSED = (
    "Ce que le fichier donne pour « {label} » ne convient pas : je vous le redemande."
)
READ_PROOF_KEPT = "Le fichier sera joint à chacune comme justificatif."
READ_PROOF_KEPT_ONE = "Le fichier lui sera joint comme justificatif."
READ_REVIEW = "👀 Vérifier et enregistrer"
READ_ALL_KNOWN = (
    "✅ Fichier lu : votre livret a déjà {titles}. Joindre ce fichier comme justificatif de "
    "plus, ou ne rien enregistrer ?"
)
READ_SOME_KNOWN = "Déjà dans votre livret, et laissé de côté : {titles}."
READ_JOIN = "📎 Le joindre à « {title} »"
READ_SOMEONE_ELSE = (
    "⚠ Ce document est au nom de {name} : vérifiez qu'il s'agit bien du vôtre avant de "
    "l'enregistrer."
)
READ_DROP = "🗑 Ne rien enregistrer"
READ_DROPPED = "C'est noté : rien n'a été enregistré, et le fichier est effacé."
READ_NOTHING = "Je n'ai trouvé dans ce fichier ni formation, ni diplôme, ni certification."
READ_TYPE_IT = (
    "Vous pouvez saisir l'entrée vous-même : touchez sa rubrique, le fichier lui sera joint "
    "comme justificatif. Ou touchez « Ne rien enregistrer »."
)
READ_TYPE = "✍️ {title}"
READ_BATCH_FIRST = (
    "Une liste attend déjà d'être enregistrée : enregistrez-la ou annulez-la, puis touchez "
    "de nouveau « Vérifier et enregistrer »."
)
READ_GONE = "Ce fichier n'est plus en attente : envoyez-le de nouveau si besoin."
READ_STILL = "Je lis encore ce fichier : encore quelques secondes."
READ_PROOF_LOST = (
    "Le fichier lu n'est plus là (plus d'une heure a passé) : joignez-le de nouveau depuis "
    "l'entrée si vous le souhaitez."
)
READ_PROBLEMS = {
    "linkedin_missing": (
        "Cette archive ne contient aucun des fichiers d'un export LinkedIn (Positions.csv, "
        "Education.csv, Certifications.csv, Skills.csv) : rien n'a été importé."
    ),
    "linkedin_empty": "Cet export LinkedIn ne contient aucun poste, diplôme ni compétence.",
    "europass_version": (
        "Je ne reconnais pas cette version du CV Europass : rien n'a été importé. Envoyez le "
        "PDF Europass, ou saisissez vos entrées."
    ),
    "europass_empty": "Ce CV Europass ne contient aucune expérience ni aucun diplôme.",
    "jsonresume_empty": "Ce fichier JSON est vide : il n'y a rien à importer.",
    "too_big": "Ce fichier est trop lourd pour être lu.",
    "too_many_pages": "Ce PDF a plus de {pages} pages : envoyez seulement celles de l'attestation.",
    "too_many_pixels": (
        "Cette image, ou cette page, est trop grande pour être lue : envoyez une photo plus petite."
    ),
    "encrypted": "Ce PDF est protégé par un mot de passe : je ne peux pas le lire.",
    "damaged": "Ce fichier est abîmé : je n'arrive pas à l'ouvrir.",
    "type": "Je ne lis que les PDF et les photos (JPEG ou PNG).",
    "heic": "Une photo HEIC ne se lit pas ici : envoyez-la en JPEG ou en capture d'écran.",
    "no_ocr": "Je ne sais pas encore lire les photos sur ce serveur.",
    "timeout": "La lecture a pris trop de temps : le fichier est peut-être trop chargé.",
    "too_long": (
        "Ce fichier contient bien trop de texte pour une attestation : envoyez seulement la "
        "page de l'attestation."
    ),
    "failed": "Je n'ai pas réussi à lire ce fichier.",
    "unreadable": (
        "Je n'arrive pas à lire ce fichier : la photo ou le scan est peut-être flou, sombre "
        "ou de travers."
    ),
}

# ---- a CV file imported ----------------------------------------------------------------
IMPORT_FOUND = "📥 Dans votre {source}, je trouve {count} éléments :"
IMPORT_FOUND_ONE = "📥 Dans votre {source}, je trouve un élément :"
IMPORT_COUNT = "{title} : {count}"
IMPORT_HOW = "Tout est coché : touchez un élément pour le décocher, puis « Importer »."
IMPORT_HOW_EXISTING = (
    "Tout est coché, sauf ce qui est déjà dans votre livret : touchez un élément pour le "
    "cocher ou le décocher, puis « Importer »."
)
IMPORT_HOW_SOME = "Touchez un élément pour le cocher ou le décocher, puis « Importer »."
IMPORT_LEFT_OUT = (
    "Ce fichier en contient {count} de plus, que je ne reprends pas en une fois : "
    "ajoutez-les ensuite à la main, ou depuis un fichier plus court."
)
IMPORT_LEFT_OUT_ONE = (
    "Ce fichier en contient un de plus, que je ne reprends pas en une fois : ajoutez-le "
    "ensuite à la main."
)
IMPORT_KNOWN = " (déjà dans votre livret)"
IMPORT_KNOWN_SHORT = " · déjà là"
IMPORT_TWICE = " (en double dans le fichier)"
IMPORT_TWICE_SHORT = " · en double"
IMPORT_TICK_ALL = "☑ Tout cocher"
IMPORT_UNTICK_ALL = "☐ Tout décocher"
IMPORT_GO = "✅ Importer les {count} éléments cochés"
IMPORT_GO_ONE = "✅ Importer l'élément coché"
IMPORT_DROP = "✖ Ne rien importer"
IMPORT_DROPPED = "C'est noté : rien n'a été importé."
IMPORTED = "✅ {count} entrées importées."
IMPORTED_ONE = "✅ 1 entrée importée."
IMPORT_TO_COMPLETE_ONE = "Il reste un élément à compléter avant de l'enregistrer :"
IMPORT_TO_COMPLETE = (
    "Il reste {count} éléments à compléter avant de les enregistrer (une date, une "
    "précision), rubrique par rubrique :"
)
