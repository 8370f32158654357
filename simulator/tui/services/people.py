"""Who is who in a session: names in the transcript, the client card, discovered needs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.scenario.model import Scenario


def person(contact: Any) -> str:
    """`M. Dupont` from a contact record."""
    if not isinstance(contact, dict):
        return ""
    return " ".join(str(contact[k]) for k in ("civilite", "nom") if contact.get(k))


def speaker_names(world: dict[str, Any]) -> dict[str, str]:
    """Transcript labels: the decision maker's and the gatekeeper's names when known."""
    names: dict[str, str] = {}
    client = person(world.get("contact"))
    gatekeeper = person(world.get("barrage"))
    if client:
        names["client"] = f"{client} (client)"
    if gatekeeper:
        names["barrage"] = f"{gatekeeper} (standard)"
    return names


def client_card(world: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) lines about the client company and its people, for the side panel."""
    from simulator.tui import formatting as fmt

    client = world.get("client") if isinstance(world.get("client"), dict) else {}
    assert isinstance(client, dict)
    lines: list[tuple[str, str]] = []
    if client:
        lines.append(("Entreprise", str(client.get("raison_sociale", ""))))
        lines.append(("Commune", f"{client.get('commune', '')} ({client.get('departement', '')})"))
        lines.append(("Secteur", str(client.get("secteur_libelle") or client.get("secteur", ""))))
        lines.append(("Effectif", fmt.number(client.get("effectif"))))
        lines.append(("CA annuel", fmt.euros(client.get("ca_annuel"))))
        status = f"{client.get('statut', '')} · segment {client.get('segment', '')}"
        lines.append(("Statut", status))
        if client.get("concurrent"):
            lines.append(("Fournisseur actuel", str(client["concurrent"])))
    contact = world.get("contact")
    if isinstance(contact, dict):
        lines.append(("Décideur", f"{person(contact)}, {contact.get('fonction', '')}"))
        if contact.get("telephone"):
            lines.append(("Téléphone", str(contact["telephone"])))
    gatekeeper = world.get("barrage")
    if isinstance(gatekeeper, dict):
        lines.append(("Standard", f"{person(gatekeeper)}, {gatekeeper.get('fonction', '')}"))
    return lines


def revealed_needs(scenario: Scenario, revealed: list[str]) -> list[str]:
    """Texts of the hidden needs discovered so far."""
    if scenario.persona is None:
        return []
    texts = {need.id: need.text for need in scenario.persona.hidden_needs}
    return [texts.get(need, need) for need in revealed]
