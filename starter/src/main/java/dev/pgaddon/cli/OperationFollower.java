package dev.pgaddon.cli;

import dev.pgaddon.api.body.OperationBody;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
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
  OperationBody follow(ApiClient.Response accepted) {
    String location = accepted.location() != null ? accepted.location()
        : "/v1/operations/" + ApiClient.segment(accepted.as(OperationBody.One.class).operation().id());
    while (true) {
      OperationBody op = api.get(location, OperationBody.One.class).operation();
      printChanges(op.steps());
      String status = op.status() == null ? "" : op.status();
      if ("succeeded".equals(status)) {
        return op;
      }
      if (!"running".equals(status)) {
        OperationBody.Failure error = op.error();
        int code = error != null && "invalid_request".equals(error.code()) ? CliError.INVALID : CliError.FAILED;
        throw new CliError(code, error != null && error.message() != null ? error.message() : "the operation ended: " + status);
      }
      sleep();
    }
  }

  private void printChanges(List<OperationBody.Step> steps) {
    for (OperationBody.Step step : steps == null ? List.<OperationBody.Step>of() : steps) {
      String note = step.note() == null ? "" : step.note();
      if (!"pending".equals(step.state()) && !step.state().equals(printed.get(step.name()))) {
        printed.put(step.name(), step.state());
        out.printf("       [%-7s] %s%s%n", step.state(), step.name(), note.isEmpty() ? "" : ": " + note);
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
