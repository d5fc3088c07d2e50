package dev.pgaddon.operation;

/** One named step of an operation as the progress query reports it. */
public record StepState(String name, Status status, String detail) {
  public enum Status { PENDING, RUNNING, DONE, FAILED, SKIPPED }

  StepState with(Status newStatus, String newDetail) {
    return new StepState(name, newStatus, newDetail);
  }
}
