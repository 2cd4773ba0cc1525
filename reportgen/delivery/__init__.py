"""Delivery: files written all or nothing, one workbook and PDF per division with
their manifest, and the email that takes them to each division."""
