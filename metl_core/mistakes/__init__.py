"""A student's mistake: which classic wrong version an answer is, and how to say it.

- :mod:`.diagnose`: recompute each classic wrong version and compare, for a function of
  the assignment (the homework checker) or a typed answer (the exercises, a class poll);
- :mod:`.messages`: the words of every diagnosis, one table for all of them.
"""
