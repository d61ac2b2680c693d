-- Sign-in failures remember the device cookie they came with (if any), so that a known
-- browser keeps signing in while an account is locked for others.
ALTER TABLE signin_failures ADD COLUMN device TEXT;
CREATE INDEX signin_failures_by_device ON signin_failures (device, at);
