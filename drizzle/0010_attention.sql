CREATE TABLE `attention_resolution` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`participant_id` text NOT NULL,
	`reason_key` text NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`action` text,
	`note` text NOT NULL,
	`resolved_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`resolved_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attention_resolution_reason_idx` ON `attention_resolution` (`participant_id`,`reason_key`);--> statement-breakpoint
CREATE INDEX `attention_resolution_history_idx` ON `attention_resolution` (`participant_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `message` ADD `concerns_safety` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `message_safety_idx` ON `message` (`participant_id`) WHERE concerns_safety = 1;--> statement-breakpoint
ALTER TABLE `wellbeing_check_in` ADD `concerns_safety` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `wellbeing_check_in_safety_idx` ON `wellbeing_check_in` (`participant_id`) WHERE concerns_safety = 1;--> statement-breakpoint
CREATE INDEX `booking_open_idx` ON `booking` (`participant_id`,`status`) WHERE outcome is null;