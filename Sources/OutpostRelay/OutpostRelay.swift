// OutpostRelay
