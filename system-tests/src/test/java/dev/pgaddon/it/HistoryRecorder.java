package dev.pgaddon.it;

import dev.pgaddon.operation.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the histories of workflows that ran on the stack to target/recorded-histories, where the
 * replay tests of the workflows module pick them up (scripts/record-histories.sh).
 */
final class HistoryRecorder {
  private final WorkflowClient client;

  HistoryRecorder(WorkflowClient client) {
    this.client = client;
  }

  /** Writes the history of a finished workflow where the replay tests can pick it up. */
  void recordHistory(String workflowId, String fileName) throws IOException {
    write(fileName, client.fetchHistory(workflowId));
  }

  /** The history of one completed run of the stack's status refresh schedule. */
  void recordStatusRefreshHistory(String fileName) throws IOException {
    recordScheduledHistory("RefreshStatus", fileName);
  }

  /** A completed run of a workflow that a schedule started on the stack's queue. */
  void recordScheduledHistory(String workflowType, String fileName) throws IOException {
    var run = client.listExecutions("WorkflowType = '" + workflowType + "' AND ExecutionStatus = 'Completed'")
        .filter(e -> e.getTaskQueue().equals(WorkflowIds.taskQueue())).findFirst()
        .orElseThrow(() -> new AssertionError("no completed " + workflowType + " on " + WorkflowIds.taskQueue()));
    write(fileName, client.fetchHistory(run.getExecution().getWorkflowId(), run.getExecution().getRunId()));
  }

  private static void write(String fileName, WorkflowExecutionHistory history) throws IOException {
    Path dir = Path.of("target", "recorded-histories");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(fileName), history.toJson(true));
  }
}
