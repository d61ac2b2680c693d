DROP INDEX signin_failures_by_device;
ALTER TABLE signin_failures DROP COLUMN device;
