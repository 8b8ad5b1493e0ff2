-- The admin console's per-host delivery times read the latest deliveries.
CREATE INDEX deliveries_delivered ON deliveries (state, delivered_at);
