package dev.pgaddon.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncryptionCodecTest {
  private static final CodecKey KEY = CodecKey.fromBase64(Base64.getEncoder().encodeToString(new byte[32]));
  private static final CodecKey OTHER = CodecKey.fromBase64(Base64.getEncoder().encodeToString("x".repeat(32).getBytes()));

  @Test
  void aSecretNeverAppearsInTheEncodedPayload() {
    DataConverter converter = TemporalClients.dataConverter(KEY);
    String url = "postgres://app:VerySecretPassword123@127.0.0.1:55000/app";

    Payload payload = converter.toPayload(url).orElseThrow();

    assertFalse(payload.toByteString().toStringUtf8().contains("VerySecretPassword123"));
    assertEquals(url, converter.fromPayload(payload, String.class, String.class));
  }

  @Test
  void theConverterRefusesAPayloadInClearTextAndTheWebUiCodecShowsIt() {
    Payload plain = TemporalClients.payloadConverter().toPayload("remove every addon").orElseThrow();
    DataConverter converter = TemporalClients.dataConverter(KEY);

    Exception refused = assertThrows(Exception.class, () -> converter.fromPayload(plain, String.class, String.class));
    assertEquals(true, String.valueOf(refused.getMessage()).contains("not encrypted")
        || String.valueOf(refused.getCause()).contains("not encrypted"), String.valueOf(refused));
    assertEquals(plain, new EncryptionCodec(KEY).decode(List.of(plain)).get(0));
  }

  @Test
  void aPayloadEncryptedWithAnotherKeyIsRefusedWithItsKeyId() {
    Payload sealed = new EncryptionCodec(KEY).encode(List.of(Payload.newBuilder().build())).get(0);

    PayloadCodecException e = assertThrows(PayloadCodecException.class,
        () -> new EncryptionCodec(OTHER).decode(List.of(sealed)));
    assertEquals(true, e.getMessage().contains(KEY.id()));
  }
}
