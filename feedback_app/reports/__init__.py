"""Reports: the analysis library's tables for this deployment, on screen, as files and
from the command line. All the counting is in ``analysis/``; this package only
chooses the data, the configuration and the period (one implementation for all)."""
