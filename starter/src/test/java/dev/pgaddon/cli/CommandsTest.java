package dev.pgaddon.cli;

import static dev.pgaddon.cli.FakeApi.operation;
import static dev.pgaddon.cli.FakeApi.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed-shaped lines each command prints from the API's answers. */
class CommandsTest {
  private static final String ID = "ad-871546ad-943a-4929-9770-ec7c839d65f5";
  private static final String ADDON = "/v1/apps/my-app/addons/" + ID;
  private FakeApi api;

  @BeforeEach
  void start() throws Exception {
    api = new FakeApi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void addonsAddFollowsTheProvisioningThenPrintsTheConnectionUrl() {
    api.on("POST", "/v1/apps/my-app/addons", new FakeApi.Answer(202,
        "{\"operation\":{\"id\":\"op-1\",\"status\":\"running\"},\"addon\":{\"id\":\"" + ID + "\"}}", "/v1/operations/op-1"));
    api.on("GET", "/v1/operations/op-1", 200, operation("succeeded", step("1. Volumes", "done", ""), "null",
        "{\"addonId\":\"" + ID + "\",\"planId\":\"postgresql-starter-512\",\"version\":\"15.20\","
            + "\"database\":\"my_app_4553\",\"username\":\"my_app_4553\"}"));
    api.on("GET", ADDON + "/connection", 200, "{\"connection\":{\"url\":\"postgres://my_app_4553:pw@127.0.0.1:5433/my_app_4553\"}}");

    FakeApi.Run run = api.cli("--app", "my-app", "addons-add", "postgresql", "postgresql-starter-512", "--version", "15.20",
        "--restart-hook", "https://my-app.example/hook");

    assertEquals(0, run.code(), run.err());
    assertEquals(String.join("\n",
        "-----> Provisioning addon " + ID + " (postgresql-starter-512) for app my-app",
        "       [done   ] 1. Volumes",
        "-----> Addon postgresql has been provisioned",
        "       ID: " + ID,
        "       Plan: postgresql-starter-512, PostgreSQL 15.20",
        "       Database: my_app_4553, user my_app_4553 (protected)",
        "       Connection URL: postgres://my_app_4553:pw@127.0.0.1:5433/my_app_4553",
        "       Message from addon provider: Database provisioned", ""), run.out());
    assertEquals("{\"addon\":{\"provider_id\":\"postgresql\",\"plan_id\":\"postgresql-starter-512\",\"version\":\"15.20\","
        + "\"restart_hook\":\"https://my-app.example/hook\"}}", api.requests.get(0).body());
  }

  @Test
  void anAppWithoutAddonsIsUnknown() {
    api.on("GET", "/v1/apps/my-app/addons", 200, "{\"addons\":[]}");

    FakeApi.Run run = api.cli("--app", "my-app", "addons");

    assertEquals(2, run.code());
    assertEquals(" !     unknown app 'my-app': no addon is attached to it", run.err().stripTrailing());
  }

  @Test
  void addonsListsTheApiStatus() {
    api.on("GET", "/v1/apps/my-app/addons", 200, "{\"addons\":[{\"id\":\"" + ID + "\",\"plan_id\":\"postgresql-business-512\","
        + "\"version\":\"15.20\",\"status\":\"changing plan\"}]}");

    FakeApi.Run run = api.cli("--app", "my-app", "addons");

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("|   ADDON    |"), run.out());
    assertTrue(run.out().contains("| PostgreSQL | " + ID + " | postgresql-business-512 | 15.20   | changing plan |"), run.out());
  }

  @Test
  void databaseUpgradeListComparesMajors() {
    api.on("GET", ADDON + "/database", 200, "{\"database\":{\"version\":\"15.20\",\"next_version\":\"17.12\","
        + "\"versions_offered\":[\"15.18\",\"15.20\",\"17.12\"]}}");

    FakeApi.Run run = api.cli("--app", "my-app", "--addon", ID, "database-upgrade", "--list");

    assertEquals(0, run.code(), run.err());
    assertEquals(String.join("\n", "Current version: PostgreSQL 15.20",
        "Next: PostgreSQL 17.12, major (pg_upgrade: the database is unreachable for a while; estimate it with --check)",
        "Offered: 15.18, 15.20, 17.12", ""), run.out());
  }

  @Test
  void aMinorUpgradeWithoutWaitSaysItIsUnderWay() {
    api.on("POST", ADDON + "/database/upgrade", new FakeApi.Answer(202, "{\"operation\":{\"id\":\"op-3\",\"kind\":\"minor-upgrade\","
        + "\"status\":\"running\",\"request\":{\"version\":\"15.20\"}}}", "/v1/operations/op-3"));

    FakeApi.Run run = api.cli("--app", "my-app", "--addon", ID, "database-upgrade");

    assertEquals(0, run.code(), run.err());
    assertEquals("-----> Addon " + ID + " is being upgraded to PostgreSQL 15.20\n", run.out());
    assertEquals("{\"version\":null,\"check_only\":false}", api.requests.get(0).body());
  }

  @Test
  void addonsInfoHidesTheUrlUnlessAsked() {
    api.on("GET", ADDON, 200, "{\"addon\":{\"id\":\"" + ID + "\",\"plan_id\":\"postgresql-business-512\",\"status\":\"running\"}}");
    api.on("GET", ADDON + "/database", 200, "{\"database\":{\"version\":\"15.20\",\"next_version\":null,"
        + "\"endpoint\":{\"host\":\"127.0.0.1\",\"port\":5433},\"database_name\":\"my_app_4553\",\"nodes\":["
        + "{\"name\":\"node1\",\"role\":\"primary\",\"state\":\"running\",\"port\":5434,\"replication_lag_bytes\":null},"
        + "{\"name\":\"node2\",\"role\":\"follower\",\"state\":\"running\",\"port\":5435,\"replication_lag_bytes\":2048}]}}");
    api.on("GET", ADDON + "/connection", 200, "{\"connection\":{\"url\":\"postgres://u:pw@127.0.0.1:5433/d\"}}");

    FakeApi.Run hidden = api.cli("--app", "my-app", "addons-info", ID);
    FakeApi.Run shown = api.cli("--app", "my-app", "addons-info", ID, "--show-url");

    assertEquals(0, hidden.code(), hidden.err());
    assertTrue(hidden.out().contains("       Plan: postgresql-business-512\n"), hidden.out());
    assertTrue(hidden.out().contains("       Version: PostgreSQL 15.20\n"), hidden.out());
    assertTrue(hidden.out().contains("| node2 | follower | running | 2.0 KiB         |"), hidden.out());
    assertTrue(hidden.out().contains("--show-url"), hidden.out());
    assertFalse(hidden.out().contains("pw@"), hidden.out());
    assertTrue(shown.out().contains("       Connection URL: postgres://u:pw@127.0.0.1:5433/d\n"), shown.out());
  }
}
