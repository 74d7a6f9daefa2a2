"""Fee schedules applied to custody intervals: accrual, invoices, repair lines and credit
notes, disputes, payments, and the comparison with domestic cost."""
