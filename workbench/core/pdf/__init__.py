"""Drawing the review sheet with reportlab: its data (sheet_data), fonts, and the page (sheet_pdf)."""
