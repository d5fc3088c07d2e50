package dev.pgaddon.cli;

/** A failure the user can act on: printed as one line, with its exit code. */
public final class CliError extends RuntimeException {
  /** The request is wrong; nothing was changed. */
  public static final int INVALID = 2;
  /** The pgaddon API does not answer. */
  public static final int UNAVAILABLE = 3;
  /** The operation ran and failed, or the API failed (5xx). */
  public static final int FAILED = 1;

  private final int exitCode;

  public CliError(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
