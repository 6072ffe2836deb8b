"""What the transports themselves say, in French (the conversation's copy is in dialogs)."""

TURN_FAILED = (
    "Désolé, un problème est survenu : votre dernière réponse n'a pas été enregistrée. "
    "Réessayez, ou tapez /menu."
)
REPLY_FAILED = (
    "Désolé, ma réponse n'a pas pu vous parvenir. Ce que vous avez répondu est bien "
    "enregistré : tapez /menu pour voir où vous en êtes."
)
TERMINAL_INTRO = (
    "Livret — chat dans le terminal. Répondez au clavier ; pour un bouton, tapez son numéro "
    "ou son libellé. Une ligne finie par \\ continue le même message (pour une liste). "
    "Ctrl+D pour quitter."
)
TERMINAL_BYE = "À bientôt ! Tout est enregistré."
TERMINAL_UNREADABLE = (
    "Un caractère de cette ligne n'a pas pu être lu (le terminal n'envoie pas de l'UTF-8) : "
    "rien n'a été enregistré, retapez-la."
)
NO_TOKEN = (
    "LIVRET_TELEGRAM_TOKEN n'est pas défini.\n"
    "1. Créez un bot avec @BotFather sur Telegram et copiez son jeton.\n"
    "2. Écrivez-le dans le fichier .env : LIVRET_TELEGRAM_TOKEN=123456:ABC…\n"
    "3. Relancez : livret run\n"
    "Pour essayer sans Telegram : livret chat"
)
NO_SMTP = (
    "Attention : aucun serveur SMTP (LIVRET_SMTP_HOST). Les codes de vérification seront "
    "écrits dans {outbox} et n'arriveront pas aux agents : ils ne pourront pas activer leur "
    "livret. Réglez LIVRET_SMTP_* dans .env."
)
EDITION_SAVED = "📄 Fichier enregistré : {path}"
MAIL_IN_OUTBOX = "📧 (Pas de serveur SMTP configuré : l'e-mail a été déposé dans {path})"
NEWER_DATABASE = "Impossible d'ouvrir la base de données : {error}"
EXPORT_UNKNOWN_AGENT = (
    "Aucun agent « {agent} ». Donnez son identifiant (LIF-XXXX-XXXX), son numéro (table "
    "agents), telegram:<id Telegram> ou terminal:<nom>."
)
EXPORT_NO_PDF = "Le PDF n'a pas pu être créé ({reason}). Essayez --format docx."
EXPORT_SUFFIX = "« {path} » ne finit pas par .{kind} : donnez un nom de fichier .{kind}."
EXPORT_WRITE = "Impossible d'écrire « {path} » : {error}."
EXPORT_DONE = "Livret écrit : {path}"

