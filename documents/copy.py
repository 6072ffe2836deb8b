"""What the documents say besides the template's own text, in French."""

NOT_CONCERNED = "Sans objet."
TO_COMPLETE = "À compléter."
LINKED = "{title} associées"
ANNEX_PDF = "document PDF"
ANNEX_PHOTO = "photo"
ANNEX_ALSO = " ; {entry}"
# Provenance: an entry proved by a document joined to this one, or declared by the agent.
JUSTIFIED = "Justifiée (voir les annexes)"
DECLARED = "Déclarée"
PROVENANCE_LEGEND = (
    "« Justifiée » : un justificatif (attestation, diplôme, contrat…) est joint en annexe. "
    "« Déclarée » : indiquée par l'agent, sans justificatif joint."
)
