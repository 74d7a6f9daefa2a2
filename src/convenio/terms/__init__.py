"""The agreement as effective-dated data: parties, facilities and their capacity, fee schedules,
the day-count convention, the domestic cost of custody and the legal parameters of the
eligibility rules, each value with its reference. Owns nothing else."""
