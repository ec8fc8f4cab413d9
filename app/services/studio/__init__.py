"""Studio: what instructors do — authoring, calibration, publishing, reviews, cohorts."""
