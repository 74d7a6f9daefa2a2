"""The eligibility domain: interchange shape, facts, rules, holds and decisions."""
