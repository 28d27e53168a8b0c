ALTER TYPE user_role ADD VALUE 'owner' BEFORE 'admin';
