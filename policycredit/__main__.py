from policycredit.cli import main

main()
