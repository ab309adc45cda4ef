package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.domain.sender.DomainName;
import io.segmentflow.domain.sender.RecordCheck;
import io.segmentflow.domain.sender.SenderDomain;
import io.segmentflow.domain.sender.SenderDomainStatus;
import io.segmentflow.domain.sender.TxtLookup;
import io.segmentflow.domain.workspace.Workspace;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sender domains: one per name and workspace, read back as written, verified ones found per workspace. */
@ExtendWith(TestDatabaseExtension.class)
class JpaSenderDomainsTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");

    private final TestDatabase db;
    private WorkspaceId acme;
    private WorkspaceId globex;

    JpaSenderDomainsTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void workspaces() {
        Workspace a = Workspace.create("Acme", NOW);
        Workspace g = Workspace.create("Globex", NOW);
        db.commit(tx -> {
            tx.workspaces().add(a);
            tx.workspaces().add(g);
        });
        acme = a.id();
        globex = g.id();
    }

    private static SenderDomain domain(WorkspaceId workspace, String name) {
        return SenderDomain.create(workspace, new DomainName(name), "MIIBIjANBgkq", "v1:c2VhbGVk", NOW);
    }

    @Test
    void a_domain_reads_back_as_written_with_what_its_verification_found() {
        SenderDomain domain = domain(acme, "acme.test");
        db.commit(tx -> assertThat(tx.senderDomains().add(domain)).isTrue());
        domain.verify(
                name -> name.equals(domain.dkimRecordName())
                        ? new TxtLookup.Found(List.of(domain.records().get(0).value()))
                        : new TxtLookup.Found(List.of("v=spf1 \"quoted\" ~all")),
                NOW.plusSeconds(60));
        db.commit(tx -> tx.senderDomains().update(domain));

        Optional<SenderDomain> read = db.inTransaction(tx -> tx.senderDomains().find(acme, domain.id()));

        assertThat(read).get().satisfies(d -> {
            assertThat(d.name().value()).isEqualTo("acme.test");
            assertThat(d.selector()).isEqualTo(domain.selector());
            assertThat(d.sealedPrivateKey()).isEqualTo("v1:c2VhbGVk");
            assertThat(d.status()).isEqualTo(SenderDomainStatus.VERIFIED);
            assertThat(d.checkedAt()).isEqualTo(NOW.plusSeconds(60));
            assertThat(d.checks()).isEqualTo(domain.checks());
            assertThat(d.checks().get(1).found()).containsExactly("v=spf1 \"quoted\" ~all");
            assertThat(d.checks().get(2).result()).isEqualTo(RecordCheck.Result.MISSING);
        });
        Optional<SenderDomain> fromGlobex =
                db.inTransaction(tx -> tx.senderDomains().find(globex, domain.id()));
        assertThat(fromGlobex).isEmpty();
    }

    @Test
    void a_name_is_added_once_per_workspace() {
        db.commit(tx -> tx.senderDomains().add(domain(acme, "acme.test")));

        boolean again = db.inTransaction(tx -> tx.senderDomains().add(domain(acme, "acme.test")));
        boolean elsewhere = db.inTransaction(tx -> tx.senderDomains().add(domain(globex, "acme.test")));

        assertThat(again).isFalse();
        assertThat(elsewhere).isTrue();
    }

    @Test
    void verified_domains_are_found_per_workspace_and_deleted_ones_are_gone() {
        SenderDomain verified = domain(acme, "acme.test");
        verified.verify(
                name -> new TxtLookup.Found(List.of(verified.records().get(0).value())), NOW);
        SenderDomain pending = domain(acme, "news.acme.test");
        db.commit(tx -> {
            tx.senderDomains().add(verified);
            tx.senderDomains().add(pending);
        });

        Map<WorkspaceId, List<SenderDomain>> found =
                db.inTransaction(tx -> tx.senderDomains().verifiedOf(List.of(acme, globex)));

        assertThat(found).containsOnlyKeys(acme);
        assertThat(found.get(acme)).extracting(SenderDomain::id).containsExactly(verified.id());

        boolean removedByGlobex = db.inTransaction(tx -> tx.senderDomains().remove(globex, verified.id()));
        assertThat(removedByGlobex).isFalse();
        db.commit(
                tx -> assertThat(tx.senderDomains().remove(acme, verified.id())).isTrue());
        Map<WorkspaceId, List<SenderDomain>> after =
                db.inTransaction(tx -> tx.senderDomains().verifiedOf(List.of(acme)));
        assertThat(after).isEmpty();
        List<SenderDomain> left = db.inTransaction(tx -> tx.senderDomains().list(acme, null, 10));
        assertThat(left).extracting(SenderDomain::id).containsExactly(pending.id());
    }
}
