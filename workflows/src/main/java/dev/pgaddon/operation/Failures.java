package dev.pgaddon.operation;

/** Non-retryable failure types: the CLI prints their message and exits non-zero. */
public final class Failures {
  /** The request is wrong; nothing was changed. */
  public static final String INVALID_REQUEST = "InvalidRequest";
  /** The operation failed and what it had created was removed. */
  public static final String OPERATION_FAILED = "OperationFailed";

  private Failures() {}
}
