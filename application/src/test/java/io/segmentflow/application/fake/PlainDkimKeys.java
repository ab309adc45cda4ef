package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.DkimKeys;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real RSA key pairs (1024 bits, to keep tests quick) whose "sealed" private key is its base64 behind a marker: the
 * services only hand sealed keys to the port, so what sealing is does not matter to them. Counts the keys opened.
 */
public final class PlainDkimKeys implements DkimKeys {
    private static final String MARK = "plain:";
    private final AtomicInteger opened = new AtomicInteger();

    @Override
    public NewKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            KeyPair pair = generator.generateKeyPair();
            return new NewKey(
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                    MARK + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public PrivateKey open(String sealedPrivateKey) {
        if (!sealedPrivateKey.startsWith(MARK)) {
            throw new IllegalStateException("not sealed by this server's key");
        }
        opened.incrementAndGet();
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(
                            Base64.getDecoder().decode(sealedPrivateKey.substring(MARK.length()))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public int opened() {
        return opened.get();
    }
}
