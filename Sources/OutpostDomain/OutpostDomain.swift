// OutpostDomain
