"""An organisation across years: each year's results, the change since the previous
year, and the words of the history pages."""
