"""Learning: courses and lessons in each language, quizzes, progress, mastery and the dashboard."""
