ALTER TABLE `participant` ADD `discreet` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `volunteering_entry` ADD `answer` text;--> statement-breakpoint
ALTER TABLE `volunteering_entry` ADD `answered_at` integer;