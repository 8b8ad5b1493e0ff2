DROP INDEX actors_blocked;
