CREATE TABLE "rate_limits" (
	"key" varchar(255) PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "lms_user_id" integer;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "learning_microfrontend_url" varchar(2048);--> statement-breakpoint
CREATE UNIQUE INDEX "users_lms_user_id_key" ON "users" USING btree ("lms_user_id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_lms_user_id_positive" CHECK ("users"."lms_user_id" > 0);