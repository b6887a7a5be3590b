-- One database per agency instance: each service owns its data.
CREATE DATABASE kh_hub;
CREATE DATABASE kh_rsud;
CREATE DATABASE kh_dinsos;
CREATE DATABASE kh_polres;
