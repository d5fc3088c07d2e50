package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgaddon.api.body.AddonBody;
import dev.pgaddon.api.body.BackupBody;
import dev.pgaddon.api.body.ConnectionBody;
import dev.pgaddon.api.body.DatabaseBody;
import dev.pgaddon.api.body.ErrorBody;
import dev.pgaddon.api.body.ExtensionBody;
import dev.pgaddon.api.body.OperationBody;
import dev.pgaddon.api.body.PitrBody;
import dev.pgaddon.api.body.PlanBody;
import dev.pgaddon.api.body.SessionBody;
import dev.pgaddon.api.body.UserBody;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The validator ApiIT runs on every answer, without the stack: it accepts what conforms to
 * openapi.json, and refuses a body without a required field, a field of the wrong type, a null
 * where none is documented, an undocumented status, route or media type, each with a message that
 * names the route, the status and the error. And every response record the API sends conforms.
 */
class OpenApiResponsesTest {
  private static final OpenApiResponses OPENAPI = OpenApiResponses.load();
  /** As the API writes its bodies (dev.pgaddon.api.Json). */
  private static final ObjectMapper API = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  private static final String JSON = "application/json";
  private static final String ADDON_ID = "ad-0f8b1c2e-4d3a-4b5c-9d8e-7f6a5b4c3d2e";
  private static final String ADDON = "/v1/apps/my-app/addons/" + ADDON_ID;

