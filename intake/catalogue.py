"""Seeds: SUI causales (domain.md §6) and the DANE codes the utility serves."""

CAUSALES = [
    ("101", "F", "Aforo"), ("102", "F", "Medición del consumo"),
    ("103", "F", "Cobros inoportunos"), ("105", "F", "Servicios no prestados"),
    ("106", "F", "Datos incorrectos en la factura"), ("107", "F", "Cobro múltiple o acumulado"),
    ("108", "F", "Entrega inoportuna o no entrega de la factura"),
    ("109", "F", "Conexión, reconexión o reinstalación"), ("110", "F", "Cambio o cobro del medidor"),
    ("111", "F", "Intereses, refinanciación o acuerdos de pago"),
    ("112", "F", "Subsidios y contribuciones"), ("113", "F", "Otros bienes o servicios en la factura"),
    ("115", "F", "Acuerdo de suspensión"), ("117", "F", "Estrato"), ("118", "F", "Clase de uso"),
    ("119", "F", "Tarifa"), ("120", "F", "Cobros por promedio"),
    ("121", "F", "Consumo de medidor de otro predio"), ("122", "F", "Pago no aplicado"),
    ("123", "F", "Rompimiento de solidaridad"), ("124", "F", "Cobro de revisiones"),
    ("127", "F", "Desviación significativa del consumo (alto consumo)"),
    ("129", "F", "Recuperación de consumos"), ("131", "F", "Normalización del servicio"),
    ("133", "F", "Reconexión no autorizada"),
    ("301", "P", "Negación de suspensión"), ("303", "P", "Interrupciones"),
    ("304", "P", "Calidad del suministro (tensión)"), ("306", "P", "Condiciones de seguridad o riesgo"),
    ("308", "P", "Terminación del contrato"), ("309", "P", "Suspensión o corte sin aviso"),
    ("312", "P", "Sin contrato de condiciones uniformes"), ("314", "P", "Afectación ambiental"),
    ("315", "P", "Quejas administrativas"), ("316", "P", "Estado de la infraestructura"),
    ("401", "P", "Fallas en la conexión"), ("402", "P", "No conexión"),
]

# (DANE municipality, name, department code, department)
MUNICIPALITIES = [
    ("08001", "Barranquilla", "08", "Atlántico"), ("08758", "Soledad", "08", "Atlántico"),
    ("08573", "Puerto Colombia", "08", "Atlántico"), ("13001", "Cartagena de Indias", "13", "Bolívar"),
    ("20001", "Valledupar", "20", "Cesar"), ("47001", "Santa Marta", "47", "Magdalena"),
    ("11001", "Bogotá, D.C.", "11", "Bogotá, D.C."), ("05001", "Medellín", "05", "Antioquia"),
]
