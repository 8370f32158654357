"""`ntc serve [--host H] [--port P]`: the app in the browser for a classroom (textual-serve).

Checks happen before anything starts (French messages): an address that does not resolve
or is not this machine's is bad usage (2); a port already in use or reserved is a failure
to serve (1). textual-serve and Textual are imported only here, when serving.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
from pathlib import Path
from typing import Any

from simulator.cli.errors import UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
ALL_INTERFACES = ("0.0.0.0", "::", "")

EPILOG = """\
Chaque onglet du navigateur lance sa propre application sur ce poste : journaux de session
et liste des stagiaires restent dans le dossier de données du serveur (NTC_DATA_DIR ou le
dossier de l'utilisateur). Il n'y a pas de mot de passe : chaque stagiaire choisit son nom à
l'ouverture. Pour une salle, --host 0.0.0.0 rend le simulateur accessible aux autres postes
du réseau local ; ne l'exposez pas sur Internet."""


def port_number(text: str) -> int:
    """`--port`: 0 (a free port chosen by the system) to 65535."""
    from simulator.cli.argtypes import non_negative_int

    value = non_negative_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"numéro de port entre 0 et 65535 attendu, "
                                         f"pas {value}")
    return value


def register(commands: Any, scenario_commands: Any) -> None:
    """Add `serve`."""
    del scenario_commands
    serve = commands.add_parser(
        "serve", help="servir l'application dans le navigateur pour une salle de formation",
        description="Sert le simulateur dans le navigateur (une application par onglet).",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument("--host", default=DEFAULT_HOST, metavar="ADRESSE",
                       help=f"adresse d'écoute (défaut : {DEFAULT_HOST}, ce poste seulement ;"
                            " 0.0.0.0 : tout le réseau local)")
    serve.add_argument("--port", type=port_number, default=DEFAULT_PORT, metavar="PORT",
                       help=f"port d'écoute (défaut : {DEFAULT_PORT} ; 0 : un port libre)")
    serve.set_defaults(handler=serve_app)


def check_address(host: str, port: int) -> None:
    """Raise a French `UserError` when the server could not listen on host:port."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        raise UserError(f"adresse d'écoute inconnue : « {host} » (exemples : 127.0.0.1, "
                        "0.0.0.0 pour tout le réseau local, ou le nom de ce poste)", 2) \
            from None
    for family, kind, proto, _name, address in infos[:1]:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                raise bind_error(exc, host, port) from None


def bind_error(exc: OSError, host: str, port: int) -> UserError:
    """The French message (and status) for a socket that cannot be bound."""
    if exc.errno == errno.EADDRINUSE:
        return UserError(f"le port {port} est déjà utilisé sur {host} : arrêtez l'autre "
                         "serveur ou choisissez un autre port (--port)", 1)
    if exc.errno == errno.EADDRNOTAVAIL:
        return UserError(f"l'adresse {host} n'appartient pas à ce poste : utilisez "
                         "127.0.0.1, 0.0.0.0 ou une adresse de ce poste", 2)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return UserError(f"le port {port} est réservé à l'administrateur : choisissez un "
                         "port de 1024 ou plus (--port)", 1)
    from simulator.oserrors import os_reason

    return UserError(f"écoute impossible sur {host}:{port} : {os_reason(exc)}", 1)


def prepare_data_dir() -> Path:
    """The data directory every served app will use: absolute, created, writable."""
    from simulator.oserrors import os_reason
    from simulator.tui.storage import ENV_DATA_DIR, data_dir

    folder = data_dir().resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".ntc-serve-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UserError(f"dossier de données inutilisable : {folder} : {os_reason(exc)}",
                        1) from None
    os.environ[ENV_DATA_DIR] = str(folder)   # the served apps inherit this environment
    return folder


def urls(addresses: list[tuple[str, int]], host: str) -> list[str]:
    """Addresses to give to the trainees."""
    out: list[str] = []
    for address, port in addresses:
        if host in ALL_INTERFACES or address in ALL_INTERFACES:
            name = socket.gethostname()
            out.append(f"http://{name}:{port}/ (ou l'adresse IP de ce poste)")
            break
        shown = f"[{address}]" if ":" in address else address
        out.append(f"http://{shown}:{port}/")
    return out


def serve_app(args: argparse.Namespace) -> int:
    """Serve until Ctrl+C."""
    check_address(args.host, args.port)
    folder = prepare_data_dir()
    from simulator.tui.web.server import ClassroomServer

    def announce(addresses: list[tuple[str, int]]) -> None:
        print("Simulateur NTC : salle de formation ouverte.")
        for url in urls(addresses, args.host):
            print(f"  Adresse à ouvrir dans le navigateur : {url}")
        print(f"  Journaux et stagiaires : {folder}")
        print("  Ctrl+C pour arrêter (les sessions en cours pourront être reprises).")
        sys.stdout.flush()

    def warm() -> None:
        print("  Préchargement prêt : les onglets s'ouvrent maintenant en un instant.",
              flush=True)

    server = ClassroomServer(args.host, args.port)
    try:
        server.run(announce, warm)
    except OSError as exc:   # lost the port between the check and the start
        raise bind_error(exc, args.host, args.port) from None
    print("Simulateur NTC : salle de formation fermée.")
    return 0
