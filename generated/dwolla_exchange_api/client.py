"""No client here: this package holds the contract's models and request builders.

The client is ``dwolla_exchange.Dwolla`` (and ``AsyncDwolla``), which adds what generation
cannot: OAuth, retries, typed errors and safe HAL link following.
"""
