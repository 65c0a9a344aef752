"""What the organisations check in the field: the loan-use check after a disbursement (06/TD) and
the yearly group inspection (16/TD)."""