# ---- livret admin -----------------------------------------------------------------------
CSV_MISSING = "Le fichier « {path} » n'existe pas."
CSV_UNREADABLE = "Impossible de lire « {path} » (droits d'accès ? dossier ?)."
CSV_NOT_UTF8 = "« {path} » n'est pas en UTF-8. Dans votre tableur, enregistrez-le en « CSV UTF-8 »."
CSV_BAD_HEADER = (
    "« {path} » : {problem}. La première ligne doit nommer les colonnes : code, nom, type, "
    "departement, delegation_regionale."
)
CSV_SKIPPED = "Le registre contient déjà des collectivités : rien n'a été importé."
CSV_IMPORTED = "Collectivités importées : {new} nouvelles, {updated} mises à jour."
CSV_BAD_ROW = "  ligne {line} : {problem}"
CSV_BAD_COUNT = (
    "Lignes refusées : {count} ; les autres sont importées. Corrigez-les et réimportez le fichier."
)
REGISTRY_EMPTY = (
    "Aucune collectivité importée. Pour ajouter des CCAS, syndicats, centres de gestion ou "
    "des codes du CNFPT : livret admin collectivites import FICHIER.csv"
)
REGISTRY_BUILTIN = (
    "Et, sans import, le registre national : {count} collectivités (communes, EPCI, EPT, "
    "départements, régions ; découpage administratif 6.0.0). Une collectivité importée "
    "remplace celle du registre qui a le même nom, le même type et le même département."
)
COLLECTIVITE_LINE = (
    "{code}\t{nom} · {type} · {departement} · délégation {delegation}\t(lien : ?start=c-{code})"
)
COLLECTIVITE_COUNT = "Collectivités importées : {count}."
AGENT_SHOWN = "Agent n°{agent} · identifiant {identifiant} · activé : {activated}"
AGENT_HOLDING = "  {what} : {count}"
HOLDINGS = {
    "agent_channels": "comptes de messagerie reliés",
    "entries": "entrées du livret",
    "email_codes": "codes de vérification envoyés",
    "shares": "partages",
    "proofs": "justificatifs",
    "reminders": "réglage de rappels",
    "dialog_state": "état de conversation",
}
AGENT_ERASED = "Agent n°{agent} effacé : ses données et ses fichiers ont été supprimés."
AGENT_DELETE_CONFIRM = "Ajoutez --oui pour confirmer : l'effacement est définitif."
AGENT_IMPORTED = (
    "Livret {identifiant} importé (agent n° {agent}) ; entrées : {entries}, justificatifs : "
    "{proofs}, partages : {shares}."
)
AGENT_IMPORT_CHANNEL_TAKEN = (
    "  Le compte {channel} est déjà relié à un autre livret sur ce serveur : il n'a pas été "
    "relié à celui-ci. L'agent retrouvera son livret en donnant son adresse e-mail à "
    "l'inscription, depuis un compte qui n'a pas encore de réponses."
)
AGENT_IMPORT_UNKNOWN_COLLECTIVITE = (
    "  La collectivité {code} n'est pas dans le registre de ce serveur : importez-la "
    "(livret admin collectivites import)."
)
AGENT_IMPORT_LINKS = "  Les liens de partage envoyés depuis l'ancien serveur restent fermés."
# Why an archive cannot be imported (storage.RestoreError's reasons); nothing was written.
IMPORT_REFUSED = "Import refusé, rien n'a été écrit : {problem}"
IMPORT_PROBLEMS = {
    "no_file": "le fichier « {detail} » n'existe pas.",
    "not_zip": "« {detail} » n'est pas une archive ZIP lisible.",
    "no_data": "l'archive ne contient pas donnees.json : est-ce bien celle de /mesdonnees ?",
    "bad_json": "donnees.json n'est pas lisible (fichier modifié ?).",
    "format": "archive d'un format inconnu ({detail}) : mettez Livret à jour.",
    "not_one_agent": "donnees.json doit décrire un seul agent (ici : {detail}).",
    "exists": "{detail} a déjà un livret sur ce serveur. Effacez-le d'abord s'il faut le remplacer.",
    "bad_entry": "une entrée de « {detail} » n'est pas valide.",
    "bad_proof": "le justificatif « {detail} » ne correspond pas à celui enregistré.",
    "missing_proof": "le justificatif « {detail} » manque dans l'archive.",
    "bad_row": "des données de « {detail} » sont incomplètes ou mal formées.",
    "conflict": "les données entrent en conflit avec celles du serveur ({detail}).",
}

