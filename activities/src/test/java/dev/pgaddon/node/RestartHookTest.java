package dev.pgaddon.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.pgaddon.node.NodeActivities.NotifyResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartHookTest {
  private static final String ADDON = "ad-871546ad-943a-4929-9770-ec7c839d65f5";
  private static final String SECRET = "s3cret-of-the-addon";
  private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

  record Received(String method, String contentType, String timestamp, String signature, String body) {}

  private HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile int status = 204;

  @BeforeEach
  void server() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      var h = exchange.getRequestHeaders();
      received.add(new Received(exchange.getRequestMethod(), h.getFirst("Content-Type"),
          h.getFirst(HookSignature.TIMESTAMP_HEADER), h.getFirst(HookSignature.SIGNATURE_HEADER), body));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  @Test
  void postsASignedJsonBody() {
    NotifyResult result = new RestartHook(url(), SECRET, Clock.fixed(NOW, ZoneOffset.UTC)).run(ADDON, "plan-changed");

    assertTrue(result.notified(), result.outcome());
    assertEquals(1, received.size());
    Received r = received.get(0);
    assertEquals("POST", r.method());
    assertEquals("application/json", r.contentType());
    assertEquals(Long.toString(NOW.getEpochSecond()), r.timestamp());
    assertEquals("{\"addon\":\"" + ADDON + "\",\"event\":\"plan-changed\",\"sent_at\":\"2025-03-01T10:15:30Z\"}", r.body());
    assertNotNull(r.signature());
    assertTrue(r.signature().matches("sha256=[0-9a-f]{64}"), r.signature());

    long ts = Long.parseLong(r.timestamp());
    assertTrue(HookSignature.verify(SECRET, ts, r.body(), r.signature()));
    assertFalse(HookSignature.verify("another-secret", ts, r.body(), r.signature()));
    assertFalse(HookSignature.verify(SECRET, ts, r.body().replace("plan-changed", "removed"), r.signature()));
    assertFalse(HookSignature.verify(SECRET, ts + 1, r.body(), r.signature()));
    assertFalse(HookSignature.verify(SECRET, ts, r.body(), r.signature().toUpperCase()));
    assertFalse(HookSignature.verify(SECRET, ts, r.body(), null));
  }

  @Test
  void theSignatureIsHmacSha256OverTimestampDotBody() {
    // Computed independently: printf '%s' '1700000000.{"addon":"x"}' | openssl dgst -sha256 -hmac key
    String expected = "sha256=b3e627d7bd93e86aa2e741d904989e21f71f969c22a853c6875ba3bbfa5a720b";
    assertEquals(expected, HookSignature.sign("key", 1700000000L, "{\"addon\":\"x\"}"));
    assertTrue(HookSignature.verify("key", 1700000000L, "{\"addon\":\"x\"}", expected));
  }

  @Test
  void aShellCommandIsNotRun(@TempDir Path dir) {
    Path marker = dir.resolve("x");
    NotifyResult result = new RestartHook("echo hi > " + marker, SECRET).run(ADDON, "plan-changed");

    assertEquals(new NotifyResult(false, "restart hook ignored: only http(s) URLs are called"), result);
    assertFalse(Files.exists(marker));
    assertTrue(received.isEmpty());
  }

  @Test
  void otherSchemesAreIgnoredToo() {
    for (String hook : List.of("file:///etc/passwd", "ftp://127.0.0.1/x", "http:///no-host", "127.0.0.1:80/hook",
        url() + " ; touch /tmp/x")) {
      assertEquals(new NotifyResult(false, RestartHook.IGNORED), new RestartHook(hook, SECRET).run(ADDON, "removed"), hook);
    }
    assertTrue(received.isEmpty());
  }

  @Test
  void anErrorAnswerIsReportedNotThrown() {
    status = 500;
    NotifyResult result = new RestartHook(url(), SECRET).run(ADDON, "plan-changed");

    assertFalse(result.notified());
    assertEquals("restart hook answered HTTP 500", result.outcome());
    assertEquals(1, received.size());
  }

  @Test
  void anUnreachableHookIsReportedNotThrown() {
    String gone = url();
    server.stop(0);
    NotifyResult result = new RestartHook(gone, SECRET).run(ADDON, "plan-changed");
    assertFalse(result.notified());
    assertTrue(result.outcome().startsWith("restart hook failed"), result.outcome());
  }

  @Test
  void noHookMeansNoCall() {
    assertEquals(new NotifyResult(false, "no restart hook configured"), new RestartHook(null, SECRET).run(ADDON, "x"));
    assertEquals(new NotifyResult(false, "no restart hook configured"), new RestartHook(" ", SECRET).run(ADDON, "x"));
  }

  @Test
  void jsonValuesAreEscaped() {
    assertEquals("{\"addon\":\"a\\\"b\",\"event\":\"c\\\\d\\n\\u0001\",\"sent_at\":\"2025-03-01T10:15:30Z\"}",
        RestartHook.body("a\"b", "c\\d\n\u0001", NOW));
  }
}
