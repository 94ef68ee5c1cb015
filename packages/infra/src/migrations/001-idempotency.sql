-- Idempotency records: one row per (domain, message_id) processed. Rows with an expires_at in the past count as
-- absent and are replaced by the next check-and-record; cleanup deletes them.
create table if not exists "onex_idempotency" (
  domain text not null,
  message_id text not null,
  recorded_at timestamptz not null default now(),
  expires_at timestamptz null,
  constraint "onex_idempotency_pkey" primary key (domain, message_id)
);
create index if not exists "onex_idempotency_expires_at_idx" on "onex_idempotency" (expires_at) where expires_at is not null;
create index if not exists "onex_idempotency_recorded_at_idx" on "onex_idempotency" (recorded_at);
