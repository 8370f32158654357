"""Field names of the world snapshot.

This is the contract between the world generator and everything that reads a snapshot:
the scenario checker validates placeholders (`{client.raison_sociale}`) and expression
names against it, the engine fills them, the TUI shows them. A field added to the generator
must be added here too (a test checks both directions).
"""

from __future__ import annotations

COMPANY_FIELDS: frozenset[str] = frozenset({
    "id", "raison_sociale", "nom_commercial", "forme_juridique", "siren", "siret",
    "naf", "naf_libelle", "secteur", "effectif", "tranche_effectif", "ca_annuel",
    "annee_creation", "adresse", "code_postal", "commune", "departement", "region",
    "lat", "lon", "site_web", "domaine", "telephone", "email", "statut", "segment",
    "potentiel", "concurrent", "dernier_contact", "ca_12_mois", "marge_12_mois",
    "encours", "retard_paiement", "litige", "actif", "distance_km",
    # Added by the world generator:
    "secteur_libelle", "famille", "code_tranche_effectif", "potentiel_ca", "note",
    "conditions_paiement", "nb_commandes_12_mois", "derniere_commande",
})

CONTACT_FIELDS: frozenset[str] = frozenset({
    "id", "entreprise_id", "civilite", "prenom", "nom", "fonction", "role",
    "telephone", "mobile", "email", "actif",
    "note",
})

ORDER_FIELDS: frozenset[str] = frozenset({
    "id", "entreprise_id", "date", "produit_id", "produit", "quantite",
    "prix_unitaire", "montant_ht", "cout", "marge", "taux_marge",
    "prix_liste", "remise", "taux_marque", "cycle_jours",
})

INVOICE_FIELDS: frozenset[str] = frozenset({
    "id", "entreprise_id", "commande_id", "date", "echeance", "montant_ttc",
    "montant_ht", "payee", "date_paiement", "jours_retard", "en_retard", "litige",
    "tva",
})

VISIT_FIELDS: frozenset[str] = frozenset({
    "id", "entreprise_id", "raison_sociale", "commune", "lat", "lon", "motif",
    "adresse", "code_postal",
})

FAULT_FIELDS: frozenset[str] = frozenset({
    "id", "type", "entreprise_id", "contact_id", "champ", "valeur", "correction", "detail",
})

SELLER_FIELDS: frozenset[str] = frozenset({
    "id", "nom", "raison_sociale", "ligne", "description", "adresse", "commune",
    "remise_max", "delai_paiement_standard", "produits", "services", "responsable",
    "objectifs", "budget_pac", "site_web", "telephone", "base",
    # Added with the shipped dossiers (scenarios/dossiers/*.yaml):
    "code_postal", "creation", "effectif", "remise_max_manager", "delai_paiement_max",
    "acompte", "secteurs_cibles", "concurrents", "part_vendeur", "marche_par_salarie",
    "croissance_marche", "tendances", "territoire_defaut",
})

PRODUCT_FIELDS: frozenset[str] = frozenset({
    "id", "nom", "gamme", "description", "prix_liste", "cout_unitaire", "prix_plancher",
    "delai_livraison", "caracteristiques", "options", "garantie", "unite",
})

TERRITORY_FIELDS: frozenset[str] = frozenset({
    "id", "nom", "departements", "regions", "base", "communes",
    "departements_noms", "nb_communes_table",
})

MARKET_FIELDS: frozenset[str] = frozenset({
    "taille", "taille_par_segment", "croissance", "tendance", "concurrents",
    "part_vendeur", "annee", "segments",
    "tendances", "unite",
})

INDICATOR_FIELDS: frozenset[str] = frozenset({
    "ca_total", "marge_totale", "taux_marge", "nb_commandes", "panier_moyen",
    "nb_clients", "nb_prospects", "taux_transformation", "factures_en_retard",
    "montant_en_retard", "retard_moyen_jours", "objectif_ca", "ecart_objectif_ca",
    "nb_contacts", "nb_rdv", "nb_propositions", "nb_ventes", "objectif_ventes",
    "part_ca_segment_a", "nb_segment_a", "nb_segment_b", "nb_segment_c",
    "cycle_vente_jours",
    "periode_debut", "periode_fin", "taux_marque", "taux_realisation_ca",
    "nb_clients_actifs", "nb_litiges",
})

# Records nested inside the roots above (not roots themselves).
SERVICE_FIELDS: frozenset[str] = frozenset({
    "id", "nom", "description", "unite", "prix", "cout",
})
OPTION_FIELDS: frozenset[str] = frozenset({"id", "nom", "prix", "cout"})
COMMUNE_FIELDS: frozenset[str] = frozenset({   # vendeur.base, territoire.base
    "commune", "code_postal", "departement", "region", "lat", "lon", "population",
    "tranche_population",
})
COMPETITOR_FIELDS: frozenset[str] = frozenset({  # marche.concurrents[]
    "nom", "part", "ca_estime", "positionnement",
})
MARKET_SEGMENT_FIELDS: frozenset[str] = frozenset({  # marche.segments[]
    "secteur", "libelle", "taille", "part_vendeur", "nb_entreprises", "nb_clients",
    "croissance",
})

# Root names usable in placeholders and expressions, with the fields of one item.
# Collections (lists of records) are marked in COLLECTIONS.
FIELDS: dict[str, frozenset[str]] = {
    "client": COMPANY_FIELDS,
    "contact": CONTACT_FIELDS,
    "barrage": CONTACT_FIELDS,
    "vendeur": SELLER_FIELDS,
    "produit": PRODUCT_FIELDS,
    "territoire": TERRITORY_FIELDS,
    "marche": MARKET_FIELDS,
    "indicateurs": INDICATOR_FIELDS,
    "entreprises": COMPANY_FIELDS,
    "contacts": CONTACT_FIELDS,
    "commandes": ORDER_FIELDS,
    "factures": INVOICE_FIELDS,
    "visites": VISIT_FIELDS,
    "defauts": FAULT_FIELDS,
}

COLLECTIONS: frozenset[str] = frozenset(
    {"entreprises", "contacts", "commandes", "factures", "visites", "defauts"}
)

# Top-level keys of a generate_world() snapshot.
WORLD_KEYS: frozenset[str] = frozenset({
    "format", "graine", "date_reference", "territoire", "vendeur", "entreprises", "contacts",
    "commandes", "factures", "visites", "defauts", "marche", "indicateurs",
})

# Scalars available everywhere (no fields).
SCALARS: frozenset[str] = frozenset({"stagiaire", "humeur", "mode"})

# Fields that can be empty (None) in a generated world: a prospect has no competitor named,
# a company never contacted no last contact, a commune whose postcode is not known to be
# real has none (simulator/world/data/postcodes.csv), a data-quality fault blanks a phone.
# The scenario checker warns on a placeholder reading one of them without a fallback.
OPTIONAL_FIELDS: dict[str, frozenset[str]] = {
    "client": frozenset({"concurrent", "dernier_contact", "derniere_commande", "note",
                         "telephone", "email", "code_postal"}),
    "contact": frozenset({"mobile", "email", "note"}),
    "barrage": frozenset({"mobile", "email", "note"}),
    "entreprises": frozenset({"concurrent", "dernier_contact", "derniere_commande", "note",
                              "telephone", "email", "code_postal"}),
    "contacts": frozenset({"mobile", "email", "note"}),
    "factures": frozenset({"date_paiement"}),
    "visites": frozenset({"code_postal"}),
    "defauts": frozenset({"contact_id", "valeur"}),
    "vendeur": frozenset({"code_postal"}),
}
