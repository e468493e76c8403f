"""Development tooling: the demo, local Dovecot/SMTP servers and PostgreSQL for tests."""
