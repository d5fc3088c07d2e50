package dev.pgaddon.operation;

/**
 * All operations of an addon share one workflow id, so Temporal itself refuses a second
 * operation while one runs (the id conflict policy), and a finished one can be followed by the next.
 */
public final class WorkflowIds {
  public static final String DEFAULT_TASK_QUEUE = dev.pgaddon.settings.PlatformSettings.DEFAULT_TASK_QUEUE;
  private static final String PREFIX = "addon-";

  /** Search attributes set on every operation, registered on the Temporal server (scripts/temporal.sh). */
  public static final String ADDON_ID_ATTRIBUTE = "AddonId";
  public static final String APP_NAME_ATTRIBUTE = "AppName";
  public static final String OPERATION_ATTRIBUTE = "Operation";

  private WorkflowIds() {}

  /** PGADDON_TASK_QUEUE, or "pgaddon": tests use their own so they never meet another worker. */
  public static String taskQueue() {
    return dev.pgaddon.settings.PlatformSettings.current().taskQueue();
  }

  public static String forAddon(String addonId) {
    return PREFIX + addonId;
  }

  /** An operation's search attributes: the Web UI finds every operation of an addon or an app by them. */
  public static io.temporal.common.SearchAttributes operationAttributes(String addonId, String app, String kind) {
    return io.temporal.common.SearchAttributes.newBuilder()
        .set(io.temporal.common.SearchAttributeKey.forKeyword(ADDON_ID_ATTRIBUTE), addonId)
        .set(io.temporal.common.SearchAttributeKey.forKeyword(APP_NAME_ATTRIBUTE), app)
        .set(io.temporal.common.SearchAttributeKey.forKeyword(OPERATION_ATTRIBUTE), kind)
        .build();
  }

  /** An addon's base backup: beside its operations (a backup does not stop a plan change), one at a time. */
  public static String backupOf(String addonId) {
    return "backup-" + addonId;
  }

  /** The watchdog of an addon: beside its operations, never one of them. */
  public static String watchdogOf(String addonId) {
    return "watch-" + addonId;
  }

  /**
   * The watchdogs' long activities have a task queue of their own: one per addon runs all the time,
   * and must never take the slots that operations' steps need.
   */
  public static String watchQueue(String taskQueue) {
    return taskQueue + "-watch";
  }
}
