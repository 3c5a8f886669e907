"""The year's work: the 交办清单 in (new), each item's progress (status) and its deadline."""
