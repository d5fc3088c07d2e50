package dev.pgaddon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgaddon.temporal.CodecKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecServerTest {
  private static final String UI = "http://127.0.0.1:8233";
  private static final String TOKEN = "codec-token-of-the-operators-0123456789";
  private final HttpClient http = HttpClient.newHttpClient();
  private CodecServer server;

  @BeforeEach
  void start() {
    server = CodecServer.start(0, CodecKey.fromBase64("cGdhZGRvbi1yZXBsYXktdGVzdC1rZXktMzItYnl0ZXM="), Set.of(UI),
        CodecToken.of(TOKEN));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String path, String body, String origin) throws Exception {
    return post(path, body, origin, "Authorization", "Bearer " + TOKEN);
  }

  private HttpResponse<String> post(String path, String body, String origin, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Content-Type", "application/json").header("Origin", origin).header("X-Namespace", "default")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void encodesThenDecodesBackToThePlaintextForTheUisOrigin() throws Exception {
    String plain = "\"postgresql-business-1024\"";
    String payload = "{\"payloads\":[{\"metadata\":{\"encoding\":\"" + b64("json/plain") + "\"},\"data\":\"" + b64(plain) + "\"}]}";
    HttpResponse<String> encoded = post("/codec/encode", payload, UI);
    assertEquals(200, encoded.statusCode());
    assertFalse(encoded.body().contains(b64(plain)), "encrypted");
    assertEquals(UI, encoded.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    HttpResponse<String> decoded = post("/codec/decode", encoded.body(), UI);
    assertEquals(200, decoded.statusCode());
    assertTrue(decoded.body().contains(b64(plain)), decoded.body());
  }

  @Test
  void noCorsForAnotherOriginAndMalformedBodiesAreRefused() throws Exception {
    HttpResponse<String> other = post("/codec/decode", "{\"payloads\":[]}", "http://evil.example");
    assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    assertEquals(400, post("/codec/decode", "{not json", UI).statusCode());
  }

  @Test
  void aRequestForAnotherHostNameIsRefusedEvenOnLoopback() throws Exception {
    // What a DNS-rebinding page would send: its own name in Host, resolved to 127.0.0.1.
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      String body = "{\"payloads\":[]}";
      s.getOutputStream().write(("POST /codec/decode HTTP/1.1\r\nHost: evil.example:" + server.port()
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
          + body).getBytes());
      String answer = new String(s.getInputStream().readAllBytes());
      assertTrue(answer.startsWith("HTTP/1.1 421"), answer);
    }
    assertEquals(200, post("/codec/decode", "{\"payloads\":[]}", UI).statusCode());
  }

  @Test
  void withoutTheCodecTokenNothingIsDecoded() throws Exception {
    String encoded = post("/codec/encode", payload("\"secret input\""), UI).body();
    for (String[] credential : new String[][] {{}, {"Authorization", "Bearer not-the-token"},
        {"Authorization", "Basic " + b64("x:" + TOKEN)}, {"Cookie", CodecServer.COOKIE + "=wrong"}}) {
      HttpResponse<String> refused = post("/codec/decode", encoded, UI, credential);
      assertEquals(401, refused.statusCode(), String.join(" ", credential));
      assertTrue(refused.body().startsWith("{\"error\":{\"code\":\"unauthorized\""), refused.body());
      assertFalse(refused.body().contains(b64("\"secret input\"")));
    }
    assertEquals(200, post("/codec/decode", encoded, UI, "Cookie", CodecServer.COOKIE + "=" + TOKEN).statusCode());
  }

  @Test
  void theUisPreflightNeedsNoTokenAndCredentialsAreAllowedForItsOriginOnly() throws Exception {
    HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/codec/decode")).method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", UI)
        .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(204, preflight.statusCode());
    assertEquals("true", preflight.headers().firstValue("Access-Control-Allow-Credentials").orElse(null));
    HttpResponse<String> other = post("/codec/decode", "{\"payloads\":[]}", "http://evil.example");
    assertTrue(other.headers().firstValue("Access-Control-Allow-Credentials").isEmpty());
  }

  @Test
  void signingInWithTheTokenSetsAnHttpOnlyCookieForTheCodecPathsOnly() throws Exception {
    HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + CodecServer.SIGN_IN)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, form.statusCode());
    assertTrue(form.body().contains("name=token"), form.body());
    HttpResponse<String> wrong = signIn("token=not-it");
    assertEquals(401, wrong.statusCode());
    assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());
    HttpResponse<String> signedIn = signIn("token=" + TOKEN);
    assertEquals(200, signedIn.statusCode());
    assertEquals(CodecServer.COOKIE + "=" + TOKEN + "; Path=/codec; Max-Age=43200; HttpOnly; SameSite=Strict",
        signedIn.headers().firstValue("Set-Cookie").orElse(null));
  }

  @Test
  void theTokenIsMadeOnceIntoTheHomeReadableByItsOwnerOnly(@TempDir Path home) throws Exception {
    CodecToken first = CodecToken.load(null, home);
    Path file = home.resolve(CodecToken.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String written = Files.readString(file).trim();
    assertTrue(first.matches(written));
    assertTrue(CodecToken.load("", home).matches(written), "the same token on the next start");
    assertTrue(CodecToken.load(TOKEN, home).matches(TOKEN), "PGADDON_CODEC_TOKEN wins");
    assertFalse(CodecToken.load(TOKEN, home).matches(written));
  }

  private HttpResponse<String> signIn(String form) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + CodecServer.SIGN_IN))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String payload(String json) {
    return "{\"payloads\":[{\"metadata\":{\"encoding\":\"" + b64("json/plain") + "\"},\"data\":\"" + b64(json) + "\"}]}";
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes());
  }
}
