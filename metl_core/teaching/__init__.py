"""The explorer's views of the notes, in plain NumPy, each tested.

- :mod:`.notes`: every formula on screen, the notes' mistakes beside it, each checked;
- :mod:`.backprop_steps`: the forward and backward pass one line at a time, for a batch;
- :mod:`.explore`: what the topic pages compute for their controls;
- :mod:`.exercises`: seeded exercises and the grading of a typed answer.
"""
