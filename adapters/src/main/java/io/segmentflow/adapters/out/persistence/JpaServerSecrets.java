package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.ServerSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;

/** The server_secrets table: the first candidate kept under a name wins, on every node. */
@ApplicationScoped
public class JpaServerSecrets implements ServerSecrets {
    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    @Override
    public String secret(String name, String candidate, Instant now) {
        // Two nodes starting at once: the second insert waits for the first (PostgreSQL) or fails at once on the
        // key (H2, caught as contention); either way the select reads the one kept.
        try {
            TransactionConnection.update(
                    em,
                    "INSERT INTO server_secrets (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    insert -> {
                        insert.setString(1, name);
                        insert.setString(2, candidate);
                        insert.setObject(3, Times.column(now));
                    });
        } catch (jakarta.persistence.PersistenceException e) {
            if (!KeyContention.heldByAnother(e)) {
                throw e;
            }
        }
        return TransactionConnection.select(
                        em,
                        "SELECT secret FROM server_secrets WHERE name = ?",
                        select -> select.setString(1, name),
                        row -> row.getString(1))
                .stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the secret " + name + " was neither kept nor found"));
    }
}
