package dev.pgaddon.temporal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporalTlsTest {
  @TempDir
  Path dir;

  @Test
  void noSettingMeansPlainGrpcAndHalfASettingIsRefused() {
    assertNull(TemporalTls.of(null, " ", null, null));
    var refused = assertThrows(IllegalArgumentException.class, () -> TemporalTls.of("/c.pem", null, null, null));
    assertTrue(refused.getMessage().contains("TEMPORAL_TLS_KEY"), refused.getMessage());
  }

  /** A CA, a client certificate signed by it and its PKCS#8 key, made with openssl: the client's TLS context builds. */
  @Test
  void aClientCertificateItsKeyAndTheServersCaMakeAContext() throws Exception {
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test-ca",
        "-keyout", "ca.key", "-out", "ca.pem");
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=pgaddon-worker", "-keyout", "client.key",
        "-out", "client.csr");
    run("openssl", "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "1", "-out", "client.pem");
    run("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "client.key", "-out", "client.pk8");
    TemporalTls tls = TemporalTls.of(dir.resolve("client.pem").toString(), dir.resolve("client.pk8").toString(),
        dir.resolve("ca.pem").toString(), "temporal.internal");
    assertNotNull(tls.sslContext());
    assertNotNull(tls.apply(io.temporal.serviceclient.WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:7233")));
    Files.writeString(dir.resolve("broken.pem"), "not a certificate");
    TemporalTls broken = TemporalTls.of(dir.resolve("broken.pem").toString(), dir.resolve("client.pk8").toString(), null, null);
    assertThrows(IllegalArgumentException.class, broken::sslContext);
  }

  private void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new AssertionError(String.join(" ", command) + ": " + out);
    }
  }
}
