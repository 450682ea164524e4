"""The outcomes explorer (/outcomes/): case studies' measured outcomes to filter, chart and download."""
