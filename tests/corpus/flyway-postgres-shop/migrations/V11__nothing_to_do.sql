-- This version was a change to the staging data only; kept so that the numbering
-- stays continuous across environments.
/* Nothing
   here either; */
