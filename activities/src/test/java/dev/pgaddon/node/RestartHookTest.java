package dev.pgaddon.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.pgaddon.node.NodeActivities.NotifyResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.StandardConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartHookTest {
  private static final String ADDON = "ad-871546ad-943a-4929-9770-ec7c839d65f5";
  private static final String SECRET = "s3cret-of-the-addon";
  private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

  record Received(String method, String host, String contentType, String timestamp, String signature, String body) {}

  private HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile int status = 204;

  @BeforeEach
  void server() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      var h = exchange.getRequestHeaders();
      received.add(new Received(exchange.getRequestMethod(), h.getFirst("Host"), h.getFirst("Content-Type"),
          h.getFirst(HookSignature.TIMESTAMP_HEADER), h.getFirst(HookSignature.SIGNATURE_HEADER), body));
      if (status / 100 == 3) {
        exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort() + "/elsewhere");
      }
      byte[] answer = "internal secret of the target".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, status == 204 ? -1 : answer.length);
      if (status != 204) {
        exchange.getResponseBody().write(answer);
      }
      exchange.close();
    });
    server.createContext("/elsewhere", exchange -> {
      received.add(new Received("redirected", null, null, null, null, null));
      exchange.sendResponseHeaders(204, -1);
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

  /** A hook the way these tests call their local server: the operator allows private addresses. */
  private static RestartHook hook(String url) {
    return new RestartHook(url, SECRET, Clock.fixed(NOW, ZoneOffset.UTC), true, InetAddress::getAllByName);
  }

  private static RestartHook publicOnly(String url, RestartHook.Resolver resolver) {
    return new RestartHook(url, SECRET, Clock.fixed(NOW, ZoneOffset.UTC), false, resolver);
  }

  @Test
  void postsASignedJsonBody() {
    NotifyResult result = hook(url()).run(ADDON, "plan-changed");

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
    NotifyResult result = hook(url()).run(ADDON, "plan-changed");

    assertFalse(result.notified());
    assertEquals("restart hook answered HTTP 500", result.outcome());
    assertEquals(1, received.size());
  }

  @Test
  void anUnreachableHookIsReportedNotThrown() {
    String gone = url();
    server.stop(0);
    NotifyResult result = hook(gone).run(ADDON, "plan-changed");
    assertFalse(result.notified());
    assertTrue(result.outcome().startsWith("restart hook failed"), result.outcome());
  }

  @Test
  void noHookMeansNoCall() {
    assertEquals(new NotifyResult(false, "no restart hook configured"), new RestartHook(null, SECRET).run(ADDON, "x"));
    assertEquals(new NotifyResult(false, "no restart hook configured"), new RestartHook(" ", SECRET).run(ADDON, "x"));
  }

  @Test
  void privateLoopbackLinkLocalAndCgnatAddressesAreRefusedWithoutACall() {
    int port = server.getAddress().getPort();
    for (String hook : List.of(url(), "http://localhost:" + port + "/hook", "http://[::1]:" + port + "/hook",
        "http://0.0.0.0:" + port + "/hook", "http://[::ffff:127.0.0.1]:" + port + "/hook", "http://10.0.0.1/hook",
        "http://172.16.5.4/hook", "http://172.31.255.255/hook", "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/hook", "http://100.127.255.254/hook",
        "http://224.0.0.1/hook", "http://255.255.255.255/hook", "https://[fd00::1]/hook", "http://[fe80::1]/hook",
        "http://[ff02::1]/hook", "http://[::]/hook", "http://[64:ff9b::a00:1]/hook", "http://[2002:7f00:1::]/hook")) {
      NotifyResult result = publicOnly(hook, InetAddress::getAllByName).run(ADDON, "plan-changed");
      assertEquals(new NotifyResult(false, "restart hook refused: private address"), result, hook);
    }
    assertTrue(received.isEmpty());
  }

  @Test
  void aNameIsRefusedWhenAnyOfItsAddressesIsPrivate() throws Exception {
    InetAddress publicOne = InetAddress.getByName("93.184.216.34");
    InetAddress privateOne = InetAddress.getByName("10.1.2.3");
    assertEquals(new NotifyResult(false, RestartHook.PRIVATE), publicOnly("https://hooks.example/x",
        host -> new InetAddress[] {privateOne}).run(ADDON, "removed"));
    assertEquals(new NotifyResult(false, RestartHook.PRIVATE), publicOnly("https://hooks.example/x",
        host -> new InetAddress[] {publicOne, privateOne}).run(ADDON, "removed"));
    assertEquals(new NotifyResult(false, "restart hook failed: unknown host"), publicOnly("https://hooks.example/x",
        host -> {
          throw new java.net.UnknownHostException(host);
        }).run(ADDON, "removed"));
  }

  @Test
  void publicAddressesAreNotPrivate() throws Exception {
    for (String a : List.of("93.184.216.34", "8.8.8.8", "100.63.255.255", "100.128.0.1", "172.15.0.1", "172.32.0.1",
        "2606:4700::1111", "2a00:1450:4007:80f::200e", "64:ff9b::808:808", "2002:808:808::")) {
      assertFalse(RestartHook.isPrivate(InetAddress.getByName(a)), a);
    }
  }

  @Test
  void theCallGoesToTheAddressThatWasCheckedWithTheUrlsHostName() {
    AtomicInteger lookups = new AtomicInteger();
    RestartHook.Resolver rebinding = host -> {
      // A name whose next answer would be another address: it is asked once, and that answer is called.
      assertEquals("hooks.example", host);
      return new InetAddress[] {lookups.getAndIncrement() == 0 ? InetAddress.getLoopbackAddress()
          : InetAddress.getByAddress(new byte[] {10, 9, 9, 9})};
    };
    int port = server.getAddress().getPort();
    NotifyResult result = new RestartHook("http://hooks.example:" + port + "/hook?x=1", SECRET,
        Clock.fixed(NOW, ZoneOffset.UTC), true, rebinding).run(ADDON, "plan-changed");
    assertTrue(result.notified(), result.outcome());
    assertEquals(1, lookups.get());
    assertEquals("hooks.example:" + port, received.get(0).host());
  }

  @Test
  void overTlsTheUrlsNameIsSentAsSniAndItsCertificateIsChecked(@TempDir Path dir) throws Exception {
    // A server with a self-signed certificate for hooks.example: the hook connects to the checked
    // address, names hooks.example in its handshake, and refuses a certificate nobody vouches for.
    Path store = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-alias", "hook",
        "-keyalg", "EC", "-dname", "CN=hooks.example", "-ext", "SAN=dns:hooks.example").redirectErrorStream(true).start();
    assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    List<String> sni = new CopyOnWriteArrayList<>();
    try (SSLServerSocket tls = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SSLParameters parameters = tls.getSSLParameters();
      parameters.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
        @Override
        public boolean matches(SNIServerName name) {
          sni.add(new String(name.getEncoded(), StandardCharsets.US_ASCII));
          return true;
        }
      }));
      tls.setSSLParameters(parameters);
      Thread accept = new Thread(() -> {
        try (var s = tls.accept()) {
          ((javax.net.ssl.SSLSocket) s).startHandshake();
        } catch (IOException refusedByTheClient) {
          // expected: the hook does not trust this certificate
        }
      });
      accept.start();
      NotifyResult result = new RestartHook("https://hooks.example:" + tls.getLocalPort() + "/hook", SECRET,
          Clock.fixed(NOW, ZoneOffset.UTC), true, host -> new InetAddress[] {InetAddress.getLoopbackAddress()})
          .run(ADDON, "plan-changed");
      accept.join(10_000);
      assertFalse(result.notified());
      assertTrue(result.outcome().startsWith("restart hook failed"), result.outcome());
      assertEquals(List.of("hooks.example"), sni);
    }
  }

  @Test
  void redirectsAreNotFollowedAndTheAnswerIsNeverRecorded() {
    status = 302;
    NotifyResult result = hook(url()).run(ADDON, "plan-changed");
    assertEquals(new NotifyResult(false, "restart hook answered HTTP 302"), result);
    assertEquals(1, received.size(), "only the hook itself was called: " + received);
    status = 500;
    assertFalse(hook(url()).run(ADDON, "plan-changed").outcome().contains("secret"));
  }

  @Test
  void jsonValuesAreEscaped() {
    assertEquals("{\"addon\":\"a\\\"b\",\"event\":\"c\\\\d\\n\\u0001\",\"sent_at\":\"2025-03-01T10:15:30Z\"}",
        RestartHook.body("a\"b", "c\\d\n\u0001", NOW));
  }
}
