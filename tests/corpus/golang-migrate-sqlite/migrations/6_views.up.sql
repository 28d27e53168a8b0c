CREATE VIEW team_sizes AS
SELECT t.slug, count(m.user_id) AS members
FROM teams t LEFT JOIN memberships m ON m.team_id = t.id
GROUP BY t.slug;
