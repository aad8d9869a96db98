"""Programme and registry definitions: YAML and Excel, one document shape, one model."""
