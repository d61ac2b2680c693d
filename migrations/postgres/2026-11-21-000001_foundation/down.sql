DROP TABLE audit_log;
DROP TABLE signin_failures;
DROP TABLE setup_tokens;
DROP TABLE sessions;
DROP TABLE staff;
DROP TABLE shop_settings;
