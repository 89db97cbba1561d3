"""The command line, on top of `advisor.api`. `app` holds the command groups; `recommend`, `answers`,
`catalog`, `report` and `start` each add their commands to them; `main` runs the application and turns a
problem with the user's data into a message and exit code 1; `entry` is the console script. `options` turns
option values into the library's inputs (a value outside its choices or form is a usage error, exit 2);
`summary`, `explain`, `catalog_show` and `batch` print and write what the commands produce, through
`terminal`'s consoles (styled at a terminal only, never under NO_COLOR)."""
