"""drafter publish: the web copy of each reply that is 主动公开 (webcopy, redact) and the run over many (run)."""
