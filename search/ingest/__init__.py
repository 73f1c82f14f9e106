"""Reading content: which files are content and who may see them, each format, clinic facts, chunking."""
