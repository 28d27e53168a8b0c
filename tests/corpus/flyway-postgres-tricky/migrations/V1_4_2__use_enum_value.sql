INSERT INTO moods VALUES ('happy'), ('ok');
