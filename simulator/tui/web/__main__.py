"""The app as one browser tab runs it (`python -m simulator.tui.web`, started by the server).

textual-serve sets TEXTUAL_DRIVER to its web driver; the data directory comes from the
server's environment (NTC_DATA_DIR, set by `ntc serve`).
"""

from __future__ import annotations


def main() -> int:
    from simulator.tui.app import NtcApp
    from simulator.tui.options import AppOptions
    from simulator.tui.storage import data_dir

    return int(NtcApp(AppOptions(data_dir=data_dir(), served=True)).run() or 0)


if __name__ == "__main__":
    raise SystemExit(main())
