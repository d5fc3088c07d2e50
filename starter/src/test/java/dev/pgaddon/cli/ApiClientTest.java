package dev.pgaddon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgaddon.api.body.AddonBody;
import dev.pgaddon.api.body.PlanBody;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every answer of the API becomes a value or a CliError with the exit code the CLI documents. */
class ApiClientTest {
  private FakeApi api;
  private ApiClient client;

  @BeforeEach
  void start() throws Exception {
    api = new FakeApi();
    client = new ApiClient(api.url() + "/", FakeApi.TOKEN);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void sendsTheTokenAsABearerAndAsksForJson() {
    api.on("GET", "/v1/addon_providers/postgresql/plans", 200, "{\"plans\":[{\"id\":\"postgresql-sandbox\"}]}");

    var plans = client.get("/v1/addon_providers/postgresql/plans", PlanBody.Catalog.class);

    assertEquals("postgresql-sandbox", plans.plans().get(0).id());
    FakeApi.Request request = api.requests.get(0);
    assertEquals("Bearer " + FakeApi.TOKEN, request.authorization());
    assertEquals("application/json", request.accept());
  }

  @Test
  void aFieldANewerApiAddsIsIgnoredAndAWrongTypeIsAClearFailure() {
    api.on("GET", "/v1/apps/my-app/addons/ad-1", 200,
        "{\"addon\":{\"id\":\"ad-1\",\"plan_id\":\"postgresql-sandbox\",\"region\":\"eu-1\"},\"links\":{}}");
    api.on("GET", "/v1/apps/my-app/addons/ad-2", 200, "{\"addon\":[\"not\",\"an\",\"object\"]}");

    AddonBody addon = client.get("/v1/apps/my-app/addons/ad-1", AddonBody.One.class).addon();
    CliError unreadable = assertThrows(CliError.class, () -> client.get("/v1/apps/my-app/addons/ad-2", AddonBody.One.class));

    assertEquals("postgresql-sandbox", addon.planId());
    assertEquals(CliError.FAILED, unreadable.exitCode());
    assertTrue(unreadable.getMessage().startsWith("the pgaddon API answered with a body this CLI cannot read (AddonBody.One): "),
        unreadable.getMessage());
  }

  @Test
  void anUnauthorizedAnswerExplainsTheTokenWithoutShowingIt() {
    api.on("GET", "/v1/apps/my-app/addons", 401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"a valid API token is required\"}}");

    CliError e = assertThrows(CliError.class, () -> client.get("/v1/apps/my-app/addons", AddonBody.Many.class));

    assertEquals(CliError.INVALID, e.exitCode());
    assertEquals("the API refused the token (missing, unknown or revoked): set PGADDON_API_TOKEN or run pgaddon login",
        e.getMessage());
    assertFalse(e.getMessage().contains(FakeApi.TOKEN));
  }

  @Test
  void notFoundAndRefusalsExit2WithTheApiMessage() {
    api.on("GET", "/v1/apps/my-app/addons/ad-x", 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"unknown addon 'ad-x' for app 'my-app'\"}}");
    api.on("POST", "/v1/apps/my-app/addons", 422, "{\"error\":{\"code\":\"refused\",\"message\":\"unknown plan 'postgresql-gold-9'\"}}");

    CliError notFound = assertThrows(CliError.class, () -> client.get("/v1/apps/my-app/addons/ad-x", AddonBody.One.class));
    CliError refused = assertThrows(CliError.class, () -> client.send("POST", "/v1/apps/my-app/addons", java.util.Map.of()));

    assertEquals(CliError.INVALID, notFound.exitCode());
    assertEquals("unknown addon 'ad-x' for app 'my-app'", notFound.getMessage());
    assertEquals(CliError.INVALID, refused.exitCode());
    assertEquals("unknown plan 'postgresql-gold-9'", refused.getMessage());
  }

  @Test
  void serverErrorsExit1() {
    api.on("GET", "/v1/apps/my-app/addons", 503, "{\"error\":{\"code\":\"unavailable\",\"message\":\"no PostgreSQL version is offered yet\"}}");
    api.on("GET", "/v1/apps/other-app/addons", 502, "<html>bad gateway</html>");

    CliError unavailable = assertThrows(CliError.class, () -> client.get("/v1/apps/my-app/addons", AddonBody.Many.class));
    CliError notJson = assertThrows(CliError.class, () -> client.get("/v1/apps/other-app/addons", AddonBody.Many.class));

    assertEquals(CliError.FAILED, unavailable.exitCode());
    assertEquals("no PostgreSQL version is offered yet", unavailable.getMessage());
    assertEquals(CliError.FAILED, notJson.exitCode());
    assertEquals("the pgaddon API at " + api.url() + " answered HTTP 502", notJson.getMessage());
  }

  @Test
  void aRefusedConnectionExits3AndSaysWhatToDo() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ApiClient down = new ApiClient("http://127.0.0.1:" + port, FakeApi.TOKEN);

    CliError e = assertThrows(CliError.class, () -> down.get("/v1/addon_providers/postgresql/plans", PlanBody.Catalog.class));

    assertEquals(CliError.UNAVAILABLE, e.exitCode());
    assertEquals("pgaddon API not reachable at http://127.0.0.1:" + port
        + ": start it (scripts/demo.sh) or set PGADDON_API_URL", e.getMessage());
  }

  @Test
  void pathSegmentsAreEncoded() {
    assertEquals("/v1/apps/a%20b%2Fc/addons/ad-1", ApiClient.addonPath("a b/c", "ad-1"));
  }
}
