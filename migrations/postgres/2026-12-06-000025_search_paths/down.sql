DROP INDEX member_coops_listing;
