"""Loading: files read safely into documents and rows (front matter, sheets, Markdown, images)."""
