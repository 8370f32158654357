"""`ntc play PATH --watch`: the session screen reloads the scenario on every save.

The new version is checked first: while it has errors the session goes on unchanged and the
first error is shown. Once it is valid, a fresh session (same seed, trainee, mode) replays
the inputs given so far, up to where they still apply, and replaces the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.authoring.watch import Watcher
from simulator.tui import services

POLL_SECONDS = 0.4


class Reloader:
    """Polls the scenario files of a session screen and swaps in the new version."""

    def __init__(self, screen: Any, start: Callable[[Any, services.Prepared], Any]) -> None:
        """`screen`: the SessionScreen; `start(app, prepared)` builds its successor."""
        self.screen = screen
        self.start = start
        self.path = Path(screen.prepared.scenario.path)
        self.watcher = Watcher([self.path])

    def poll(self) -> None:
        if self.watcher.changed():
            self.reload()
            self.watcher.track_new()

    def reload(self) -> None:
        from simulator.authoring.replay_inputs import inputs_of, reapply

        screen = self.screen
        old = screen.prepared
        try:
            prepared = services.prepare(str(self.path), seed=old.seed, trainee=old.trainee,
                                        mode=old.mode)
        except services.ServiceError as exc:
            first = str(exc).splitlines()
            screen.notify("\n".join(first[:3]), title="Scénario modifié, mais invalide",
                          severity="error", timeout=12)
            return
        inputs = inputs_of(list(screen.session.events))
        new = self.start(screen.ntc, prepared)     # the session is opened (started) by it
        result = reapply(new.session, inputs)
        if result.complete:
            message = f"{result.applied} entrée{'s' if result.applied > 1 else ''} rejouée" \
                      f"{'s' if result.applied > 1 else ''}."
        else:
            message = (f"{result.applied} entrée{'s' if result.applied > 1 else ''} sur "
                       f"{result.total} rejouée{'s' if result.applied > 1 else ''} ; la "
                       f"suivante ne s'applique plus : {result.stopped}")
        screen.app.switch_screen(new)
        new.notify(message, title="Scénario rechargé", timeout=8)
