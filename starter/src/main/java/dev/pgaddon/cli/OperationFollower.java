package dev.pgaddon.cli;

import dev.pgaddon.operation.Progress;
import dev.pgaddon.util.Waits;
import dev.pgaddon.operation.StepState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Prints each step of a running operation as its state changes (progress query), until it ends. */
final class OperationFollower {
  private final PrintWriter out;
  private final Map<String, StepState.Status> printed = new HashMap<>();

  OperationFollower(PrintWriter out) {
    this.out = out;
  }

  <R> R follow(WorkflowStub stub, Class<R> resultType) {
    while (true) {
      try {
        R result = stub.getResult(1, TimeUnit.SECONDS, resultType);
        printChanges(stub);
        return result;
      } catch (TimeoutException stillRunning) {
        printChanges(stub);
      } catch (WorkflowFailedException failed) {
        printChanges(stub); // the last steps, e.g. a rollback, before the failure is reported
        throw failed;
      } catch (WorkflowServiceException e) {
        // The server may shed a long poll on a busy workflow (RESOURCE_EXHAUSTED "Workflow is busy"): poll again.
        if (!isBusy(e)) {
          throw e;
        }
        Waits.sleep(200);
      }
    }
  }

  private static boolean isBusy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
        return true;
      }
    }
    return false;
  }


  private void printChanges(WorkflowStub stub) {
    Progress progress;
    try {
      progress = stub.query("progress", Progress.class);
    } catch (RuntimeException notYet) {
      return; // no worker has picked it up yet, or it has just closed
    }
    if (progress == null) {
      return;
    }
    for (StepState step : progress.steps()) {
      if (step.status() != StepState.Status.PENDING && printed.get(step.name()) != step.status()) {
        printed.put(step.name(), step.status());
        out.printf("       [%-7s] %s%s%n", step.status().name().toLowerCase(), step.name(),
            step.detail().isEmpty() ? "" : ": " + step.detail());
        out.flush();
      }
    }
  }
}
