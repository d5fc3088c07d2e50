package dev.pgaddon.cli;

import dev.pgaddon.docker.DockerEngine.EngineUnavailableException;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.ProgressTracker;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** The one place that turns failures into a one-line message and an exit code. */
final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    int code;
    String message;
    if (e instanceof CliError err) {
      code = err.exitCode();
      message = err.getMessage();
    } else if (e instanceof EngineUnavailableException) {
      code = CliError.UNAVAILABLE;
      message = e.getMessage();
    } else if (e instanceof WorkflowFailedException wf) {
      ApplicationFailure app = applicationFailure(wf);
      code = app != null && Failures.INVALID_REQUEST.equals(app.getType()) ? CliError.INVALID : CliError.FAILED;
      message = app != null ? app.getOriginalMessage() : ProgressTracker.rootMessage(wf);
    } else {
      code = CliError.FAILED;
      message = ProgressTracker.rootMessage(e);
    }
    cli.getErr().println(" !     " + message);
    return code;
  }

  private static ApplicationFailure applicationFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ApplicationFailure a) {
        return a;
      }
    }
    return null;
  }
}
