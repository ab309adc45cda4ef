package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.ProfileImports;
import io.segmentflow.domain.profileimport.ImportRowError;
import io.segmentflow.domain.profileimport.ProfileImport;
import io.segmentflow.domain.profileimport.ProfileImportFormat;
import io.segmentflow.domain.profileimport.ProfileImportStatus;
import io.segmentflow.domain.profileimport.StagedRow;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The profile_imports table and its staged blocks and refused rows, written with SQL of their own. {@link #profileImport}
 * is the one mapper from an import's row; {@link StagedBlock} the one of a block's content.
 */
@ApplicationScoped
public class JpaProfileImports implements ProfileImports {
    private static final String COLUMNS = "id, workspace_id, file_format, status, header, total_rows, next_row,"
            + " imported, failed, failure_reason, created_at, updated_at";
    private static final String SELECT =
            "SELECT " + COLUMNS + " FROM profile_imports WHERE id = ? AND workspace_id = ?";
    private static final String INSERT =
            "INSERT INTO profile_imports (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE profile_imports SET status = ?, total_rows = ?, next_row = ?,"
            + " imported = ?, failed = ?, failure_reason = ?, updated_at = ? WHERE id = ?";
    private static final String STAGE =
            "INSERT INTO profile_import_blocks (import_id, end_row, first_row, content) VALUES (?, ?, ?, ?)";
    private static final String NEXT_BLOCK = "SELECT first_row, content FROM profile_import_blocks"
            + " WHERE import_id = ? AND end_row > ? ORDER BY end_row LIMIT 1";
    private static final String ADD_ERROR = "INSERT INTO profile_import_errors (import_id, line, code, message)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String ERRORS = "SELECT line, code, message FROM profile_import_errors"
            + " WHERE import_id = ? AND line > ? ORDER BY line LIMIT ?";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For the API's reads, made outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    @Override
    public void add(ProfileImport i) {
        TransactionConnection.update(em, INSERT, insert -> {
            insert.setString(1, i.id());
            insert.setString(2, i.workspaceId().value());
            insert.setString(3, i.format().wireName());
            insert.setString(4, i.status().wireName());
            insert.setString(5, i.header());
            insert.setLong(6, i.totalRows());
            insert.setLong(7, i.nextRow());
            insert.setLong(8, i.imported());
            insert.setLong(9, i.failed());
            insert.setString(10, i.failureReason());
            insert.setObject(11, Times.column(i.createdAt()));
            insert.setObject(12, Times.column(i.updatedAt()));
        });
    }

    @Override
    public void update(ProfileImport i) {
        TransactionConnection.update(em, UPDATE, update -> {
            update.setString(1, i.status().wireName());
            update.setLong(2, i.totalRows());
            update.setLong(3, i.nextRow());
            update.setLong(4, i.imported());
            update.setLong(5, i.failed());
            update.setString(6, i.failureReason());
            update.setObject(7, Times.column(i.updatedAt()));
            update.setString(8, i.id());
        });
    }

    @Override
    public Optional<ProfileImport> find(WorkspaceId workspaceId, String id) {
        return TransactionConnection.findInWorkspace(
                em, dataSource, SELECT, id, workspaceId.value(), JpaProfileImports::profileImport);
    }

    @Override
    public Optional<ProfileImport> lock(WorkspaceId workspaceId, String id) {
        return TransactionConnection.select(
                        em,
                        SELECT + " FOR UPDATE",
                        select -> {
                            select.setString(1, id);
                            select.setString(2, workspaceId.value());
                        },
                        JpaProfileImports::profileImport)
                .stream()
                .findFirst();
    }

    @Override
    public void stage(String importId, List<StagedRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        TransactionConnection.update(em, STAGE, insert -> {
            insert.setString(1, importId);
            insert.setLong(2, rows.get(rows.size() - 1).index() + 1);
            insert.setLong(3, rows.get(0).index());
            insert.setString(4, StagedBlock.write(rows));
        });
    }

    @Override
    public List<StagedRow> staged(String importId, long fromIndex, int limit) {
        List<StagedRow> rows = new ArrayList<>();
        long next = fromIndex;
        while (rows.size() < limit) {
            long from = next;
            List<List<StagedRow>> block = TransactionConnection.selectInOrOutOfTransaction(
                    em,
                    dataSource,
                    NEXT_BLOCK,
                    select -> {
                        select.setString(1, importId);
                        select.setLong(2, from);
                    },
                    row -> StagedBlock.read(row.getLong(1), row.getString(2)));
            if (block.isEmpty()) {
                break;
            }
            for (StagedRow row : block.get(0)) {
                if (row.index() >= from) {
                    rows.add(row);
                }
            }
            next = block.get(0).get(block.get(0).size() - 1).index() + 1;
        }
        return rows;
    }

    @Override
    public void dropStaged(String importId) {
        TransactionConnection.update(
                em, "DELETE FROM profile_import_blocks WHERE import_id = ?", delete -> delete.setString(1, importId));
    }

    @Override
    public void remove(String importId) {
        dropStaged(importId);
        TransactionConnection.update(
                em, "DELETE FROM profile_import_errors WHERE import_id = ?", delete -> delete.setString(1, importId));
        TransactionConnection.update(
                em, "DELETE FROM profile_imports WHERE id = ?", delete -> delete.setString(1, importId));
    }

    @Override
    public void addErrors(String importId, List<ImportRowError> errors) {
        TransactionConnection.batch(em, ADD_ERROR, errors, (insert, error) -> {
            insert.setString(1, importId);
            insert.setLong(2, error.line());
            insert.setString(3, error.code());
            insert.setString(4, error.message());
        });
    }

    @Override
    public List<ImportRowError> errors(String importId, long afterLine, int limit) {
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                ERRORS,
                select -> {
                    select.setString(1, importId);
                    select.setLong(2, afterLine);
                    select.setInt(3, limit);
                },
                row -> new ImportRowError(row.getLong(1), row.getString(2), row.getString(3)));
    }

    /** The one mapper from a row of {@link #COLUMNS} to an import. */
    private static ProfileImport profileImport(ResultSet row) throws SQLException {
        return new ProfileImport(
                row.getString(1),
                new WorkspaceId(row.getString(2)),
                ProfileImportFormat.valueOf(row.getString(3).toUpperCase(Locale.ROOT)),
                ProfileImportStatus.valueOf(row.getString(4).toUpperCase(Locale.ROOT)),
                row.getString(5),
                row.getLong(6),
                row.getLong(7),
                row.getLong(8),
                row.getLong(9),
                row.getString(10),
                Times.instant(row.getObject(11, OffsetDateTime.class)),
                Times.instant(row.getObject(12, OffsetDateTime.class)));
    }
}
