ALTER TABLE `booking` ADD `delayed_checkin_claimed_at` integer;--> statement-breakpoint
ALTER TABLE `booking` ADD `delayed_checkin_arrived_at` integer;--> statement-breakpoint
ALTER TABLE `booking` ADD `delayed_checkin_review` text;--> statement-breakpoint
ALTER TABLE `booking` ADD `delayed_checkin_reviewed_by` text REFERENCES user(id);--> statement-breakpoint
ALTER TABLE `booking` ADD `delayed_checkin_reviewed_at` integer;--> statement-breakpoint
-- INSERT OR REPLACE / REPLACE INTO over an existing row deletes it without firing
-- audit_log_no_delete (recursive_triggers is off), so a row could be rewritten: refuse the insert.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
