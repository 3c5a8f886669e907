"""Writers turn the block list into files: plain text (preview, tests) and .docx."""