# ---- livret run: the configuration at start -----------------------------------------------
SUMMARY_TITLE = "Livret — configuration"
SUMMARY_SET = "défini"
SUMMARY_UNSET = "non défini"
SUMMARY_SECRET_EACH_START = "nouveau à chaque démarrage"
SUMMARY_POLLING = "polling (getUpdates)"
SUMMARY_WEBHOOK = "webhook {url} (écoute {listen}:{port}, jeton secret {secret})"
SUMMARY_TELEGRAM = "  Telegram  : jeton {token} · API {api} · {mode}"
SUMMARY_DATA = "  Données   : {folder} (base {db})"
SUMMARY_SMTP = (
    "  E-mail    : {host}:{port} ({security}), compte {user}, mot de passe {password}, "
    "expéditeur {sender}"
)
SUMMARY_NO_SMTP_LINE = "  E-mail    : aucun serveur SMTP, e-mails écrits dans {outbox}"
SUMMARY_PDF_WARM = "  PDF       : LibreOffice chaud (unoserver {server})"
SUMMARY_PDF_COLD = (
    "  PDF       : LibreOffice lancé pour chaque document (LIVRET_UNOSERVER : plus rapide)"
)
SUMMARY_PDF_NONE = "  PDF       : LibreOffice introuvable, documents en Word seulement"
SUMMARY_MISSING_PDF = (
    "LibreOffice n'est pas installé : les agents recevront leur livret en Word seulement. "
    "Installez libreoffice-writer-nogui, ou réglez LIVRET_UNOSERVER."
)
SUMMARY_REMINDERS = "  Rappels   : vérifiés toutes les {every:g} s, {rate:g} messages/s au plus"
SUMMARY_REMINDERS_OFF = "  Rappels   : non envoyés par ce processus (LIVRET_REMINDER_INTERVAL=0)"
SUMMARY_INACTIVE = (
    "  Inactifs  : avertis après {after} jours sans activité, effacés {notice} jours plus tard"
)
SUMMARY_INACTIVE_OFF = "  Inactifs  : jamais effacés (LIVRET_INACTIVE_AFTER_DAYS=0)"
SUMMARY_LOGS = "  Journaux  : niveau {level}, format {kind}"
SUMMARY_MISSING_TITLE = "À régler :"
BAD_SETTING = "Réglage invalide : {name} : {problem}"

# ---- livret admin backup / restore --------------------------------------------------------
BACKUP_DONE = "Sauvegarde écrite dans {path} (agents : {agents}, justificatifs : {proofs})."
BACKUP_CANNOT_WRITE = "Impossible d'écrire « {path} » : {error}."
BACKUP_NO_DATABASE = "Aucune base de données à sauvegarder ({path}) : vérifiez LIVRET_DATA_DIR."
RESTORE_DONE = (
    "Sauvegarde du {created} restaurée dans {path} (agents : {agents}). Vous pouvez relancer "
    "le bot."
)
RESTORE_REFUSED = "Restauration refusée, rien n'a été remplacé : {problem}"
RESTORE_PROBLEMS = {
    "no_manifest": "« {detail} » n'est pas un dossier de sauvegarde (sauvegarde.json absent).",
    "bad_manifest": "sauvegarde.json de « {detail} » est illisible.",
    "newer": "la sauvegarde vient d'une version plus récente de Livret (schéma {detail}) : "
    "mettez Livret à jour.",
    "missing": "le fichier « {detail} » manque dans la sauvegarde.",
    "changed": "le fichier « {detail} » a changé depuis la sauvegarde (abîmé ?).",
    "corrupt": "la base de la sauvegarde est endommagée.",
    "not_empty": "la base actuelle ({detail}) contient des agents. Arrêtez le bot, puis "
    "ajoutez --oui pour la remplacer par la sauvegarde.",
    "unexpected": "sauvegarde.json nomme un fichier qu'une sauvegarde ne contient pas "
    "(« {detail} »).",
    "unreadable": "le fichier « {detail} » de la sauvegarde ne peut pas être lu (droits "
    "d'accès ?).",
    "not_livret": "la base de la sauvegarde n'a pas les tables d'une base Livret (schéma "
    "{detail}).",
    "bad_row": "la base de la sauvegarde contient des données que Livret n'écrit pas ({detail}).",
    "bad_proof": "la base de la sauvegarde nomme un justificatif à un emplacement invalide "
    "(« {detail} »).",
    "bad_entry": "la base de la sauvegarde contient une entrée de « {detail} » que Livret ne "
    "peut pas lire.",
    "target": "« {detail} » n'est pas du bon type (un fichier à la place d'un dossier, ou "
    "l'inverse) : déplacez-le, puis relancez la restauration.",
    "busy": "la base actuelle ({detail}) est ouverte par un autre programme (livret chat ?) : "
    "fermez-le, puis relancez la restauration.",
}

