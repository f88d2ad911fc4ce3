-- "Session" now means an appointment only, and "check-in" arriving at one: a sign-in and the
-- weekly wellbeing answer get names of their own. Renaming keeps every row, so nobody is signed
-- out and no answer is lost; no trigger, view or foreign key names either table.
ALTER TABLE `session` RENAME TO `sign_in`;--> statement-breakpoint
DROP INDEX `session_user_idx`;--> statement-breakpoint
CREATE INDEX `sign_in_user_idx` ON `sign_in` (`user_id`);--> statement-breakpoint
ALTER TABLE `wellbeing_check_in` RENAME TO `wellbeing_answer`;--> statement-breakpoint
DROP INDEX `wellbeing_check_in_week_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `wellbeing_answer_week_idx` ON `wellbeing_answer` (`participant_id`,`week`);--> statement-breakpoint
DROP INDEX `wellbeing_check_in_safety_idx`;--> statement-breakpoint
CREATE INDEX `wellbeing_answer_safety_idx` ON `wellbeing_answer` (`participant_id`) WHERE concerns_safety = 1;
