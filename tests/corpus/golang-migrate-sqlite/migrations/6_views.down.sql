DROP VIEW team_sizes;
