package dev.pgaddon.operation;

/**
 * All operations of an addon share one workflow id, so Temporal itself refuses a second
 * operation while one runs (the id conflict policy), and a finished one can be followed by the next.
 */
public final class WorkflowIds {
  public static final String TASK_QUEUE = "pgaddon";
  private static final String PREFIX = "addon-";

  private WorkflowIds() {}

  public static String forAddon(String addonId) {
    return PREFIX + addonId;
  }
}
