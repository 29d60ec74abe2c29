"""What deckbuild knows of Quarto itself: its keys, formats and their meanings."""
