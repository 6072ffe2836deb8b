"""The prénom and nom asked at activation: the fiche d'identité's first two fields, asked
with the rubriques' own questions before the menu opens."""

from dialogs.turn import Turn

FIELDS = ["prenom", "nom"]


def asking_names(t: Turn) -> bool:
    """The question on screen is activation's prénom or nom."""
    draft = t.state.draft
    return draft is not None and draft.rubrique == "identite" and draft.only == FIELDS
