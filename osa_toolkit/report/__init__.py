"""Renderings of an assessment record: Markdown, HTML, JSON, DOCX and PDF."""
