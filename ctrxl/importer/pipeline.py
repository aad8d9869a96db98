ImportResult = import_programme = write_draft = None