# ---- livret doctor ---------------------------------------------------------------------------
DOCTOR_OK = "Tout est prêt."
DOCTOR_FAILED = "Points à corriger avant de lancer le bot : {count}."
DOCTOR_TELEGRAM = "Telegram"
DOCTOR_NO_TOKEN = "aucun jeton (LIVRET_TELEGRAM_TOKEN)"
DOCTOR_NO_TOKEN_FIX = (
    "Créez un bot avec @BotFather et écrivez son jeton dans .env : LIVRET_TELEGRAM_TOKEN=…"
)
DOCTOR_TOKEN_REFUSED = "jeton refusé par Telegram"
DOCTOR_TOKEN_REFUSED_FIX = (
    "Recopiez le jeton donné par @BotFather (commande /token) dans LIVRET_TELEGRAM_TOKEN."
)
DOCTOR_TOKEN_OR_API = "jeton refusé, ou {url} n'est pas l'adresse d'une API Bot"
DOCTOR_TOKEN_OR_API_FIX = (
    "Vérifiez LIVRET_TELEGRAM_BASE_URL (elle finit par /bot, comme "
    "https://api.telegram.org/bot), puis le jeton donné par @BotFather."
)
DOCTOR_COLD_FALLBACK = " : LibreOffice sera lancé pour chaque document, plus lentement"
DOCTOR_API_UNREACHABLE = "API injoignable à {url}"
DOCTOR_API_UNREACHABLE_FIX = (
    "Vérifiez l'accès réseau du serveur vers api.telegram.org (pare-feu, proxy), ou "
    "LIVRET_TELEGRAM_BASE_URL pour un serveur Bot API auto-hébergé."
)
DOCTOR_BOT = "bot @{username} (n°{id})"
DOCTOR_WEBHOOK_NOT_HTTPS = (
    "Telegram n'envoie les webhooks qu'en HTTPS : LIVRET_WEBHOOK_URL=https://…"
)
DOCTOR_DATA = "Dossier de données"
DOCTOR_DATA_NOT_WRITABLE = "{path} n'est pas accessible en écriture ({error})"
DOCTOR_DATA_FIX = (
    "Créez le dossier et donnez-le à l'utilisateur du bot ({user}), ou changez LIVRET_DATA_DIR."
)
DOCTOR_DATA_OK = "{path}, {free:.1f} Go libres"
DOCTOR_SPACE_FIX = "Moins de 1 Go libre : libérez de la place, ou déplacez LIVRET_DATA_DIR."
DOCTOR_PERMISSIONS = "Droits des fichiers"
DOCTOR_PERMISSIONS_OK = "lisibles par le seul compte du bot"
DOCTOR_PERMISSIONS_OPEN = "d'autres comptes de la machine peuvent lire : {paths}"
DOCTOR_PERMISSIONS_FIX = (
    "chmod -R go-rwx {path} (Livret crée désormais ses fichiers pour son seul compte)"
)
DOCTOR_DATABASE = "Base de données"
DOCTOR_DB_NEW = "{path} sera créée au premier démarrage"
DOCTOR_DB_OK = "{path}, schéma {version}, accessible en écriture"
DOCTOR_DB_OLDER = " (passera au schéma {ours} au démarrage)"
DOCTOR_DB_BROKEN = "{path} illisible ou verrouillée ({error})"
DOCTOR_DB_BROKEN_FIX = (
    "Vérifiez les droits du fichier ; s'il est endommagé, restaurez la dernière sauvegarde "
    "(livret admin restore)."
)
DOCTOR_DB_NEWER = "schéma {version}, plus récent que celui de cette version ({ours})"
DOCTOR_DB_NEWER_FIX = "Installez la version de Livret qui a écrit cette base, ou plus récente."
DOCTOR_PDF = "PDF (LibreOffice)"
DOCTOR_UNOSERVER_DOWN = "unoserver ne répond pas à {server}"
DOCTOR_UNOSERVER_FIX = (
    "Lancez unoserver (voir compose.yaml ou bench/unoserver.sh), ou videz LIVRET_UNOSERVER "
    "pour lancer LibreOffice à chaque document."
)
DOCTOR_NO_SOFFICE = "LibreOffice introuvable : les agents recevront le Word seulement"
DOCTOR_NO_SOFFICE_FIX = "apt-get install -y libreoffice-writer-nogui"
DOCTOR_PDF_FAILED = "la conversion d'essai a échoué ({reason})"
DOCTOR_PDF_FIX = (
    "Essayez « soffice --headless --convert-to pdf » à la main ; augmentez LIVRET_PDF_TIMEOUT "
    "si le serveur est lent."
)
DOCTOR_PDF_WARM = "conversion d'essai réussie (unoserver {server})"
DOCTOR_PDF_COLD = "conversion d'essai réussie (LibreOffice lancé à chaque document)"
DOCTOR_SMTP = "E-mail (SMTP)"
DOCTOR_NO_SMTP = "aucun serveur : les e-mails sont écrits dans le dossier outbox"
DOCTOR_NO_SMTP_FIX = (
    "Sans e-mail, les agents ne reçoivent pas leur code et ne peuvent pas activer leur livret : "
    "réglez LIVRET_SMTP_HOST, _PORT, _SECURITY, _USER et _PASSWORD."
)
DOCTOR_SMTP_UNREACHABLE = "{server} injoignable ({error})"
DOCTOR_SMTP_UNREACHABLE_FIX = (
    "Vérifiez LIVRET_SMTP_HOST et LIVRET_SMTP_PORT (587 pour starttls, 465 pour tls), le "
    "pare-feu, et LIVRET_SMTP_CA_FILE pour une autorité privée."
)
DOCTOR_SMTP_LOGIN = "{server} refuse le compte {user}"
DOCTOR_SMTP_LOGIN_FIX = "Vérifiez LIVRET_SMTP_USER et LIVRET_SMTP_PASSWORD."
DOCTOR_SMTP_OK = "{server} ({security}), connexion et identification réussies"

