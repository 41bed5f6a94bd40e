"""One file, many documents: cover sheets, separator pages, proposed boundaries and board
protocols cut a scanned batch into parts, each its own item (see bot/stages/split.py)."""
