"""Stage 1, what the user said. Takes an answers file (YAML or JSON, or stdin) and `--set` overrides; gives
validated `Answers` records (`model`), with every problem named by its place (`load`). Also the commented
template and the JSON Schema (`template`), and writing answers back as YAML (`save`)."""
