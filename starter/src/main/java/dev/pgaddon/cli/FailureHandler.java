package dev.pgaddon.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** The one place that turns failures into a one-line message on stderr and an exit code. */
final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    int code = e instanceof CliError err ? err.exitCode() : CliError.FAILED;
    String message = e instanceof CliError ? e.getMessage() : rootMessage(e);
    cli.getErr().println(" !     " + message);
    return code;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
