// OutpostWire
