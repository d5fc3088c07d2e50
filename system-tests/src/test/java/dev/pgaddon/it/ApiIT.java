package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgaddon.api.ApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The API on the real stack (control database, Temporal, worker, Docker): every route's success and
 * its errors, and a token for one app that finds nothing of another app's on any route.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** Every answer ApiIT receives is checked against openapi.json in {@link #call}. */
  private static final OpenApiResponses OPENAPI = OpenApiResponses.load();

  private static Harness harness;
  private static String appA;
  private static String appB;
  private static String tokenA;
  private static String tokenB;
  private static String addonA;
  private static String addonB;
  private static String operationB;
  /** Every answer seen, "METHOD /path status", checked against the OpenAPI document at the end. */
  private static final List<String[]> seen = new ArrayList<>();

  record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    String error() {
      return body.path("error").path("code").asText() + ": " + body.path("error").path("message").asText();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    harness = new Harness();
    appA = "it-api-a-" + harness.owner.substring(3);
    appB = "it-api-b-" + harness.owner.substring(3);
    tokenA = harness.tokenFor(appA);
    tokenB = harness.tokenFor(appB);
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  @Order(1)
  void provisioningAnswers202WithTheOperationAndItsLocationThenTheAddonRuns() throws Exception {
    Answer a = call("POST", "/v1/apps/" + appA + "/addons", tokenA,
        "{\"addon\":{\"provider_id\":\"postgresql\",\"plan_id\":\"postgresql-starter-512\"}}");
    // B's application listens nowhere: its hook's failure is reported, never fatal.
    Answer b = call("POST", "/v1/apps/" + appB + "/addons", tokenB,
        "{\"addon\":{\"plan_id\":\"postgresql-sandbox\",\"restart_hook\":\"http://127.0.0.1:9/hooks/pgaddon\"}}");
    assertEquals(202, a.status(), a.body().toString());
    assertEquals(202, b.status(), b.body().toString());
    String location = a.raw().headers().firstValue("Location").orElseThrow();
    assertEquals("/v1/operations/" + a.body().at("/operation/id").asText(), location);
    assertEquals("provision", a.body().at("/operation/kind").asText());
    assertEquals("provisioning", a.body().at("/addon/status").asText());
    addonA = a.body().at("/addon/id").asText();
    addonB = b.body().at("/addon/id").asText();
    operationB = b.body().at("/operation/id").asText();

    JsonNode opA = awaitOperation(location, tokenA);
    assertEquals("succeeded", opA.path("status").asText(), opA.toString());
    assertTrue(opA.path("steps").size() >= 5, opA.toString());
    opA.path("steps").forEach(s -> assertEquals("done", s.path("state").asText(), opA.toString()));
    assertEquals(addonA, opA.at("/result/addonId").asText(), opA.toString());
    assertFalse(opA.path("result").has("url"), "the operation never shows the connection URL");
    assertEquals("succeeded", awaitOperation("/v1/operations/" + operationB, tokenB).path("status").asText());

    Answer addon = call("GET", "/v1/apps/" + appA + "/addons/" + addonA, tokenA, null);
    assertEquals(200, addon.status());
    assertEquals("running", addon.body().at("/addon/status").asText());
    assertEquals("postgresql-starter-512", addon.body().at("/addon/plan_id").asText());
    Answer list = call("GET", "/v1/apps/" + appA + "/addons", tokenA, null);
    assertEquals(1, list.body().path("addons").size());
    assertEquals(addonA, list.body().at("/addons/0/id").asText());
  }

  @Test
  @Order(2)
  void theConnectionUrlCanBeReadAgainAndWorks() throws Exception {
    Answer c = call("GET", "/v1/apps/" + appA + "/addons/" + addonA + "/connection", tokenA, null);
    assertEquals(200, c.status());
    String url = c.body().at("/connection/url").asText();
    assertTrue(url.startsWith("postgres://"), url);
    try (Connection conn = Harness.connect(url); Statement s = conn.createStatement()) {
      assertEquals("1", Harness.one(s, "SELECT 1"));
    }
    assertTrue(c.body().at("/connection/restart_hook_secret").isNull(), "no hook, no secret");
    // B has a hook: its application gets the key the calls are signed with, the worker's own.
    String secret = call("GET", "/v1/apps/" + appB + "/addons/" + addonB + "/connection", tokenB, null)
        .body().at("/connection/restart_hook_secret").asText();
    assertEquals(Harness.secret(addonB, dev.pgaddon.secrets.SecretStore.RESTART_HOOK_SECRET), secret);
  }

  @Test
  @Order(3)
  void theDatabaseShowsVersionsNodesAndTheEndpoint() throws Exception {
    Answer d = call("GET", "/v1/apps/" + appA + "/addons/" + addonA + "/database", tokenA, null);
    assertEquals(200, d.status());
    JsonNode db = d.body().path("database");
    List<String> offered = new ArrayList<>();
    db.path("versions_offered").forEach(v -> offered.add(v.asText()));
    assertEquals(offered.get(offered.size() - 1), db.path("version").asText(), "the newest version by default");
    assertEquals(1, db.path("nodes").size(), db.toString());
    assertEquals("primary", db.at("/nodes/0/role").asText());
    assertEquals("running", db.at("/nodes/0/state").asText());
    assertTrue(db.at("/endpoint/port").asInt() > 0);
  }

  @Test
  @Order(4)
  void aTokenForOneAppFindsNothingOfAnotherAppOnAnyRoute() throws Exception {
    int checked = 0;
    for (String route : ApiServer.routeTable()) {
      String[] parts = route.split(" ", 2);
      String path = parts[1].replace("{app}", appB).replace("{addon_id}", addonB).replace("{operation_id}", operationB)
          .replace("{username}", "some_user").replace("{name}", "pg_trgm").replace("{backup_id}", "bk-some-backup");
      String body = parts[0].equals("GET") || parts[0].equals("DELETE") ? null
          : "{\"addon\":{\"plan_id\":\"postgresql-starter-1024\"},\"version\":\"17.12\"}";
      Answer a = call(parts[0], path, tokenA, body);
      if (!path.contains(appB) && !path.contains(operationB)) {
        // Not an app's: the plans, the caller's apps, its sessions.
        int expected = route.equals("POST /v1/sessions") ? 201 : route.equals("DELETE /v1/sessions/current") ? 422 : 200;
        assertEquals(expected, a.status(), route + ": " + a.body());
        assertFalse(a.body().toString().contains(appB), route + " never names app B: " + a.body());
        continue;
      }
      assertEquals(404, a.status(), route + " with app A's token: " + a.body());
      assertEquals("not_found", a.body().at("/error/code").asText(), route);
      assertFalse(a.body().toString().contains(addonB) && route.contains("{app}"), "never names B's addon: " + a.body());
      // Through app A's own path, B's addon is unknown too.
      String viaA = parts[1].replace("{app}", appA).replace("{addon_id}", addonB).replace("{operation_id}", operationB)
          .replace("{username}", "some_user").replace("{name}", "pg_trgm").replace("{backup_id}", "bk-some-backup");
      if (viaA.contains(addonB)) {
        assertEquals(404, call(parts[0], viaA, tokenA, body).status(), route + " via A's app");
      }
      checked++;
    }
    assertTrue(checked >= 23, "every app route checked, the backup routes too: " + checked);
    // and B's addon is untouched: still there, still running
    assertEquals("running", call("GET", "/v1/apps/" + appB + "/addons/" + addonB, tokenB, null).body().at("/addon/status").asText());
  }

  @Test
  @Order(5)
  void noTokenAnUnknownTokenAndARevokedTokenGet401OnEveryRoute() throws Exception {
    String revokedSecret = harness.tokenFor(appA);
    String revokedId = harness.control.tokens().list().stream()
        .filter(t -> t.apps().contains(appA)).map(t -> t.id()).reduce((x, y) -> y).orElseThrow();
    assertEquals(200, call("GET", "/v1/apps/" + appA + "/addons", revokedSecret, null).status());
    assertTrue(harness.control.tokens().revoke(revokedId));
    for (String route : ApiServer.routeTable()) {
      String[] parts = route.split(" ", 2);
      String path = parts[1].replace("{app}", appA).replace("{addon_id}", addonA).replace("{operation_id}", operationB)
          .replace("{username}", "some_user").replace("{name}", "pg_trgm").replace("{backup_id}", "bk-some-backup");
      for (String token : new String[] {null, "pga_not-a-real-token", revokedSecret, "pgs_not-a-real-session"}) {
        Answer a = call(parts[0], path, token, parts[0].equals("GET") ? null : "{}");
        assertEquals(401, a.status(), route + " with token " + (token == null ? "none" : "bad/revoked"));
        assertEquals("unauthorized", a.body().at("/error/code").asText());
      }
    }
  }

  @Test
  @Order(5)
  void aDashboardSessionActsWithItsTokensScopeAndEnds() throws Exception {
    String tokenSecret = harness.tokenFor(appA);
    Answer started = call("POST", "/v1/sessions", tokenSecret, null);
    assertEquals(201, started.status(), started.body().toString());
    String session = started.body().at("/session/token").asText();
    assertTrue(session.startsWith("pgs_") && !session.contains(tokenSecret.substring(4)), "a secret of its own");
    assertEquals(200, call("GET", "/v1/apps/" + appA + "/addons/" + addonA, session, null).status());
    assertEquals(404, call("GET", "/v1/apps/" + appB + "/addons/" + addonB, session, null).status(), "only the token's apps");
    assertEquals("[{\"name\":\"" + appA + "\"}]", call("GET", "/v1/apps", session, null).body().get("apps").toString());
    assertEquals(422, call("POST", "/v1/sessions", session, null).status(), "a session does not make another one");
    try (var c = harness.control.dataSource().getConnection();
        var st = c.prepareStatement("SELECT count(*) FROM api_sessions WHERE session_hash = sha256(convert_to(?, 'UTF8'))")) {
      st.setString(1, session);
      var rs = st.executeQuery();
      rs.next();
      assertEquals(1, rs.getInt(1), "stored as its hash only");
    }
    // Signed out: the session ends, the token goes on.
    assertEquals(204, call("DELETE", "/v1/sessions/current", session, null).status());
    assertEquals(401, call("GET", "/v1/apps", session, null).status());
    assertEquals(200, call("GET", "/v1/apps", tokenSecret, null).status());
    // Unused too long: ended.
    String idle = call("POST", "/v1/sessions", tokenSecret, null).body().at("/session/token").asText();
    try (var c = harness.control.dataSource().getConnection(); var st = c.createStatement()) {
      st.execute("UPDATE api_sessions SET expires_at = now() - interval '1 second' WHERE ended_at IS NULL");
    }
    assertEquals(401, call("GET", "/v1/apps", idle, null).status(), "an idle session expires");
    // Its token revoked: ended with it.
    String live = call("POST", "/v1/sessions", tokenSecret, null).body().at("/session/token").asText();
    assertEquals(200, call("GET", "/v1/apps", live, null).status());
    String tokenId = harness.control.tokens().list().stream().filter(t -> t.apps().contains(appA))
        .filter(t -> t.revokedAt() == null).map(t -> t.id()).reduce((x, y) -> y).orElseThrow();
    assertTrue(harness.control.tokens().revoke(tokenId));
    assertEquals(401, call("GET", "/v1/apps", live, null).status(), "a revoked token's sessions end");
  }

  @Test
  @Order(6)
  void badInputIsRefusedWithOneClearErrorAndChangesNothing() throws Exception {
    String addons = "/v1/apps/" + appA + "/addons";
    String addon = addons + "/" + addonA;
    assertRefused(call("POST", addons, tokenA, "{\"addon\":"), 400, "malformed JSON");
    assertRefused(call("POST", addons, tokenA, "[1,2]"), 400, "{\"addon\":{...}}");
    assertRefused(call("PATCH", addon, tokenA, "{\"addon\":{\"plan_id\":42}}"), 400, "'plan_id' must be a string");
    assertRefused(call("POST", addons, tokenA, "{\"addon\":{\"plan_id\":\"postgresql-huge\"}}"), 422,
        "unknown plan 'postgresql-huge'; run 'pgaddon addons-plans postgresql' to list the plans");
    assertRefused(call("POST", addons, tokenA, "{\"addon\":{\"provider_id\":\"mysql\",\"plan_id\":\"postgresql-sandbox\"}}"), 422,
        "unknown addon provider 'mysql'");
    assertRefused(call("POST", addons, tokenA, "{\"addon\":{\"plan_id\":\"postgresql-sandbox\",\"version\":\"9.6\"}}"), 422,
        "PostgreSQL 9.6 is not offered");
    assertRefused(call("POST", addons, tokenA, "{\"addon\":{\"plan_id\":\"postgresql-sandbox\",\"restart_hook\":\"rm -rf /\"}}"), 422,
        "restart hook must be an http(s) URL");
    assertRefused(call("PATCH", addon, tokenA, "{\"addon\":{\"plan_id\":\"postgresql-starter-512\"}}"), 422,
        "is already on plan postgresql-starter-512");
    assertRefused(call("POST", addon + "/database/upgrade", tokenA, "{\"version\":\"15.18\"}"), 422,
        "PostgreSQL 15.18 is older than 17.12: downgrades are not possible");
    assertRefused(call("POST", addon + "/database/upgrade", tokenA, "{\"check_only\":\"yes\"}"), 400, "check_only");
    assertRefused(call("GET", "/v1/apps/" + appA + "/operations?page=0", tokenA, null), 400, "'page' must be a positive integer");
    assertRefused(call("GET", addons + "/ad-..", tokenA, null), 404, "unknown addon");
    assertRefused(call("GET", addons + "/ad-00000000-0000-0000-0000-000000000000", tokenA, null), 404, "unknown addon");
    assertRefused(call("GET", "/v1/operations/op-nope", tokenA, null), 404, "unknown operation");
    String big = "{\"addon\":{\"plan_id\":\"" + "x".repeat(70 * 1024) + "\"}}";
    assertRefused(call("POST", addons, tokenA, big), 413, "larger than 64 KiB");
    // nothing changed: still one addon, on its plan, with only its provisioning in the trail
    JsonNode list = call("GET", addons, tokenA, null).body();
    assertEquals(1, list.path("addons").size());
    assertEquals("postgresql-starter-512", list.at("/addons/0/plan_id").asText());
    assertEquals(1, call("GET", "/v1/apps/" + appA + "/operations", tokenA, null).body().at("/meta/pagination/total_count").asInt());
  }

  @Test
  @Order(7)
  void aSecondChangeOnABusyAddonIs409AndNamesTheRunningOperation() throws Exception {
    String addon = "/v1/apps/" + appA + "/addons/" + addonA;
    Answer first = call("PATCH", addon, tokenA, "{\"addon\":{\"plan_id\":\"postgresql-starter-1024\"}}");
    assertEquals(202, first.status(), first.body().toString());
    String opId = first.body().at("/operation/id").asText();
    Answer second = call("PATCH", addon, tokenA, "{\"addon\":{\"plan_id\":\"postgresql-starter-2048\"}}");
    assertRefused(second, 409, "is busy with another operation (change-plan, operation " + opId + ")");
    assertEquals(409, call("DELETE", addon, tokenA, null).status());
    assertEquals("changing plan", call("GET", addon, tokenA, null).body().at("/addon/status").asText());

    JsonNode op = awaitOperation("/v1/operations/" + opId, tokenA);
    assertEquals("succeeded", op.path("status").asText(), op.toString());
    assertEquals("postgresql-starter-1024", op.at("/result/toPlan").asText(), op.toString());
    JsonNode after = call("GET", addon, tokenA, null).body();
    assertEquals("postgresql-starter-1024", after.at("/addon/plan_id").asText(), after.toString());
    assertEquals("running", after.at("/addon/status").asText());
  }

  @Test
  @Order(8)
  void theAuditTrailListsOperationsNewestFirstPageByPage() throws Exception {
    String ops = "/v1/apps/" + appA + "/operations";
    JsonNode all = call("GET", ops, tokenA, null).body();
    assertEquals(2, all.at("/meta/pagination/total_count").asInt());
    assertEquals("change-plan", all.at("/operations/0/kind").asText());
    assertEquals("provision", all.at("/operations/1/kind").asText());
    assertNotNull(all.at("/operations/0/requested_by").asText());
    JsonNode page2 = call("GET", ops + "?per_page=1&page=2", tokenA, null).body();
    assertEquals(1, page2.path("operations").size());
    assertEquals("provision", page2.at("/operations/0/kind").asText());
    assertEquals(1, page2.at("/meta/pagination/prev_page").asInt());
    JsonNode byAddon = call("GET", ops + "?addon_id=" + addonA, tokenA, null).body();
    assertEquals(2, byAddon.path("operations").size());
  }

  @Test
  @Order(9)
  void removalAnswers202AndTheAddonIsGoneAfterwards() throws Exception {
    String addon = "/v1/apps/" + appA + "/addons/" + addonA;
    Answer removal = call("DELETE", addon, tokenA, null);
    assertEquals(202, removal.status(), removal.body().toString());
    JsonNode op = awaitOperation(removal.raw().headers().firstValue("Location").orElseThrow(), tokenA);
    assertEquals("succeeded", op.path("status").asText(), op.toString());
    assertRefused(call("GET", addon, tokenA, null), 404, "unknown addon");
    assertEquals(0, call("GET", "/v1/apps/" + appA + "/addons", tokenA, null).body().path("addons").size());
    assertEquals(0, harness.containersOf(addonA).size());
  }

  @Test
  @Order(10)
  void everyAnswerSeenIsDocumentedInTheOpenApiDocument() throws Exception {
    Answer doc = call("GET", "/v1/openapi.json", null, null);
    assertEquals(200, doc.status());
    JsonNode paths = doc.body().path("paths");
    int checked = 0;
    for (String[] s : seen) {
      String template = template(paths, s[1]);
      if (template == null) {
        continue; // a path no route has (the hostile ids): answered 404 by the router
      }
      JsonNode operation = paths.path(template).path(s[0].toLowerCase());
      assertFalse(operation.isMissingNode(), s[0] + " " + template + " is documented");
      assertTrue(operation.path("responses").has(s[2]), s[0] + " " + template + " documents " + s[2]);
      checked++;
    }
    assertTrue(checked > 50, "answers checked: " + checked);
  }

  @Test
  @Order(11)
  void theStatusRefreshScheduleRunsAndRecordsWhatTheNodesSay() throws Exception {
    // App B's addon was observed by the schedule (every 5 s here), not only by its provisioning's end.
    JsonNode db = call("GET", "/v1/apps/" + appB + "/addons/" + addonB + "/database", tokenB, null).body().path("database");
    java.time.Instant observed = java.time.Instant.parse(db.path("observed_at").asText());
    java.time.Instant later = observed;
    for (int i = 0; i < 40 && !later.isAfter(observed); i++) {
      Thread.sleep(500);
      later = java.time.Instant.parse(call("GET", "/v1/apps/" + appB + "/addons/" + addonB + "/database", tokenB, null)
          .body().at("/database/observed_at").asText());
    }
    assertTrue(later.isAfter(observed), "observed again by the schedule: " + observed + " then " + later);
    harness.recordStatusRefreshHistory("status-refresh.json");
  }

  private static String template(JsonNode paths, String path) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
      String t = it.next();
      if (Pattern.matches(t.replaceAll("\\{[a-z_]+}", "[^/]+"), bare)) {
        return t;
      }
    }
    return null;
  }

  private static void assertRefused(Answer a, int status, String messagePart) {
    assertEquals(status, a.status(), a.body().toString());
    assertTrue(a.body().at("/error/message").asText().contains(messagePart), a.error());
    assertFalse(a.body().at("/error/code").asText().isEmpty());
  }

  private static JsonNode awaitOperation(String location, String token) throws Exception {
    for (int i = 0; i < 600; i++) {
      JsonNode op = call("GET", location, token, null).body().path("operation");
      if (!"running".equals(op.path("status").asText())) {
        return op;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("operation " + location + " still running after 5 minutes");
  }

  static Answer call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(harness.apiUrl + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    synchronized (seen) {
      seen.add(new String[] {method, path, Integer.toString(r.statusCode())});
    }
    // Its route and status are documented and its body conforms (a body that is not JSON is not read).
    OPENAPI.check(method, path, r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
    JsonNode json = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    return new Answer(r.statusCode(), json, r);
  }
}
