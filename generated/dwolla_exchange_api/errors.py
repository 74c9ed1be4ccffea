"""Nothing is raised here: ``dwolla_exchange.errors`` holds the client's typed errors."""
