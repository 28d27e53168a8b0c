DELETE FROM users WHERE username IN ('admin', 'ed');
