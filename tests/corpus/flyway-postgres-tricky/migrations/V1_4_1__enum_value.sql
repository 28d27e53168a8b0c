-- ADD VALUE and a use of the value cannot share a transaction (PostgreSQL refuses it, Flyway
-- and deckhand refuse the mixture): the use comes in the next version.
ALTER TYPE mood ADD VALUE 'happy';
