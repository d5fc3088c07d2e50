package dev.pgaddon.cli;

import dev.pgaddon.operation.WorkflowIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "operations", description = "List the recent operations of an app or an addon (needs a real Temporal server)")
final class OperationsCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin OutputOptions output;

  @Option(names = "--addon", paramLabel = "ADDON_ID", description = "Only this addon's operations")
  String addonId;

  @Option(names = "--limit", description = "At most this many, newest first (default 20)")
  int limit = 20;

  record Row(String addon, String operation, String status, String started, String closed, String runId) {}

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    String query = WorkflowIds.APP_NAME_ATTRIBUTE + " = '" + app + "'"
        + (addonId == null ? "" : " AND " + WorkflowIds.ADDON_ID_ATTRIBUTE + " = '" + addonId.replace("'", "") + "'");
    List<WorkflowExecutionMetadata> executions;
    try {
      executions = TemporalAccess.client().listExecutions(query).limit(limit).toList();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        throw new CliError(CliError.UNAVAILABLE, "listing operations needs a real Temporal server with visibility "
            + "(scripts/temporal.sh start); the embedded test server cannot list workflows");
      }
      throw e;
    }
    List<Row> rows = executions.stream().map(e -> new Row(
        e.getExecution().getWorkflowId().substring("addon-".length()), e.getWorkflowType(),
        e.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(),
        TIME.format(e.getStartTime()), e.getCloseTime() == null ? "" : TIME.format(e.getCloseTime()),
        e.getExecution().getRunId())).toList();
    var out = spec.commandLine().getOut();
    if (output.json) {
      output.printJson(out, rows);
      return 0;
    }
    Table table = new Table("ADDON", "OPERATION", "STATUS", "STARTED (UTC)", "CLOSED (UTC)");
    rows.forEach(r -> table.row(r.addon(), r.operation(), r.status(), r.started(), r.closed()));
    out.print(table.render());
    return 0;
  }
}
