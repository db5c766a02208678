"""Seeing: barcodes (barcode.py), text (ocr.py), face blurring (faces.py), safe image loading (imageio.py)."""
