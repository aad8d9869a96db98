"""Agency workbooks: forms, the writer, the reader, the master matrix."""
