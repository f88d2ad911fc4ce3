-- The audit log is append-only (Data Protection Act 2018, s.62). Only the retention job removes
-- rows past the retention period: it drops audit_log_no_delete, deletes and recreates the trigger
-- with this exact text inside one IMMEDIATE transaction (src/lib/server/retention.ts).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
