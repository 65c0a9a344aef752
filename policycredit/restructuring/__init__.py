"""Debts hit by an objective risk and the measures decided on a loan: the dossier, its approvals,
the decision document."""
