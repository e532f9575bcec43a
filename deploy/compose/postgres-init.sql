-- One database per service that keeps state (docker-compose only; bin/stack creates the same ones).
CREATE DATABASE catalog OWNER esim;
CREATE DATABASE provisioning OWNER esim;
CREATE DATABASE notification OWNER esim;
