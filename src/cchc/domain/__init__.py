"""Domain core: plain, typed Python without Django (calendar, costs, 766 index, directives, numbering)."""
