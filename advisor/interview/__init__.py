"""Stage 1, asked at a terminal: `advisor start`. Takes a person at a terminal and the catalog; gives the
same `Answers` an answers file would, saved as one. The questions come from the answers records
(`questions`), worded in plain terms (`question_texts`, `answer_text`), asked and reviewed (`prompts`,
`questionnaire`), and kept as a partial or finished file (`saved_answers`)."""
