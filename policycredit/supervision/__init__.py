"""Each year's plan of who checks what, the records of each check with findings by kind, the
follow-up of each finding by a person and a due date, and the yearly summary the board reviews."""
