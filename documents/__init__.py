"""Word and PDF editions of the livret (docxtpl, LibreOffice): built with the documents issue."""
