"""The signed meeting summary: content and hash, the PDF, the PDF signature (issue 6)."""
