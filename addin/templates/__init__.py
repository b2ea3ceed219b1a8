"""Workbook templates of the official forms: layout descriptions, builder and reader."""
