package io.segmentflow.adapters.out.persistence;

import io.segmentflow.domain.apikey.ApiKey;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.stream.Collectors;

@Entity
@Table(name = "api_keys")
class ApiKeyEntity {
    @Id
    String id;

    @Column(name = "workspace_id")
    String workspaceId;

    String name;
    String prefix;

    @Column(name = "secret_hash")
    String secretHash;
    /** Wire names separated by spaces. */
    String scopes;

    @Column(name = "created_at")
    OffsetDateTime createdAt;

    @Column(name = "revoked_at")
    OffsetDateTime revokedAt;

    boolean bootstrap;

    static ApiKeyEntity of(ApiKey k) {
        ApiKeyEntity e = new ApiKeyEntity();
        e.id = k.id();
        e.workspaceId = k.workspaceId().value();
        e.name = k.name();
        e.prefix = k.prefix();
        e.secretHash = k.hash();
        e.scopes = k.scopes().stream().map(Scope::wireName).sorted().collect(Collectors.joining(" "));
        e.createdAt = Times.column(k.createdAt());
        e.revokedAt = Times.column(k.revokedAt());
        e.bootstrap = k.bootstrap();
        return e;
    }

    /** A row read with plain JDBC (columns named as in the table). */
    static ApiKeyEntity fromRow(ResultSet row) throws SQLException {
        ApiKeyEntity e = new ApiKeyEntity();
        e.id = row.getString("id");
        e.workspaceId = row.getString("workspace_id");
        e.name = row.getString("name");
        e.prefix = row.getString("prefix");
        e.secretHash = row.getString("secret_hash");
        e.scopes = row.getString("scopes");
        e.createdAt = row.getObject("created_at", OffsetDateTime.class);
        e.revokedAt = row.getObject("revoked_at", OffsetDateTime.class);
        e.bootstrap = row.getBoolean("bootstrap");
        return e;
    }

    ApiKey toDomain() {
        EnumSet<Scope> scopeSet = EnumSet.noneOf(Scope.class);
        for (String wireName : scopes.split(" ")) {
            if (!wireName.isBlank()) {
                scopeSet.add(Scope.fromWire(wireName));
            }
        }
        return new ApiKey(
                id,
                new WorkspaceId(workspaceId),
                name,
                prefix,
                secretHash,
                scopeSet,
                Times.instant(createdAt),
                Times.instant(revokedAt),
                bootstrap);
    }
}
