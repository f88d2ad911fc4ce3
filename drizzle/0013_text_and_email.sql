CREATE TABLE `contact_point` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`channel` text NOT NULL,
	`address` text NOT NULL,
	`confirmed_at` integer,
	`code_hash` text,
	`code_expires_at` integer,
	`code_tries` integer DEFAULT 0 NOT NULL,
	`code_sent_at` integer,
	`codes_sent` integer DEFAULT 0 NOT NULL,
	`codes_sent_since` integer,
	`enabled` integer DEFAULT true NOT NULL,
	`failed_at` integer,
	`failure` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_point_user_channel_idx` ON `contact_point` (`user_id`,`channel`);--> statement-breakpoint
CREATE TABLE `notification_delivery` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notification_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`channel` text NOT NULL,
	`address` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claimed_at` integer,
	`notify_id` text,
	`failure` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`notification_id`) REFERENCES `notification`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_delivery_once_idx` ON `notification_delivery` (`notification_id`,`channel`);--> statement-breakpoint
CREATE INDEX `notification_delivery_due_idx` ON `notification_delivery` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `notification_delivery_user_idx` ON `notification_delivery` (`user_id`,`channel`,`id`);