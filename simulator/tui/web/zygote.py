"""A warm process that forks one app per browser tab (`python -m simulator.tui.web.zygote`).

When a whole classroom arrives at once, start-up CPU is the limit: each fresh interpreter
spends about a second importing Textual and the app, then loads and checks every shipped
scenario. The server starts this process once, with the web driver's environment; it imports
all of that and loads the catalogue, then waits on a Unix socket. For each tab, textual-serve
runs the tiny launcher (`launch.py`, standard library only), which hands over its standard
input, output and error and its environment; this process forks, and the child runs the app
on those descriptors — still one process per tab, sharing the loaded code copy-on-write.

Protocol on the socket: the launcher sends one message `NTC1` + JSON environment with its
descriptors 0, 1, 2 attached (SCM_RIGHTS); it gets back `<exit status>\\n` when the app ends.
"""

from __future__ import annotations

import array
import contextlib
import gc
import json
import os
import selectors
import signal
import socket
import sys
from typing import Any

_PARENT_ONLY: list[int] = []   # descriptors of this process a child must not keep

MAGIC = b"NTC1"
MAX_MESSAGE = 1 << 20
READY = "NTC-ZYGOTE-READY"


def preload() -> Any:
    """Import what a tab needs and load the catalogue once (before any fork: no threads)."""
    import simulator.tui.app
    import simulator.tui.screens.dossier
    import simulator.tui.screens.home
    import simulator.tui.screens.login
    import simulator.tui.screens.session
    from simulator.tui import services

    catalogue = services.load_catalogue()
    titles = services.competence_titles()
    with contextlib.suppress(ImportError):
        import simulator.engine
        import simulator.world  # noqa: F401
    warm_up((catalogue, titles))
    return catalogue, titles


def warm_up(cached: Any) -> None:
    """Run the login screen once, headless, so Textual's caches (CSS parsing, styles) are
    filled before forking: each tab's first frame then costs less."""
    import tempfile
    from pathlib import Path

    from simulator.tui.app import NtcApp
    from simulator.tui.options import AppOptions

    with tempfile.TemporaryDirectory() as tmp:
        app = NtcApp(AppOptions(data_dir=Path(tmp), served=True, exit_when_ready=True))
        app.catalogue_cache = cached
        app.run(headless=True, size=(100, 30))


def receive(conn: socket.socket) -> tuple[dict[str, str], list[int]]:
    """The launcher's environment and its three descriptors."""
    fds = array.array("i")
    data, ancillary, _flags, _addr = conn.recvmsg(MAX_MESSAGE,
                                                  socket.CMSG_SPACE(3 * fds.itemsize))
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
    if not data.startswith(MAGIC) or len(fds) != 3:
        for fd in fds:
            os.close(fd)
        raise ValueError("message de lancement invalide")
    env = json.loads(data[len(MAGIC):].decode("utf-8"))
    return {str(k): str(v) for k, v in env.items()}, list(fds)


def run_child(env: dict[str, str], fds: list[int], cached: Any) -> int:
    """In the forked child: become the tab's app on the launcher's descriptors."""
    signal.set_wakeup_fd(-1)
    for fd in _PARENT_ONLY:
        with contextlib.suppress(OSError):
            os.close(fd)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.environ.clear()
    os.environ.update(env)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from simulator.tui.app import NtcApp
    from simulator.tui.options import AppOptions
    from simulator.tui.storage import data_dir

    app = NtcApp(AppOptions(data_dir=data_dir(), served=True))
    app.catalogue_cache = cached
    return int(app.run() or 0)


def serve(path: str) -> None:
    cached = preload()
    gc.collect()
    gc.freeze()               # keep the preloaded objects' pages shared after fork
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    waiting: dict[int, socket.socket] = {}     # child pid -> its launcher's connection
    reaper_r, reaper_w = os.pipe()
    os.set_blocking(reaper_w, False)
    signal.set_wakeup_fd(reaper_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(reaper_r, selectors.EVENT_READ)
    _PARENT_ONLY.extend([reaper_r, reaper_w, selector.fileno()])
    print(READY, flush=True)
    while True:
        for key, _events in selector.select():
            if key.fileobj is listener:
                conn, _ = listener.accept()
                pid = fork_tab(conn, cached, listener)
                if pid:
                    waiting[pid] = conn
            else:
                with contextlib.suppress(BlockingIOError):
                    os.read(reaper_r, 512)
        reap(waiting)


def fork_tab(conn: socket.socket, cached: Any, listener: socket.socket) -> int:
    """Start one tab's app; 0 when the launcher's message was unusable."""
    try:
        env, fds = receive(conn)
    except (OSError, ValueError):
        conn.close()
        return 0
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            listener.close()
            conn.close()
            status = run_child(env, fds, cached)
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(status)
    for fd in fds:
        os.close(fd)
    return pid


def reap(waiting: dict[int, socket.socket]) -> None:
    """Tell each launcher whose app ended its exit status."""
    while waiting:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        conn = waiting.pop(pid, None)
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())
            conn.close()


if __name__ == "__main__":
    serve(sys.argv[1])
