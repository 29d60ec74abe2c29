from deckbuild.cli import main

main()
