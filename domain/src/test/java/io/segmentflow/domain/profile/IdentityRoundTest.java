package io.segmentflow.domain.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.domain.email.EmailAddress;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IdentityRoundTest {
    private static final EmailAddress ADA = EmailAddress.of("ada@example.test");
    private static final EmailAddress BOB = EmailAddress.of("bob@example.test");

    @Test
    void a_request_sharing_an_email_or_an_external_id_with_an_earlier_one_waits_for_a_later_round() {
        ProfileIdentity ada = new ProfileIdentity(ADA, null);
        ProfileIdentity adaAgain = new ProfileIdentity(ADA, "crm-9");
        ProfileIdentity bob = new ProfileIdentity(BOB, "crm-1");
        ProfileIdentity crmOne = ProfileIdentity.ofExternalId("crm-1");
        ProfileIdentity carol = ProfileIdentity.ofExternalId("crm-3");

        IdentityRound<ProfileIdentity> split =
                IdentityRound.of(List.of(ada, adaAgain, bob, crmOne, carol), Function.identity());

        assertThat(split.round()).containsExactly(ada, bob, carol);
        assertThat(split.later()).containsExactly(adaAgain, crmOne);
        assertThat(split.emails()).containsExactlyInAnyOrder(ADA, BOB);
        assertThat(split.externalIds()).containsExactlyInAnyOrder("crm-1", "crm-3");
    }
}
