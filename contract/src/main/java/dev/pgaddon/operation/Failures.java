package dev.pgaddon.operation;

import io.temporal.failure.ApplicationFailure;

/** Non-retryable failure types: the CLI prints their message and exits non-zero. */
public final class Failures {
  /** The request is wrong; nothing was changed. */
  public static final String INVALID_REQUEST = "InvalidRequest";
  /** The operation failed and what it had created was removed. */
  public static final String OPERATION_FAILED = "OperationFailed";

  /** The code the API and the audit trail give a failed operation. */
  public static final String CODE_INVALID_REQUEST = "invalid_request";
  public static final String CODE_OPERATION_FAILED = "operation_failed";

  private Failures() {}

  /** A refusal of the request, with nothing changed: not retried, exit 2 in the CLI, 422 in the API. */
  public static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, INVALID_REQUEST);
  }

  /** An operation that cannot go on: not retried. */
  public static ApplicationFailure failed(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, OPERATION_FAILED);
  }

  /** The application failure in a failure's cause chain (an activity's or the workflow's own), or null. */
  public static ApplicationFailure applicationFailure(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof ApplicationFailure a) {
        return a;
      }
    }
    return null;
  }

  /** invalid_request when the request was refused (nothing changed), operation_failed otherwise. */
  public static String code(Throwable failure) {
    ApplicationFailure app = applicationFailure(failure);
    return app != null && INVALID_REQUEST.equals(app.getType()) ? CODE_INVALID_REQUEST : CODE_OPERATION_FAILED;
  }

  /** The sentence a user acts on: the application failure's own message, else the innermost one. */
  public static String message(Throwable failure) {
    ApplicationFailure app = applicationFailure(failure);
    return app != null ? app.getOriginalMessage() : rootMessage(failure);
  }

  /** The innermost message: an activity failure wraps the error that says what went wrong. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String m = t instanceof ApplicationFailure app ? app.getOriginalMessage() : t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
