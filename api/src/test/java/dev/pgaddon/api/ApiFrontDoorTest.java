package dev.pgaddon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rate limits, authentication before the body, slow clients, and Jetty's own refusals, on a real server. */
class ApiFrontDoorTest {
  private static final String ADDONS = "/v1/apps/my-app/addons";

  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger bodiesRead = new AtomicInteger();
  private ApiTestServer server;

  private ApiTestServer start(ApiSettings settings) {
    server = new ApiTestServer(settings, List.of(
        Route.get("/v1/apps/{app}/addons", ctx -> Json.send(ctx, 200, Map.of("app", Caller.of(ctx).app(ctx)))),
        Route.post("/v1/apps/{app}/addons", ctx -> {
          var body = Json.body(ctx);
          bodiesRead.incrementAndGet();
          Json.send(ctx, 200, Map.of("read", body.toString().length()));
        })));
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(5));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBodyIsNotReadBeforeItsCredentialIsChecked() throws Exception {
    start(ApiSettings.defaults());
    for (String authorization : new String[] {"", "Authorization: Bearer pga_not-a-token\r\n"}) {
      for (String type : new String[] {"application/json", "application/x-www-form-urlencoded"}) {
        try (Socket s = server.connect(3000)) {
          // Announces 60 KB and sends 10 bytes: anything reading the body (a form parser too) would wait for the rest.
          s.getOutputStream().write(("POST " + ADDONS + " HTTP/1.1\r\nHost: x\r\n" + authorization + "Content-Type: "
              + type + "\r\nContent-Length: 60000\r\n\r\n{\"addon\":{").getBytes(StandardCharsets.US_ASCII));
          String answer = ApiTestServer.answer(s);
          assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
          assertTrue(answer.contains("{\"error\":{\"code\":\"unauthorized\""), answer);
        }
      }
    }
    assertEquals(0, bodiesRead.get());
  }

