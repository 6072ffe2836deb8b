"""The ``livret`` command: ``livret chat`` (terminal) and ``livret run`` (Telegram)."""

import argparse
import asyncio
import errno
import getpass
import json
import logging
import sys
from pathlib import Path

from pydantic import ValidationError

from bot import copy, files
from bot.config import Settings
from dialogs import copy as dialogs_copy
from reading.cv import recognise
from reading.pool import read_file
from reading.text import MAX_PAGES, ReadError
from storage import NewerSchemaError


def _chat(settings: Settings, args: argparse.Namespace) -> int:
    from bot.terminal import run_chat

    asyncio.run(run_chat(settings, args.agent, args.start))
    return 0


def _agents(settings: Settings, args: argparse.Namespace) -> int:
    from bot import admin

    if args.action == "import-agent":
        return asyncio.run(admin.import_agent(settings, args.file))
    if args.action == "show":
        return asyncio.run(admin.show_agent(settings, args.agent))
    if not args.oui:
        print(copy.AGENT_DELETE_CONFIRM, file=sys.stderr)
        return 2
    return asyncio.run(admin.delete_agent(settings, args.agent))


def _backup(settings: Settings, args: argparse.Namespace) -> int:
    from bot import backup

    if args.area == "backup":
        return asyncio.run(backup.backup(settings, args.dest))
    return asyncio.run(backup.restore(settings, args.source, confirmed=args.oui))


def _collectivites(settings: Settings, args: argparse.Namespace) -> int:
    from bot import admin

    if args.action == "import":
        return asyncio.run(admin.import_collectivites(settings, args.file, if_empty=args.if_empty))
    return asyncio.run(admin.list_collectivites(settings))


# sysexits' EX_CONFIG: the bot cannot start as configured; restarting will not help.
CONFIG_ERROR = 78


def _run(settings: Settings, args: argparse.Namespace) -> int:
    if settings.telegram_token is None:
        print(copy.NO_TOKEN, file=sys.stderr)
        return 2
    from bot import logs
    from bot.server import serve
    from bot.summary import masked, summary

    logs.configure(settings.log_level, settings.log_format)
    said = summary(settings)
    if settings.log_format == "json":
        # A log collector reads one JSON object a line: the summary is one of them.
        logging.getLogger("bot.summary").info("configuration", extra={"lines": said.splitlines()})
    else:
        print(said, file=sys.stderr, flush=True)
    from telegram.error import InvalidToken, NetworkError, TelegramError

    from bot.lock import Running

    problem = None
    try:
        asyncio.run(serve(settings))
    # Told in French, never with the exception's text: InvalidToken's quotes the token.
    except Running:
        problem = copy.RUN_ALREADY.format(database=settings.database.resolve())
    except InvalidToken:
        problem = copy.RUN_TOKEN_REFUSED.format(api=masked(settings.telegram_base_url, settings))
    except NetworkError:
        problem = copy.RUN_API_UNREACHABLE.format(api=masked(settings.telegram_base_url, settings))
    except TelegramError as error:
        problem = copy.RUN_TELEGRAM_REFUSED.format(error=type(error).__name__)
    except OSError as error:
        problem = copy.RUN_SYSTEM.format(
            error=error.strerror or type(error).__name__, path=error.filename or "—"
        )
        if settings.webhook_url and error.errno == errno.EADDRINUSE:
            problem = copy.RUN_PORT_TAKEN.format(port=settings.webhook_port)
    if problem is None:
        return 0
    logging.getLogger("bot.cli").error(problem)
    # EX_CONFIG: systemd's unit does not restart on it (RestartPreventExitStatus).
    return CONFIG_ERROR


def _doctor(settings: Settings, args: argparse.Namespace) -> int:
    from bot import logs
    from bot.doctor import doctor

    # The libraries' own complaints go through our logging (held, safe), not raw to stderr.
    logs.configure("WARNING", settings.log_format)
    return asyncio.run(doctor(settings))


def _export(settings: Settings, args: argparse.Namespace) -> int:
    from bot.export import export

    try:
        path = asyncio.run(export(settings, args.agent, args.format, args.output))
    except (LookupError, RuntimeError) as error:
        print(error, file=sys.stderr)
        return 1
    print(copy.EXPORT_DONE.format(path=path.resolve()))
    return 0


