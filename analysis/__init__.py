"""Analysis: a plain pandas library (no Flask). Filled in by the analysis issue."""
