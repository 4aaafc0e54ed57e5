"""The seed of the term rules (domain.md §2). Editable afterwards in the admin."""

TERM_RULES = [
    # kind, name, business days, default when the order is silent, legal basis, SAP applies
    ("peticion", "Petición", 15, None, "Ley 142 de 1994 art. 158", True),
    ("queja", "Queja", 15, None, "Ley 142 de 1994 art. 158", True),
    ("reclamo", "Reclamo", 15, None, "Ley 142 de 1994 art. 158", True),
    ("recurso_reposicion", "Recurso de reposición", 15, None, "Ley 142 de 1994 arts. 154 y 158", True),
    ("recurso_reposicion_apelacion", "Reposición y en subsidio apelación", 15, None,
     "Ley 142 de 1994 arts. 154, 158 y 159", True),
    ("peticion_documentos", "Petición de documentos o información", 10, None,
     "Ley 1755 de 2015 art. 14 num. 1", False),
    ("consulta", "Consulta", 30, None, "Ley 1755 de 2015 art. 14 num. 2", False),
    ("tutela", "Acción de tutela", None, None, "Decreto 2591 de 1991: el término que fije el juez", False),
    ("solicitud_sspd", "Solicitud de la SSPD", None, 10,
     "El término de la solicitud; 10 días hábiles si calla (Ley 1755 art. 30)", False),
]

# Habeas data (Ley 1581 de 2012 arts. 14 y 15): the holder's consulta in 10 business days
# (prórroga at most 5), a reclamo in 15 (prórroga at most 8); no SAP. Seeded by the
# compliance data migration seed_habeas_data_rules.

# The kinds whose term may be extended (Ley 1755 de 2015 art. 14 parágrafo, at most double).
# The Ley 142 kinds may not: art. 158 gives SAP after 15 business days, with práctica de
# pruebas as the only protection. Tutela and SSPD terms are set by the order.
EXTENSION_KINDS = ("peticion_documentos", "consulta")