def _read(settings: Settings, args: argparse.Namespace) -> int:
    """What the assistant would propose for a file, as JSON on stdout; nothing written."""
    try:
        data = args.file.read_bytes()
    except OSError as error:
        print(copy.READ_NO_FILE.format(path=args.file, error=error.strerror), file=sys.stderr)
        return 1
    try:
        cv = recognise(data)
        found = read_file(data) if cv is None else None
    except ReadError as error:
        said = dialogs_copy.READ_PROBLEMS.get(error.reason, dialogs_copy.READ_PROBLEMS["failed"])
        print(said.format(pages=MAX_PAGES), file=sys.stderr)
        return 1
    if cv is not None:
        result = {"source": cv.source, "entries": [p.as_json() for p in cv.proposals]}
    else:
        assert found is not None
        proposals = [p.as_json() for p in found.proposals]
        result = {"source": found.text.source, "pages": found.text.pages, "entries": proposals}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    # Before any file is made: the data, the e-mails and the backups are the owner's only.
    files.private_umask()
    parser = argparse.ArgumentParser(prog="livret", description="Livret individuel de formation")
    commands = parser.add_subparsers(dest="command", required=True)
    chat = commands.add_parser("chat", help="discuter avec l'assistant dans le terminal")
    chat.add_argument(
        "--agent",
        default=getpass.getuser(),
        help="qui parle (un livret par nom ; par défaut l'utilisateur du système)",
    )
    chat.add_argument(
        "--start",
        default="",
        help="ce que porterait un lien t.me/<bot>?start=… (par exemple c-<CODE> pour une "
        "collectivité)",
    )
    chat.set_defaults(handler=_chat)
    run = commands.add_parser("run", help="lancer le bot Telegram")
    run.set_defaults(handler=_run)
    check = commands.add_parser("doctor", help="vérifier la configuration, point par point")
    check.set_defaults(handler=_doctor)
    export = commands.add_parser("export", help="écrire le livret d'un agent (support)")
    export.add_argument(
        "agent",
        help="identifiant du livret (LIF-…), numéro de l'agent, telegram:<id> ou terminal:<nom>",
    )
    export.add_argument("--format", choices=["docx", "pdf"], default="pdf")
    export.add_argument("--output", type=Path, default=None, help="fichier ou dossier")
    export.set_defaults(handler=_export)
    read = commands.add_parser(
        "lire", help="les entrées qu'un fichier proposerait, en JSON, sans rien écrire (support)"
    )
    read.add_argument("file", type=Path, help="une attestation : PDF, photo JPEG ou PNG")
    read.set_defaults(handler=_read)
    admin = commands.add_parser("admin", help="administration du serveur")
    areas = admin.add_subparsers(dest="area", required=True)
    registry = areas.add_parser("collectivites", help="le registre des collectivités")
    actions = registry.add_subparsers(dest="action", required=True)
    load = actions.add_parser("import", help="importer un fichier CSV (UTF-8, ligne d'en-tête)")
    load.add_argument(
        "file", type=Path, help="colonnes : code, nom, type, departement, delegation_regionale"
    )
    load.add_argument("--if-empty", action="store_true", help="seulement si le registre est vide")
    actions.add_parser("list", help="lister les collectivités")
    registry.set_defaults(handler=_collectivites)
    people = areas.add_parser("agents", help="les comptes des agents (support)")
    acts = people.add_subparsers(dest="action", required=True)
    for name, helped in (
        ("show", "ce qui existe pour un agent, sans le contenu"),
        ("delete", "effacer un agent et tous ses fichiers (demande par courrier ou e-mail)"),
    ):
        act = acts.add_parser(name, help=helped)
        act.add_argument("agent", help="identifiant du livret (LIF-…), numéro, telegram:<id>")
        if name == "delete":
            act.add_argument("--oui", action="store_true", help="confirmer l'effacement")
    people.set_defaults(handler=_agents)
    restore = areas.add_parser(
        "import-agent", help="importer l'archive /mesdonnees d'un agent (changement de serveur)"
    )
    restore.add_argument("file", type=Path, help="l'archive ZIP, telle que l'agent l'a reçue")
    restore.set_defaults(handler=_agents, action="import-agent")
    save = areas.add_parser(
        "backup", help="sauvegarder la base et les justificatifs, même pendant que le bot tourne"
    )
    save.add_argument("dest", type=Path, help="dossier où écrire la sauvegarde (datée)")
    save.set_defaults(handler=_backup)
    back = areas.add_parser("restore", help="remettre une sauvegarde en place (bot arrêté)")
    back.add_argument("source", type=Path, help="le dossier livret-AAAA-MM-JJ-… de la sauvegarde")
    back.add_argument("--oui", action="store_true", help="remplacer une base qui a des agents")
    back.set_defaults(handler=_backup)
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        for problem in error.errors():
            name = "LIVRET_" + "_".join(str(p) for p in problem["loc"]).upper()
            print(copy.BAD_SETTING.format(name=name, problem=problem["msg"]), file=sys.stderr)
        return 2
    try:
        return int(args.handler(settings, args))
    except NewerSchemaError as error:
        print(copy.NEWER_DATABASE.format(error=error), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
