package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/** Polls an operation (GET /v1/operations/{id}) until it ends, printing each step as its state changes. */
final class OperationFollower {
  private final ApiClient api;
  private final PrintWriter out;
  private final long pollMillis;
  private final Map<String, String> printed = new HashMap<>();

  OperationFollower(ApiClient api, PrintWriter out, long pollMillis) {
    this.api = api;
    this.out = out;
    this.pollMillis = pollMillis;
  }

  /** With --json the steps are not printed: stdout carries the JSON document only. */
  static OperationFollower of(ApiClient api, PrintWriter out, boolean json) {
    return new OperationFollower(api, json ? new PrintWriter(OutputStream.nullOutputStream()) : out, 500);
  }

  /**
   * @param accepted the API's 202: its Location header names the operation
   * @return the operation once it has succeeded; its "result" is the workflow's own result (camelCase fields)
   * @throws CliError when it ended otherwise: exit 2 when the request was invalid, else 1
   */
  JsonNode follow(ApiClient.Response accepted) {
    String location = accepted.location() != null ? accepted.location()
        : "/v1/operations/" + ApiClient.segment(accepted.body().path("operation").path("id").asText());
    while (true) {
      JsonNode op = api.get(location).path("operation");
      printChanges(op.path("steps"));
      String status = op.path("status").asText("");
      if ("succeeded".equals(status)) {
        return op;
      }
      if (!"running".equals(status)) {
        JsonNode error = op.path("error");
        int code = "invalid_request".equals(error.path("code").asText()) ? CliError.INVALID : CliError.FAILED;
        throw new CliError(code, error.path("message").asText("the operation ended: " + status));
      }
      sleep();
    }
  }

  private void printChanges(JsonNode steps) {
    for (JsonNode step : steps) {
      String name = step.path("name").asText();
      String state = step.path("state").asText();
      String note = step.path("note").asText("");
      if (!"pending".equals(state) && !state.equals(printed.get(name))) {
        printed.put(name, state);
        out.printf("       [%-7s] %s%s%n", state, name, note.isEmpty() ? "" : ": " + note);
        out.flush();
      }
    }
  }

  private void sleep() {
    try {
      Thread.sleep(pollMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliError(CliError.FAILED, "interrupted while following the operation (it goes on)");
    }
  }
}
