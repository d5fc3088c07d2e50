package dev.pgaddon.temporal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM over whole payloads, so passwords and connection URLs never reach workflow history
 * in clear text. The workers' and the API's converter refuses a payload that is not encrypted with
 * the key ({@link #refusingPlaintext}): whoever reaches Temporal without the key (a workflow started or
 * signalled with the temporal CLI, say) cannot hand a worker input. The codec endpoints for the Web
 * UI show such payloads as they are.
 */
public final class EncryptionCodec implements PayloadCodec {
  static final String ENCODING = "binary/pgaddon-encrypted";
  private static final ByteString ENCODING_BYTES = ByteString.copyFrom(ENCODING, StandardCharsets.UTF_8);
  private static final String METADATA_ENCODING = "encoding";
  private static final String METADATA_KEY_ID = "encryption-key-id";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final String keyId;
  private final SecureRandom random = new SecureRandom();
  private final boolean refusePlaintext;

  /** Decodes what it can and passes other payloads through (the Web UI's codec endpoints). */
  public EncryptionCodec(CodecKey codecKey) {
    this(codecKey, false);
  }

  private EncryptionCodec(CodecKey codecKey, boolean refusePlaintext) {
    this.key = codecKey.key();
    this.keyId = codecKey.id();
    this.refusePlaintext = refusePlaintext;
  }

  /** Decodes only payloads encrypted with the key; any other is an error. */
  public static EncryptionCodec refusingPlaintext(CodecKey codecKey) {
    return new EncryptionCodec(codecKey, true);
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).collect(Collectors.toList());
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).collect(Collectors.toList());
  }

  private Payload encrypt(Payload payload) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(payload.toByteArray());
      byte[] data = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return Payload.newBuilder()
          .putMetadata(METADATA_ENCODING, ENCODING_BYTES)
          .putMetadata(METADATA_KEY_ID, ByteString.copyFromUtf8(keyId))
          .setData(ByteString.copyFrom(data))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(e);
    }
  }

  private Payload decrypt(Payload payload) {
    if (!ENCODING_BYTES.equals(payload.getMetadataOrDefault(METADATA_ENCODING, ByteString.EMPTY))) {
      if (refusePlaintext) {
        throw new PayloadCodecException("refused a payload that is not encrypted with the codec key (encoding "
            + payload.getMetadataOrDefault(METADATA_ENCODING, ByteString.EMPTY).toStringUtf8()
            + "): only a holder of the key may give the workers input");
      }
      return payload;
    }
    String payloadKeyId = payload.getMetadataOrDefault(METADATA_KEY_ID, ByteString.EMPTY).toStringUtf8();
    if (!keyId.equals(payloadKeyId)) {
      throw new PayloadCodecException("payload was encrypted with codec key " + payloadKeyId
          + " but this process has key " + keyId + " (set PGADDON_CODEC_KEY or PGADDON_HOME to the worker's)");
    }
    byte[] data = payload.getData().toByteArray();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      return Payload.parseFrom(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES));
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      throw new PayloadCodecException(e);
    }
  }
}
