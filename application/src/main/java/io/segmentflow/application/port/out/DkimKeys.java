package io.segmentflow.application.port.out;

import java.security.PrivateKey;

/** Makes DKIM key pairs and keeps their private keys sealed: encrypted with a key only this server holds. */
public interface DkimKeys {
    /**
     * A new key pair.
     *
     * @param publicKey base64 of the public key's X.509 SubjectPublicKeyInfo, as a DKIM record's {@code p=} holds it
     * @param sealedPrivateKey the private key encrypted (and authenticated) under the server's key, as text
     */
    record NewKey(String publicKey, String sealedPrivateKey) {}

    NewKey generate();

    /**
     * The private key a {@link NewKey#sealedPrivateKey()} holds.
     *
     * @throws IllegalStateException when it was not sealed by this server's key (or was altered)
     */
    PrivateKey open(String sealedPrivateKey);
}
