//! End-to-end tests of Attain against the real PostgreSQL, Redis and RabbitMQ.
//! The tests are in `e2e/`; shared machinery lives in `attain-test-support`.
