package dev.pgaddon.worker;

import dev.pgaddon.record.StatusRefreshWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Temporal Schedule per task queue that refreshes every addon's observed status in the control
 * database (PGADDON_STATUS_REFRESH_SECONDS, default 30). Overlaps are skipped: a slow refresh is
 * never run twice at once.
 */
public final class StatusRefreshSchedule {
  private static final Logger log = LoggerFactory.getLogger(StatusRefreshSchedule.class);

  private StatusRefreshSchedule() {}

  public static String id(String taskQueue) {
    return "pgaddon-status-refresh-" + taskQueue;
  }

  public static Duration interval() {
    return dev.pgaddon.settings.PlatformSettings.current().statusRefreshInterval();
  }

  /** Creates the schedule, or updates it to this interval; returns null on a server without schedules. */
  public static ScheduleHandle ensure(WorkflowClient client, String taskQueue, Duration every) {
    return ensure(client, id(taskQueue), StatusRefreshWorkflow.class, "status-refresh-" + taskQueue, taskQueue, every);
  }

  /**
   * A schedule that starts {@code workflow} (whose one method takes no argument) every {@code every},
   * skipping a start while the last one runs; created, or updated to these settings.
   */
  static ScheduleHandle ensure(WorkflowClient client, String id, Class<?> workflow, String workflowId, String taskQueue,
      Duration every) {
    ScheduleClient schedules = ScheduleClient.newInstance(client.getWorkflowServiceStubs(), ScheduleClientOptions.newBuilder()
        .setNamespace(client.getOptions().getNamespace())
        .setDataConverter(client.getOptions().getDataConverter())
        .build());
    Schedule schedule = Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(workflow)
            .setOptions(WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(taskQueue)
                .setWorkflowRunTimeout(Duration.ofMinutes(5))
                .build())
            .build())
        .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(every))).build())
        .setPolicy(SchedulePolicy.newBuilder().setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP).build())
        .build();
    try {
      try {
        return schedules.createSchedule(id, schedule, ScheduleOptions.newBuilder().setTriggerImmediately(true).build());
      } catch (ScheduleAlreadyRunningException exists) {
        ScheduleHandle handle = schedules.getHandle(id);
        handle.update(input -> new ScheduleUpdate(schedule));
        return handle;
      }
    } catch (RuntimeException unsupported) {
      log.warn("schedule {} not created ({})", id, unsupported.getMessage());
      return null;
    }
  }
}
