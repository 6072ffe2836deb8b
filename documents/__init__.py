"""Word and PDF editions of the livret: one context built from livret models, docxtpl
rendering of templates/*.docx, PDF through LibreOffice off the event loop."""
