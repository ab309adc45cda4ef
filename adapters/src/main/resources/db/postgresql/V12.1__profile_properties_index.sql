-- PostgreSQL only (the embedded database evaluates segment conditions in Java): a GIN index on Profile properties
-- serves the containment and key tests a segment's condition becomes (equals, in, contains, exists).
CREATE INDEX profiles_properties ON profiles USING GIN (properties);
