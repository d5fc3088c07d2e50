package dev.pgaddon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgaddon.temporal.CodecKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CodecServerTest {
  private static final String UI = "http://127.0.0.1:8233";
  private final HttpClient http = HttpClient.newHttpClient();
  private CodecServer server;

  @BeforeEach
  void start() {
    server = CodecServer.start(0, CodecKey.fromBase64("cGdhZGRvbi1yZXBsYXktdGVzdC1rZXktMzItYnl0ZXM="), Set.of(UI));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String path, String body, String origin) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Content-Type", "application/json").header("Origin", origin).header("X-Namespace", "default")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
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

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes());
  }
}
