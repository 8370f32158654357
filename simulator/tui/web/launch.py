"""One browser tab's command: ask the warm zygote for an app on this process's stdio.

Run by textual-serve as `python -I -S launch.py` (standard library only, so it starts in a
few milliseconds). It sends its environment and descriptors 0, 1, 2 to the zygote named by
NTC_SERVE_ZYGOTE, lets go of them (the server sees the end of the output when the app itself
ends), and exits with the app's status. Without a zygote it becomes the app itself.
"""

from __future__ import annotations

import array
import json
import os
import socket
import sys

MAGIC = b"NTC1"


def fallback() -> None:
    """No zygote: run the app in a fresh interpreter (slower start, same app)."""
    python = sys.executable
    os.execv(python, [python, "-m", "simulator.tui.web"])


def main() -> int:
    path = os.environ.get("NTC_SERVE_ZYGOTE", "")
    if not path:
        fallback()
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.connect(path)
        payload = MAGIC + json.dumps(dict(os.environ)).encode("utf-8")
        fds = array.array("i", [0, 1, 2])
        client.sendmsg([payload], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds.tobytes())])
    except OSError:
        client.close()
        fallback()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    answer = b""
    while not answer.endswith(b"\n"):
        try:
            chunk = client.recv(64)
        except OSError:
            return 1
        if not chunk:
            return 1
        answer += chunk
    try:
        return int(answer.strip() or b"1")
    except ValueError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
