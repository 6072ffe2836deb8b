"""What the documents say besides the template's own text, in French."""

NOT_CONCERNED = "Non concerné(e)."
TO_COMPLETE = "À compléter."
LINKED = "{title} associées"
ANNEX_PDF = "document PDF"
ANNEX_PHOTO = "photo"