# ---- livret run: why it could not start -----------------------------------------------------
RUN_ALREADY = (
    "Un bot tourne déjà sur la base {database} : arrêtez-le d'abord (deux bots sur les mêmes "
    "données se disputeraient les messages)."
)
RUN_TOKEN_REFUSED = (
    "Telegram refuse le jeton (LIVRET_TELEGRAM_TOKEN), ou {api} n'est pas l'adresse d'une API "
    "Bot. Vérifiez-les : livret doctor."
)
RUN_API_UNREACHABLE = "L'API Telegram ({api}) est injoignable. Vérifiez le réseau : livret doctor."
RUN_TELEGRAM_REFUSED = (
    "Telegram a refusé le démarrage ({error}). Vérifiez la configuration : livret doctor."
)
RUN_PORT_TAKEN = (
    "Le port {port} du webhook est déjà utilisé par un autre programme : changez "
    "LIVRET_WEBHOOK_PORT."
)
RUN_SYSTEM = "Le bot n'a pas pu démarrer : {error} ({path})."
RESTORE_BOT_RUNNING = (
    "le bot tourne sur cette base de données. Arrêtez-le (systemctl stop livret, docker "
    "compose stop livret), restaurez, puis relancez-le."
)

# ---- livret admin restore / import-agent: a restore cut short, limits of an archive ----------
RESTORE_RESUMED = (
    "Une restauration précédente avait été interrompue : le dossier de données a été remis en "
    "ordre avant de recommencer."
)
RESTORE_STOPPED = (
    "Restauration interrompue : {problem}. Les données en place restent utilisables ; "
    "corrigez le problème et relancez la même commande, elle finira le travail."
)
IMPORT_PROBLEMS.update(
    {
        "too_big": "l'archive est trop volumineuse une fois décompressée (« {detail} ») : ce "
        "n'est pas celle de /mesdonnees.",
        "too_many": "l'archive contient bien plus de lignes qu'un livret n'en compte "
        "({detail}) : ce n'est pas celle de /mesdonnees.",
        "future": "« {detail} » porte une date à venir : l'horloge de l'ancien serveur "
        "était-elle juste ?",
        "cannot_write": "impossible d'écrire les justificatifs dans le dossier de données "
        "({detail}).",
    }
)

# livret lire FILE
READ_NO_FILE = "Impossible de lire {path} : {error}."
