"""The sync: a workstation's records into the central store, reference data and work back."""
