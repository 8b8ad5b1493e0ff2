DROP TABLE announcement_search_rows;
DROP TABLE member_search_rows;
DROP TABLE job_search_rows;
