"""The livret individuel de formation as a pure domain.

Entry models, the rubrique catalogue, field metadata, progress. Imports nothing
of ours: storage, dialogs and documents are built on top of it.
"""
