package dev.pgaddon.control;

/** The control database did not answer or refused a statement; the message names what was being done. */
public final class ControlDatabaseException extends RuntimeException {
  public ControlDatabaseException(String message, Throwable cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
