"""CSR partners: organisations, funding agreements with earmarks, loans financed, stories and the partner report."""
