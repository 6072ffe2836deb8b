"""Reading what the agent already holds: the text of an attestation (a PDF's own text, or
a photo or a scan through Tesseract) and the entries it proposes. Imports ``livret``
only; knows nothing of the chat."""
