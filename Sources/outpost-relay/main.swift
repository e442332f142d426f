print("outpost-relay")
