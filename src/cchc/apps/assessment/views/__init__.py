"""Pages of the PAR self-assessment: the year (years), one criterion (entries), the evidence library
(library) and the criteria sets (sets)."""
