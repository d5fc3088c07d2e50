package dev.pgaddon.operation;

/** One named step of an operation as the progress query reports it. */
public record StepState(String name, Status status, String detail) {
  public enum Status { PENDING, RUNNING, DONE, FAILED, SKIPPED }

  /** The status as the API and the control database write it: pending, running, done, failed, skipped. */
  public String state() {
    return status.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** As the API and the control database show a step: name, state and note. */
  public java.util.Map<String, String> view() {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("name", name);
    m.put("state", state());
    m.put("note", detail);
    return m;
  }

  StepState with(Status newStatus, String newDetail) {
    return new StepState(name, newStatus, newDetail);
  }
}
