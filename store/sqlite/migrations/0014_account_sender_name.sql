-- 0014: the first name an account's messages are signed with ({{sender_first_name}}
-- in a template; the built-in sequence signs with it). Empty renders the template's
-- default, as every account did before.
ALTER TABLE accounts ADD COLUMN sender_name TEXT NOT NULL DEFAULT '';
