"""Package data: seller company dossiers (YAML), loaded by simulator.world.dossiers."""
