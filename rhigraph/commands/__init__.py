"""One module per command or command group; ``rhigraph.cli`` registers them."""
