DROP INDEX member_coops_listing;
DROP TABLE announcement_search_terms;
DROP TABLE member_search_terms;
DROP TABLE job_search_terms;
