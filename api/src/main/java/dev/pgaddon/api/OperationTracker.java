package dev.pgaddon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaddon.api.body.OperationBody;
import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.OperationRecord;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.Progress;
import dev.pgaddon.record.OperationResults;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An operation as users see it: the control database's row, and while it runs (or when its end
 * has not been recorded yet) what Temporal says: live steps from the progress query, the outcome.
 */
final class OperationTracker {
  private final ControlDatabase db;
  private final WorkflowClient temporal;

  OperationTracker(ControlDatabase db, WorkflowClient temporal) {
    this.db = db;
    this.temporal = temporal;
  }

  /** The operation running on an addon now, if any; a row left open by a lost record is closed here. */
  Optional<OperationRecord> running(String addonId) {
    Optional<OperationRecord> row = db.operations().running(addonId);
    if (row.isEmpty()) {
      return row;
    }
    OperationRecord current = closeIfEnded(row.get());
    return current.running() ? Optional.of(current) : Optional.empty();
  }

  /** The operations running on an app's addons, by addon id (rows left open by a lost record are closed here). */
  Map<String, OperationRecord> runningOfApp(String app) {
    Map<String, OperationRecord> running = new java.util.HashMap<>();
    for (OperationRecord op : db.operations().runningOfApp(app)) {
      OperationRecord current = closeIfEnded(op);
      if (current.running()) {
        running.put(current.addonId(), current);
      }
    }
    return running;
  }

  /** The JSON view; {@code withResult} fetches the workflow's result of a succeeded operation from Temporal. */
  OperationBody view(OperationRecord record, boolean withResult) {
    OperationRecord op = closeIfEnded(record);
    return new OperationBody(
        op.id(),
        op.kind(),
        op.addonId(),
        op.app(),
        op.status(),
        op.tokenId(),
        Json.tree(op.requestJson()),
        String.valueOf(op.startedAt()),
        op.closedAt() == null ? null : op.closedAt().toString(),
        op.running() ? liveSteps(op) : Json.steps(op.stepsJson()),
        op.errorCode() == null ? null : new OperationBody.Failure(op.errorCode(), String.valueOf(op.errorMessage())),
        op.resultJson() != null ? Json.tree(op.resultJson())
            : withResult && "succeeded".equals(op.status()) ? result(op) : null,
        op.workflowId(),
        op.runId());
  }

  private OperationRecord closeIfEnded(OperationRecord op) {
    if (!op.running()) {
      return op;
    }
    WorkflowStub stub = stub(op);
    WorkflowExecutionStatus status;
    try {
      status = stub.describe().getStatus();
    } catch (WorkflowNotFoundException gone) {
      // Its history is past Temporal's retention and its end was never recorded: say so, once.
      db.operations().close(op.runId(), "unknown", "unknown", "the operation's end was not recorded and its"
          + " history has expired", null, null);
      return db.operations().find(op.id()).orElse(op);
    } catch (RuntimeException temporalDown) {
      return op; // shown as the database has it
    }
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return op;
    }
    String outcome = switch (status) {
      case WORKFLOW_EXECUTION_STATUS_COMPLETED -> "succeeded";
      case WORKFLOW_EXECUTION_STATUS_CANCELED -> "cancelled";
      case WORKFLOW_EXECUTION_STATUS_TERMINATED -> "terminated";
      case WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> "timed_out";
      default -> "failed";
    };
    String code = null;
    String message = null;
    if ("failed".equals(outcome)) {
      try {
        stub.getResult(5, TimeUnit.SECONDS, JsonNode.class);
      } catch (WorkflowFailedException e) {
        code = Failures.code(e);
        message = Failures.message(e);
      } catch (Exception other) {
        code = Failures.CODE_OPERATION_FAILED;
        message = Failures.rootMessage(other);
      }
    } else if (!"succeeded".equals(outcome)) {
      code = outcome;
      message = "the operation was " + outcome.replace('_', ' ');
    }
    JsonNode result = "succeeded".equals(outcome) ? result(op) : null;
    db.operations().close(op.runId(), outcome, code, message, Json.write(steps(progress(stub))),
        result == null ? null : result.toString());
    return db.operations().find(op.id()).orElse(op);
  }

  /** The steps the progress query reports now (an empty list before a worker has picked it up). */
  private List<OperationBody.Step> liveSteps(OperationRecord op) {
    return steps(progress(stub(op)));
  }

  private static Progress progress(WorkflowStub stub) {
    try {
      return stub.query("progress", Progress.class);
    } catch (RuntimeException notYet) {
      return null; // no worker has picked it up yet
    }
  }

  private static List<OperationBody.Step> steps(Progress progress) {
    if (progress == null) {
      return List.of();
    }
    return progress.steps().stream().map(s -> new OperationBody.Step(s.name(), s.state(), s.detail())).toList();
  }

  /** The workflow's result, without the connection URL (only GET .../connection hands that out). */
  private JsonNode result(OperationRecord op) {
    try {
      return OperationResults.withoutSecrets(stub(op).getResult(5, TimeUnit.SECONDS, JsonNode.class));
    } catch (Exception goneOrSlow) {
      return null;
    }
  }

  private WorkflowStub stub(OperationRecord op) {
    return temporal.newUntypedWorkflowStub(op.workflowId(), Optional.of(op.runId()), Optional.empty());
  }



  static String statusDuring(String kind) {
    return switch (kind) {
      case "provision" -> "provisioning";
      case "remove" -> "removing";
      case "change-plan" -> "changing plan";
      case "major-upgrade-check" -> "checking upgrade";
      case "failover" -> "failing over";
      case "repair" -> "repairing";
      case "pitr-restore" -> "restoring";
      // A user's change leaves the database serving as it was.
      default -> kind.endsWith("upgrade") ? "upgrading" : kind.startsWith("user-") || kind.startsWith("extension-") ? "running" : kind;
    };
  }

}