  private static String json(Object body) {
    try {
      return API.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AddonBody addon() {
    return new AddonBody(ADDON_ID, "my-app", "postgresql", "postgresql-starter-512", "17.12", "running",
        "2026-01-02T03:04:05.123456Z", "2026-01-02T03:04:06Z");
  }

  private static OperationBody operation(String status) {
    ObjectNode request = API.createObjectNode().put("addonId", ADDON_ID);
    List<OperationBody.Step> steps = List.of(new OperationBody.Step("create the nodes", "done", null));
    boolean running = "running".equals(status);
    return new OperationBody("op-1", "provision", ADDON_ID, "my-app", status, "tok-1", request,
        "2026-01-02T03:04:05Z", running ? null : "2026-01-02T03:05:05Z", steps,
        "failed".equals(status) ? new OperationBody.Failure("node_failed", "the node did not start") : null,
        "succeeded".equals(status) ? API.createObjectNode().put("addonId", ADDON_ID) : null, "addon-" + ADDON_ID, "run-1");
  }

  private static String addonAnswer() {
    return json(new AddonBody.One(addon()));
  }

  private static AssertionError refused(Executable check, String... parts) {
    AssertionError e = assertThrows(AssertionError.class, check);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
    }
    return e;
  }

  @Test
  void anAddonThatConformsIsAccepted() {
    assertDoesNotThrow(() -> OPENAPI.check("GET", ADDON, 200, "application/json; charset=utf-8", addonAnswer()));
  }

  @Test
  void anAddonWithoutARequiredFieldIsRefusedNamingTheRouteTheStatusAndTheField() throws Exception {
    ObjectNode body = (ObjectNode) API.readTree(addonAnswer());
    ((ObjectNode) body.get("addon")).remove("status");
    refused(() -> OPENAPI.check("GET", ADDON, 200, JSON, body.toString()),
        "GET " + ADDON + " answered 200", "GET /v1/apps/{app}/addons/{addon_id} 200", "#/components/schemas/AddonAnswer",
        "/addon: required property 'status' not found");
  }

  @Test
  void anAddonWithAFieldOfTheWrongTypeIsRefused() throws Exception {
    ObjectNode body = (ObjectNode) API.readTree(addonAnswer());
    ((ObjectNode) body.get("addon")).put("version", 17);
    refused(() -> OPENAPI.check("GET", ADDON, 200, JSON, body.toString()), "/addon/version: integer found, string expected");
  }

  @Test
  void nullIsAcceptedWhereTheDocumentSaysNullableAndNowhereElse() throws Exception {
    ObjectNode body = (ObjectNode) API.readTree(addonAnswer());
    ((ObjectNode) body.get("addon")).putNull("version");
    assertDoesNotThrow(() -> OPENAPI.check("GET", ADDON, 200, JSON, body.toString()));
    ((ObjectNode) body.get("addon")).putNull("id");
    refused(() -> OPENAPI.check("GET", ADDON, 200, JSON, body.toString()), "/addon/id: null found, string expected");
  }

  @Test
  void aFieldTheDocumentDoesNotKnowIsRefused() throws Exception {
    ObjectNode body = (ObjectNode) API.readTree(addonAnswer());
    ((ObjectNode) body.get("addon")).put("planId", "postgresql-starter-512");
    refused(() -> OPENAPI.check("GET", ADDON, 200, JSON, body.toString()), "'planId' is not defined in the schema");
  }

  @Test
  void anUndocumentedStatusIsRefused() {
    refused(() -> OPENAPI.check("GET", ADDON, 201, JSON, addonAnswer()),
        "GET " + ADDON + " answered 201", "does not document status 201 for GET /v1/apps/{app}/addons/{addon_id}");
    String session = json(new SessionBody.One(new SessionBody("pgs_x", "2026-01-02T15:04:05Z", 1800, "http://127.0.0.1:8233")));
    assertDoesNotThrow(() -> OPENAPI.check("POST", "/v1/sessions", 201, JSON, session));
    refused(() -> OPENAPI.check("POST", "/v1/sessions", 200, JSON, session), "does not document status 200 for POST /v1/sessions");
  }

  @Test
  void anUndocumentedRouteOrMethodIsRefused() {
    String apps = json(new SessionBody.Apps(List.of(new SessionBody.App("my-app"))));
    assertDoesNotThrow(() -> OPENAPI.check("GET", "/v1/apps", 200, JSON, apps));
    refused(() -> OPENAPI.check("PUT", "/v1/apps", 200, JSON, apps), "openapi.json does not document PUT /v1/apps");
    refused(() -> OPENAPI.check("GET", "/v1/nothing/here", 404, JSON, json(ErrorBody.of("not_found", "no route"))),
        "no path of openapi.json matches /v1/nothing/here");
  }

  @Test
  void errorsHaveTheOneErrorShape() {
    assertDoesNotThrow(() -> OPENAPI.check("GET", "/v1/operations/op-nope", 404, JSON,
        json(ErrorBody.of("not_found", "unknown operation 'op-nope'"))));
    refused(() -> OPENAPI.check("GET", "/v1/operations/op-nope", 404, JSON, "{\"error\":{\"code\":\"not_found\"}}"),
        "GET /v1/operations/{operation_id} 404", "#/components/schemas/Error", "required property 'message' not found");
    refused(() -> OPENAPI.check("GET", "/v1/operations/op-nope", 404, JSON, "{\"message\":\"unknown\"}"),
        "required property 'error' not found");
  }

  @Test
  void anAuditTrailPageWithItsNullsConforms() throws Exception {
    String page = json(new OperationBody.Page(List.of(operation("running"), operation("failed"), operation("succeeded")),
        new OperationBody.Meta(new OperationBody.Pagination(1, 20, 3, 1, null, null))));
    assertDoesNotThrow(() -> OPENAPI.check("GET", "/v1/apps/my-app/operations?page=1&addon_id=" + ADDON_ID, 200, JSON, page));
    ObjectNode wrong = (ObjectNode) API.readTree(page);
    ((ObjectNode) wrong.at("/meta/pagination")).put("next_page", "2");
    ((ObjectNode) wrong.at("/operations/0/steps/0")).put("state", "finished");
    refused(() -> OPENAPI.check("GET", "/v1/apps/my-app/operations", 200, JSON, wrong.toString()),
        "/meta/pagination/next_page: string found, integer expected",
        "/operations/0/steps/0/state: does not have a value in the enumeration");
  }

  @Test
  void aBodyOfAnotherMediaTypeIsNotReadButMustBeDocumented() {
    String archive = ADDON + "/backups/bk-20260102/archive";
    assertDoesNotThrow(() -> OPENAPI.check("GET", archive, 200, "application/x-tar", "ustar\u0000..."));
    refused(() -> OPENAPI.check("GET", archive, 200, JSON, "{}"), "openapi.json documents application/x-tar");
    refused(() -> OPENAPI.check("GET", ADDON, 200, "text/html", "<html>"), "Content-Type 'text/html'");
  }

  @Test
  void anAnswerDocumentedWithoutABodyHasNone() {
    assertDoesNotThrow(() -> OPENAPI.check("DELETE", "/v1/sessions/current", 204, null, ""));
    refused(() -> OPENAPI.check("DELETE", "/v1/sessions/current", 204, JSON, "{}"), "documents no body");
    refused(() -> OPENAPI.check("GET", ADDON, 200, JSON, ""), "an empty body");
    refused(() -> OPENAPI.check("GET", ADDON, 200, JSON, "{\"addon\":"), "the body is not JSON");
  }

  @Test
  void theDocumentItselfIsNotOneOfItsPaths() {
    assertDoesNotThrow(() -> OPENAPI.check("GET", OpenApiResponses.DOCUMENT_PATH, 200, JSON, "{\"openapi\":\"3.0.3\"}"));
  }

  @Test
  void inlineSchemasAndTheirReferencesAreValidatedToo() {
    OpenApiResponses doc = OpenApiResponses.of("""
        {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
         "paths": {"/things/{id}": {"get": {"responses": {
           "200": {"description": "ok", "content": {"application/json": {"schema": {
             "type": "object", "required": ["thing"],
             "properties": {"thing": {"$ref": "#/components/schemas/Thing"}}}}}},
           "404": {"$ref": "#/components/responses/Missing"}}}},
          "/things/special": {"get": {"responses": {"200": {"description": "ok"}}}}},
         "components": {
           "responses": {"Missing": {"description": "no", "content": {"application/json": {"schema": {
             "type": "object", "required": ["why"], "properties": {"why": {"type": "string"}}}}}}},
           "schemas": {"Thing": {"type": "object", "required": ["n"],
             "properties": {"n": {"type": "integer"}, "note": {"type": "string", "nullable": true}}}}}}
        """);
    assertDoesNotThrow(() -> doc.check("GET", "/things/7", 200, JSON, "{\"thing\":{\"n\":1,\"note\":null}}"));
    refused(() -> doc.check("GET", "/things/7", 200, JSON, "{\"thing\":{\"n\":\"1\"}}"), "/thing/n: string found, integer expected");
    assertDoesNotThrow(() -> doc.check("GET", "/things/7", 404, JSON, "{\"why\":\"gone\"}"));
    refused(() -> doc.check("GET", "/things/7", 404, JSON, "{}"), "required property 'why' not found");
    // The literal path wins over the template: it documents no body.
    assertDoesNotThrow(() -> doc.check("GET", "/things/special", 200, null, ""));
  }

  /** Every record the API answers with, as the API serializes it, conforms to its route's schema. */
  @Test
  void everyResponseRecordTheApiSendsConforms() {
    String app = "/v1/apps/my-app";
    String users = ADDON + "/database/users";
    String extensions = ADDON + "/database/extensions";
    AddonBody.Accepted accepted = new AddonBody.Accepted(operation("running"), addon());
    OperationBody running = operation("running");
    ArrayNode nodes = API.createArrayNode();
    nodes.addObject().put("name", "node-0").put("role", "primary").put("state", "running").put("port", 5432)
        .putNull("replication_lag_bytes").putNull("replication").put("archiving", "ok");
    nodes.addObject().put("name", "node-1").put("role", "follower").put("state", "running").put("port", 5433)
        .put("replication_lag_bytes", 0).put("replication", "synchronous").put("archiving", "ok");
    ArrayNode listedUsers = API.createArrayNode();
    listedUsers.addObject().put("username", "app_user").put("read_only", false).put("protected", true)
        .put("password_encryption", "SCRAM-SHA-256");
    ArrayNode listedExtensions = API.createArrayNode();
    listedExtensions.addObject().put("name", "pg_trgm").put("default_version", "1.6").putNull("installed_version")
        .put("description", "text similarity");
    BackupBody backup = new BackupBody("bk-1", "2026-01-02T03:04:05Z", null, null, "running", "manual", null, null, null, null);
    BackupBody done = new BackupBody("bk-0", "2026-01-01T03:04:05Z", "2026-01-01T03:05:05Z", 123_456_789L, "done",
        "periodic", "17.12", null, 12_345_678L, "ok: verified in the object store at 2026-01-01T03:05:09Z");
    BackupBody.ScheduleOne schedule = new BackupBody.ScheduleOne(new BackupBody.Schedule(3, 7));
    List<Object[]> answers = List.of(
        new Object[] {"GET", "/v1/addon_providers/postgresql/plans", 200, new PlanBody.Catalog(List.of(
            new PlanBody("postgresql-sandbox", "Sandbox", 256, 0.25, 1, 10, false),
            new PlanBody("postgresql-business-4096", "Business", 4096, 2.0, 50, 200, true)), List.of("16.8", "17.12"))},
        new Object[] {"GET", app + "/addons", 200, new AddonBody.Many(List.of(addon()))},
        new Object[] {"POST", app + "/addons", 202, accepted},
        new Object[] {"GET", ADDON, 200, new AddonBody.One(addon())},
        new Object[] {"PATCH", ADDON, 202, accepted},
        new Object[] {"DELETE", ADDON, 202, accepted},
        new Object[] {"GET", ADDON + "/database", 200, new DatabaseBody.One(new DatabaseBody(ADDON_ID, "postgresql-business-4096",
            "16.8", "17.12", List.of("16.8", "17.12"), "running", nodes, "synchronous", new DatabaseBody.Endpoint("127.0.0.1", 40001),
            "app", "2026-01-02T03:04:05.5Z"))},
        new Object[] {"GET", ADDON + "/database", 200, new DatabaseBody.One(new DatabaseBody(ADDON_ID, "postgresql-sandbox",
            null, null, List.of(), "provisioning", API.createArrayNode(), null, null, null, null))},
        new Object[] {"POST", ADDON + "/database/upgrade", 202, accepted},
        new Object[] {"GET", ADDON + "/connection", 200, new ConnectionBody.One(new ConnectionBody(ADDON_ID,
            "postgres://app:secret@127.0.0.1:40001/app", null))},
        new Object[] {"GET", "/v1/operations/op-1", 200, new OperationBody.One(operation("succeeded"))},
        new Object[] {"GET", app + "/operations", 200, new OperationBody.Page(List.of(running),
            new OperationBody.Meta(new OperationBody.Pagination(2, 1, 3, 3, 3, 1)))},
        new Object[] {"GET", users, 200, new UserBody.Many(listedUsers)},
        new Object[] {"POST", users, 202, new UserBody.Accepted(running, new UserBody.User("reporting", true), "x".repeat(64))},
        new Object[] {"PUT", users + "/reporting/password", 202, new UserBody.Accepted(running,
            new UserBody.User("reporting", false), null)},
        new Object[] {"DELETE", users + "/reporting", 202, new UserBody.Accepted(running, new UserBody.User("reporting", false),
            null)},
        new Object[] {"GET", extensions, 200, new ExtensionBody.Many(listedExtensions)},
        new Object[] {"POST", extensions, 202, new ExtensionBody.Accepted(running, new ExtensionBody.Extension("pg_trgm"))},
        new Object[] {"DELETE", extensions + "/pg_trgm", 202, new ExtensionBody.Accepted(running,
            new ExtensionBody.Extension("pg_trgm"))},
        new Object[] {"POST", "/v1/sessions", 201, new SessionBody.One(new SessionBody("pgs_x", "2026-01-02T15:04:05.123Z", 1800,
            "http://127.0.0.1:8233"))},
        new Object[] {"GET", "/v1/apps", 200, new SessionBody.Apps(List.of(new SessionBody.App("my-app")))},
        new Object[] {"GET", ADDON + "/backups", 200, new BackupBody.Many(List.of(backup, done))},
        new Object[] {"POST", ADDON + "/backups", 202, new BackupBody.One(backup)},
        new Object[] {"GET", ADDON + "/backup_schedule", 200, schedule},
        new Object[] {"PUT", ADDON + "/backup_schedule", 200, schedule},
        new Object[] {"GET", ADDON + "/database/pitr", 200, new PitrBody.One(new PitrBody(ADDON_ID,
            new PitrBody.Window("2026-01-01T03:05:05Z", "2026-01-02T03:04:05Z"), "ok", 4096L, 12L, List.of(
                new PitrBody.Epoch(16, "2025-12-01T03:05:05Z", "2025-12-31T03:04:05Z", false),
                new PitrBody.Epoch(17, "2026-01-01T03:05:05Z", "2026-01-02T03:04:05Z", true))))},
        new Object[] {"GET", ADDON + "/database/pitr", 200, new PitrBody.One(new PitrBody(ADDON_ID, null,
            "node-0: failing since 2026-01-02T03:04:05Z (000000010000000000000003, 4 failures)", null, null, List.of()))},
        new Object[] {"POST", ADDON + "/database/pitr/restore", 202, new PitrBody.Accepted(running, ADDON_ID,
            "ad-11111111-2222-3333-4444-555555555555")},
        new Object[] {"GET", ADDON + "/connection", 409, ErrorBody.of("not_ready", "no connection URL yet")},
        new Object[] {"GET", "/v1/apps", 429, ErrorBody.of("rate_limited", "too many requests")});
    for (Object[] a : answers) {
      String body = json(a[3]);
      assertDoesNotThrow(() -> OPENAPI.check((String) a[0], (String) a[1], (Integer) a[2], JSON, body),
          a[0] + " " + a[1] + " " + a[2] + ": " + body);
    }
  }
}
