"""The home catalogue: scenarios grouped by CCP and competence, every title fully readable.

An OptionList rather than a Tree: its prompts wrap, so a long title stays whole at 80
columns; the CCP and competence headings are disabled options the cursor skips.
"""

from __future__ import annotations

from textual.markup import escape
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from simulator.tui import formatting as fmt
from simulator.tui import services

INDENT = "\u00a0\u00a0"


def entry_facts(entry: services.CatalogueEntry) -> str:
    """« 20 min · débutant · scénario local », the line under a title."""
    facts = [fmt.minutes_label(entry.duration_min),
             fmt.DIFFICULTY_LABELS.get(entry.difficulty, entry.difficulty)]
    if entry.local:
        facts.append("[i]scénario local[/i]")
    return " · ".join(facts)


class CatalogueList(OptionList):
    """Scenarios under their CCP and competence headings; Entrée opens the highlighted one."""

    DEFAULT_CSS = """
    CatalogueList > .option-list--option-disabled {
        color: $text;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: dict[str, services.CatalogueEntry] = {}

    def show_loading(self) -> None:
        self.clear_options()
        self._entries = {}
        self.add_option(Option("Chargement du catalogue…", disabled=True))

    def fill(self, catalogue: services.Catalogue, titles: dict[str, str]) -> None:
        """One heading per CCP and competence, then its scenarios (title, then facts)."""
        groups: dict[str, dict[str, list[services.CatalogueEntry]]] = {}
        for entry in catalogue.entries:
            for comp in entry.competences or ("—",):
                groups.setdefault(services.ccp_of(comp), {}).setdefault(comp, []).append(entry)
        options: list[Option] = []
        self._entries = {}
        for ccp in sorted(groups):
            options.append(Option(f"[b]{ccp}[/b] {escape(titles.get(ccp, ''))}",
                                  disabled=True))
            for comp in sorted(groups[ccp]):
                options.append(Option(f"[b]{comp}[/b] {escape(titles.get(comp, ''))}",
                                      disabled=True))
                for entry in groups[ccp][comp]:
                    key = f"{comp}/{entry.id}/{len(self._entries)}"
                    self._entries[key] = entry
                    # no-break spaces: wrapping keeps the indent of the second line
                    options.append(Option(f"{INDENT}{escape(entry.title)}\n"
                                          f"{INDENT}[dim]{entry_facts(entry)}[/dim]", id=key))
        if not catalogue.entries:
            options.append(Option("Aucun scénario disponible.", disabled=True))
        if catalogue.problems:                          # listed, never hidden
            options.append(Option("[b red]Scénarios non chargés :[/b red]", disabled=True))
            options += [Option(f"  {escape(p)}", disabled=True) for p in catalogue.problems]
        self.clear_options()
        self.add_options(options)
        first = next((i for i, o in enumerate(self.options) if not o.disabled), None)
        self.highlighted = first

    def entry_for(self, option_id: str | None) -> services.CatalogueEntry | None:
        return self._entries.get(option_id or "")

    @property
    def highlighted_entry(self) -> services.CatalogueEntry | None:
        if self.highlighted is None:
            return None
        return self.entry_for(self.get_option_at_index(self.highlighted).id)

    def entries_shown(self) -> list[tuple[str, services.CatalogueEntry]]:
        """(option id, entry) in display order (tests, palette)."""
        return list(self._entries.items())
