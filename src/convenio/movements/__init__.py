"""Movements (flights and convoys), manifests, the dispatch check at the instant of locking
and dispatch, and the handover of custody."""
