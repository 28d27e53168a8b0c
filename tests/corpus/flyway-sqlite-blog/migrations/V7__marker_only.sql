-- Version 7 was applied by hand in 2023 and is kept as a marker.

-- Nothing to run.
