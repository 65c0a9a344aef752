"""Each budget level's yearly entrustment from plan to use: estimate, decision, transfers, recall,
the interest earned on local money and its use, the statement back to the entrusting government,
and where a district's money went when the district was abolished (01/07/2025)."""
