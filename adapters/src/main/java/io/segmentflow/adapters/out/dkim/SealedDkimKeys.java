package io.segmentflow.adapters.out.dkim;

import io.segmentflow.application.port.out.DkimKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * RSA 2048 key pairs whose private keys are sealed with AES-256-GCM: the sealing key is derived (HMAC-SHA256) from a
 * server secret, so the database alone never holds a usable private key. A sealed key reads
 * {@code v1:<base64 of nonce and ciphertext with its tag>}; the tag also covers what it is ({@link #PURPOSE}), so a
 * value sealed for something else does not open as a key.
 */
public final class SealedDkimKeys implements DkimKeys {
    private static final String VERSION = "v1:";
    private static final byte[] PURPOSE = "segmentflow dkim private key v1".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_BITS = 2048;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Supplier<byte[]> secret;
    private final SecureRandom random = new SecureRandom();
    private volatile SecretKeySpec sealingKey;

    /** @param secret the server secret the sealing key is derived from; asked once, when first needed */
    public SealedDkimKeys(Supplier<byte[]> secret) {
        this.secret = secret;
    }

    @Override
    public NewKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS, random);
            KeyPair pair = generator.generateKeyPair();
            return new NewKey(
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                    seal(pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM cannot make an RSA key pair", e);
        }
    }

    @Override
    public PrivateKey open(String sealedPrivateKey) {
        if (sealedPrivateKey == null || !sealedPrivateKey.startsWith(VERSION)) {
            throw new IllegalStateException("not a sealed DKIM key");
        }
        try {
            ByteBuffer sealed =
                    ByteBuffer.wrap(Base64.getDecoder().decode(sealedPrivateKey.substring(VERSION.length())));
            byte[] nonce = new byte[NONCE_BYTES];
            sealed.get(nonce);
            byte[] ciphertext = new byte[sealed.remaining()];
            sealed.get(ciphertext);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealingKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(PURPOSE);
            byte[] pkcs8 = cipher.doFinal(ciphertext);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new IllegalStateException("the DKIM key does not open with this server's secret ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private String seal(byte[] plain) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, sealingKey(), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(PURPOSE);
        byte[] ciphertext = cipher.doFinal(plain);
        return VERSION
                + Base64.getEncoder()
                        .encodeToString(ByteBuffer.allocate(nonce.length + ciphertext.length)
                                .put(nonce)
                                .put(ciphertext)
                                .array());
    }

    private SecretKeySpec sealingKey() throws GeneralSecurityException {
        SecretKeySpec key = sealingKey;
        if (key == null) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.get(), "HmacSHA256"));
            key = new SecretKeySpec(mac.doFinal(PURPOSE), "AES");
            sealingKey = key;
        }
        return key;
    }
}
