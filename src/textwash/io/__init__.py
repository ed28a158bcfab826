"""File-system helpers for the ``clean`` command: atomic writes and finding input files.

Nothing here knows about filters or documents. :mod:`.atomic` makes every output appear
whole or not at all; :mod:`.files` turns the paths a user gives into a list of input files
with their output paths, refusing layouts that could overwrite an input.
"""
