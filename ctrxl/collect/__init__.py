"""Collect returned workbooks: guard, archive, identify, read, validate, record, receipts."""
