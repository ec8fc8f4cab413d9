"""Practice: the exercise bank as stored items, the practice list, grading a practice attempt."""
