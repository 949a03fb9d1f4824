"""Loans: products, applications, repayment schedules and their arithmetic."""
