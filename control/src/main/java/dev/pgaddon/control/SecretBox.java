package dev.pgaddon.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for the secrets kept in the control database (the connection URL): a random 12-byte
 * nonce before the ciphertext; the addon id is bound as associated data, so a value copied onto
 * another addon's row does not decrypt.
 */
public final class SecretBox {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKey key;

  public SecretBox(SecretKey key) {
    this.key = key;
  }

  public byte[] seal(String addonId, String plaintext) {
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(addonId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt a secret of " + addonId, e);
    }
  }

  public String open(String addonId, byte[] box) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, box, 0, 12));
      cipher.updateAAD(addonId.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(box, 12, box.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot decrypt a secret of " + addonId + " (another key?)", e);
    }
  }
}
