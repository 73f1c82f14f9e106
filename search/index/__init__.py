"""index/ on disk: writing, loading and checking its files; the FAISS choice; the keyword index; the live version."""
