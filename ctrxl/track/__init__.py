"""Tracking a cycle: who submitted, statistics, the consolidated workbook."""
