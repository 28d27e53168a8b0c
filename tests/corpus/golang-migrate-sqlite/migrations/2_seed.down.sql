DELETE FROM memberships; DELETE FROM teams; DELETE FROM users;
