DROP INDEX deliveries_delivered;
