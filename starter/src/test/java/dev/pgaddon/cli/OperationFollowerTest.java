package dev.pgaddon.cli;

import static dev.pgaddon.cli.FakeApi.operation;
import static dev.pgaddon.cli.FakeApi.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OperationFollowerTest {
  private static final ApiClient.Response ACCEPTED = new ApiClient.Response(202, MissingNode.getInstance(), "/v1/operations/op-1");

  private FakeApi api;
  private final StringWriter out = new StringWriter();
  private OperationFollower follower;

  @BeforeEach
  void start() throws Exception {
    api = new FakeApi();
    follower = new OperationFollower(new ApiClient(api.url(), FakeApi.TOKEN), new PrintWriter(out, true), 1);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void printsEachStepOncePerStateChangeAndReturnsTheResult() {
    String pending = step("2. Start the primary", "pending", "");
    api.on("GET", "/v1/operations/op-1", 200, operation("running", "", "null", "null"))
        .on("GET", "/v1/operations/op-1", 200, operation("running", step("1. Volumes", "running", "") + "," + pending, "null", "null"))
        .on("GET", "/v1/operations/op-1", 200, operation("running", step("1. Volumes", "running", "") + "," + pending, "null", "null"))
        .on("GET", "/v1/operations/op-1", 200, operation("running",
            step("1. Volumes", "done", "2 volumes") + "," + step("2. Start the primary", "running", ""), "null", "null"))
        .on("GET", "/v1/operations/op-1", 200, operation("succeeded",
            step("1. Volumes", "done", "2 volumes") + "," + step("2. Start the primary", "done", "node1"), "null",
            "{\"addonId\":\"ad-1\"}"));

    var op = follower.follow(ACCEPTED);

    assertEquals("ad-1", op.result().path("addonId").asText());
    assertEquals(String.join("\n",
        "       [running] 1. Volumes",
        "       [done   ] 1. Volumes: 2 volumes",
        "       [running] 2. Start the primary",
        "       [done   ] 2. Start the primary: node1", ""), out.toString().replace(System.lineSeparator(), "\n"));
    assertEquals(5, api.requests.size());
  }

  @Test
  void aFailedOperationPrintsItsLastStepsThenFails() {
    api.on("GET", "/v1/operations/op-1", 200, operation("failed", step("Rollback", "done", "old cluster restarted untouched"),
        "{\"code\":\"operation_failed\",\"message\":\"pg_upgrade failed\"}", "null"));

    CliError e = assertThrows(CliError.class, () -> follower.follow(ACCEPTED));

    assertEquals(CliError.FAILED, e.exitCode());
    assertEquals("pg_upgrade failed", e.getMessage());
    assertEquals("       [done   ] Rollback: old cluster restarted untouched\n", out.toString().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void anInvalidRequestFoundByTheWorkflowExits2() {
    api.on("GET", "/v1/operations/op-1", 200, operation("failed", "",
        "{\"code\":\"invalid_request\",\"message\":\"pg_upgrade --check refuses the upgrade\"}", "null"));

    CliError e = assertThrows(CliError.class, () -> follower.follow(ACCEPTED));

    assertEquals(CliError.INVALID, e.exitCode());
    assertEquals("pg_upgrade --check refuses the upgrade", e.getMessage());
  }
}