  @Test
  void aValidTokenGetsItsBodyRead() throws Exception {
    start(ApiSettings.defaults());
    HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(server.url(ADDONS)))
        .header("Authorization", "Bearer " + ApiTestServer.TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString("{\"addon\":{}}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("{\"read\":12}", ok.body());
    assertEquals("no-store", ok.headers().firstValue("Cache-Control").orElse(null));
  }

  @Test
  void aTokenPastItsRateGets429WithRetryAfterAndOthersAreNotSlowedDown() throws Exception {
    start(ApiSettings.defaults().withRate(0.5, 3));
    for (int i = 0; i < 3; i++) {
      assertEquals(200, get(ADDONS, ApiTestServer.TOKEN).statusCode());
    }
    HttpResponse<String> limited = get(ADDONS, ApiTestServer.TOKEN);
    assertEquals(429, limited.statusCode());
    assertEquals("2", limited.headers().firstValue("Retry-After").orElse(null));
    assertTrue(limited.body().startsWith("{\"error\":{\"code\":\"rate_limited\",\"message\":\"too many requests with"
        + " this token: at most 0.5 a second, in bursts of 3; retry in 2 s\"}}"), limited.body());
    assertEquals("application/json", limited.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    // Requests without a token have their own bucket (per address).
    assertEquals(401, get(ADDONS, null).statusCode());
  }

  @Test
  void requestsWithoutATokenAreLimitedPerAddress() throws Exception {
    start(ApiSettings.defaults().withRate(0.5, 3));
    for (int i = 0; i < 3; i++) {
      assertEquals(200, get(ApiServer.OPENAPI_PATH, null).statusCode());
    }
    HttpResponse<String> limited = get(ApiServer.OPENAPI_PATH, null);
    assertEquals(429, limited.statusCode());
    assertTrue(limited.body().contains("from this address without a token"), limited.body());
    assertEquals(200, get(ADDONS, ApiTestServer.TOKEN).statusCode(), "a token has its own bucket");
  }

  @Test
  void guessedTokensAreLimitedPerAddressBeforeTheDatabaseIsAsked() throws Exception {
    start(ApiSettings.defaults().withRate(0.5, 3));
    for (int i = 0; i < 3; i++) {
      assertEquals(401, get(ADDONS, "pga_guess-" + i).statusCode());
    }
    int asked = server.credentialChecks.get();
    HttpResponse<String> limited = get(ADDONS, "pga_guess-again");
    assertEquals(429, limited.statusCode());
    assertTrue(limited.body().contains("with invalid tokens from this address"), limited.body());
    assertEquals(asked, server.credentialChecks.get(), "no lookup once the address is limited");
  }

  @Test
  void malformedPathsGetTheJsonErrorShapeNotJettysPage() throws Exception {
    start(ApiSettings.defaults());
    for (String path : new String[] {"/v1/apps/%00/addons", "/v1/apps/%zz", "/v1/apps/%zz/addons", "/v1/apps/%c0%ae/addons",
        "/v1/apps/my-app/addons/%2e%2e%2f%2e%2e", "/v1/apps/a%2Fb/addons", "/v1/apps/%/addons"}) {
      String answer = server.raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ApiTestServer.TOKEN
          + "\r\nConnection: close\r\n\r\n");
      String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n")));
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      assertTrue(head.matches("(?s)HTTP/1.1 4\\d\\d .*"), path + ": " + answer);
      assertTrue(head.toLowerCase().contains("content-type: application/json"), path + ": " + answer);
      assertTrue(body.matches("(?s)\\{\"error\":\\{\"code\":\"[a-z0-9_]+\",\"message\":\".+\"}}\\s*"), path + ": " + answer);
      assertFalse(body.contains("<html"), path);
    }
  }

  @Test
  void aMalformedRequestLineOrHugeHeadersGetTheJsonErrorShapeToo() throws Exception {
    start(ApiSettings.defaults());
    String bad = server.raw("GET /v1/apps/my-app/addons\u0000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(bad.startsWith("HTTP/1.1 400"), bad);
    assertTrue(bad.contains("{\"error\":{\"code\":\"malformed_request\""), bad);
    String huge = server.raw("GET " + ADDONS + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
        + "\r\nConnection: close\r\n\r\n");
    assertTrue(huge.startsWith("HTTP/1.1 431"), huge);
    assertTrue(huge.contains("{\"error\":{\"code\":\"headers_too_large\""), huge);
  }

  @Test
  void slowClientsAreCutOffAndDoNotStopTheApi() throws Exception {
    start(ApiSettings.defaults().withIdleTimeout(Duration.ofSeconds(1), 1000));
    List<Socket> slow = new ArrayList<>();
    ScheduledExecutorService dribble = Executors.newScheduledThreadPool(2);
    try {
      for (int i = 0; i < 20; i++) {
        // Headers that never end, and authenticated bodies that arrive a byte at a time: 40 connections on 16 threads.
        Socket headers = server.connect(5000);
        headers.getOutputStream().write(("GET " + ADDONS + " HTTP/1.1\r\nHost: x\r\n").getBytes(StandardCharsets.US_ASCII));
        slow.add(headers);
        Socket body = server.connect(5000);
        OutputStream out = body.getOutputStream();
        out.write(("POST " + ADDONS + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ApiTestServer.TOKEN
            + "\r\nContent-Length: 2000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        dribble.scheduleAtFixedRate(() -> {
          try {
            out.write(' ');
          } catch (IOException closed) {
            // cut off: what this test wants
          }
        }, 100, 100, TimeUnit.MILLISECONDS);
        slow.add(body);
      }
      // Unprotected, every request thread would be waiting for a slow body by now.
      Thread.sleep(500);
      long started = System.nanoTime();
      assertEquals(200, get(ADDONS, ApiTestServer.TOKEN).statusCode());
      assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), "the API answers while slow clients wait");

      for (Socket s : slow) {
        String answer;
        try {
          answer = ApiTestServer.answer(s);
        } catch (SocketTimeoutException stillOpen) {
          throw new AssertionError("a slow client kept its connection for 5 s");
        } catch (IOException reset) {
          answer = "";
        }
        assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), answer);
        if (!answer.isEmpty()) {
          assertTrue(answer.contains("{\"error\":{\"code\":\"too_slow\""), answer);
        }
      }
      assertEquals(0, bodiesRead.get());
    } finally {
      dribble.shutdownNow();
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void theLimitsAreReadFromTheEnvironmentWithDefaults() {
    ApiSettings defaults = ApiSettings.defaults();
    assertEquals(Duration.ofSeconds(10), defaults.idleTimeout());
    assertEquals(20.0, defaults.ratePerSecond());
    assertEquals(100, defaults.rateBurst());
    assertEquals(new Quotas(10, 50, 20), defaults.quotas());
    ApiSettings set = ApiSettings.fromEnvironment(Map.of("PGADDON_API_IDLE_TIMEOUT_SECONDS", "30",
        "PGADDON_API_RATE_PER_SECOND", "5", "PGADDON_API_RATE_BURST", "7", "PGADDON_QUOTA_ADDONS", "2",
        "PGADDON_QUOTA_MANUAL_BACKUPS", "3", "PGADDON_QUOTA_SESSIONS", "4"));
    assertEquals(Duration.ofSeconds(30), set.idleTimeout());
    assertEquals(5.0, set.ratePerSecond());
    assertEquals(7, set.rateBurst());
    assertEquals(new Quotas(2, 3, 4), set.quotas());
    IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ApiSettings.fromEnvironment(Map.of("PGADDON_API_RATE_BURST", "lots")));
    assertTrue(bad.getMessage().startsWith("PGADDON_API_RATE_BURST must be a whole number"), bad.getMessage());
  }
}
