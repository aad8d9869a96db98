"""Word reports of a cycle: the city's annual report and each agency's own, laid out as party documents.

``settings`` (the [report] table), ``context`` (figures and texts for the templates),
``charts``, ``style`` (layout applied to a document), ``render`` (docxtpl), ``pdf``
(LibreOffice), and ``ctrxl.resources.make_docx`` lays out the committed .docx templates.
"""

