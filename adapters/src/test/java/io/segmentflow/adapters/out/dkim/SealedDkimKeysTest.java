package io.segmentflow.adapters.out.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.port.out.DkimKeys.NewKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SealedDkimKeysTest {
    private static final byte[] SECRET = "a server secret of at least 32 characters".getBytes(StandardCharsets.UTF_8);

    private final AtomicInteger secretAsked = new AtomicInteger();
    private final SealedDkimKeys keys = new SealedDkimKeys(() -> {
        secretAsked.incrementAndGet();
        return SECRET;
    });

    @Test
    void makes_an_rsa_2048_pair_whose_sealed_private_key_opens_to_the_public_keys_twin() throws Exception {
        NewKey key = keys.generate();

        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.publicKey())));
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) keys.open(key.sealedPrivateKey());

        assertThat(publicKey.getModulus().bitLength()).isEqualTo(2048);
        assertThat(privateKey.getModulus()).isEqualTo(publicKey.getModulus());
        assertThat(key.sealedPrivateKey()).startsWith("v1:");
        assertThat(key.sealedPrivateKey())
                .doesNotContain(Base64.getEncoder()
                        .encodeToString(privateKey.getEncoded())
                        .substring(0, 40));
        keys.open(key.sealedPrivateKey());
        assertThat(secretAsked).hasValue(1);
    }

    @Test
    void a_key_sealed_under_another_secret_or_altered_does_not_open() {
        NewKey key = keys.generate();
        SealedDkimKeys otherServer =
                new SealedDkimKeys(() -> "another secret of at least 32 characters".getBytes(StandardCharsets.UTF_8));
        String sealed = key.sealedPrivateKey();
        char last = sealed.charAt(sealed.length() - 5);
        String altered = sealed.substring(0, sealed.length() - 5)
                + (last == 'A' ? 'B' : 'A')
                + sealed.substring(sealed.length() - 4);

        assertThatThrownBy(() -> otherServer.open(sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keys.open(altered)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keys.open("v1:!!")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keys.open("plain")).isInstanceOf(IllegalStateException.class);
    }
}
