package io.hashmatch.service.intake;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 under a random 256-bit key made when the instance is and held only in this process's memory: what
 * the intake signs its challenges and counts client addresses with, so that neither outlives the process nor can be
 * forged or reversed from outside it.
 *
 * <p>Thread-safe: one {@link Mac} per thread.
 */
final class ProcessKeyMac {
    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Mac> macs;

    ProcessKeyMac(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        SecretKeySpec key = new SecretKeySpec(secret, ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA-256 is part of every JDK", e);
            }
        });
    }

    /** The 32-byte MAC of {@code length} bytes of {@code data} from {@code offset}. */
    byte[] of(byte[] data, int offset, int length) {
        Mac mac = macs.get();
        mac.update(data, offset, length);
        return mac.doFinal();
    }
}
