"""Stage 3, the decision: a pure function, no I/O and no library beyond Python's own. Takes `Answers`, a
`Catalog` and a date; gives a `Recommendation` (`stack.decide`). Every model becomes options, one per way of
running it (`options`); the policy tables remove what the data may not go to, each with its rule (`policy`);
costs and sizing per option (`costs`, `pricing`); a score per criterion (`scoring`); the ranking and its
fallback (`ranking`); how robust the winner is to the weights (`robustness`); the reasons in words
(`reasons`); `evaluate` ties these together per use case, `stack` across the use cases."""
