"""The local product catalog: SQLite store (catalog.py), Open Food Facts and store-price
imports (off_import.py, store_import.py), barcode numbers (gtin.py)."""
