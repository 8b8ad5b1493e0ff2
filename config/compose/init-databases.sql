-- One database per demo network, created when the PostgreSQL volume is new.
CREATE DATABASE coopfed_cotech;
CREATE DATABASE coopfed_de;
CREATE DATABASE coopfed_nl;
CREATE DATABASE coopfed_fr;
