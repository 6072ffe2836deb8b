"""Activation: the steps before the menu opens, and the changes of the account made later
with the same steps."""
