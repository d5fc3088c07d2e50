package dev.pgaddon.api.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A base backup (components/schemas/Backup): {@code finished_at}, {@code size} (bytes),
 * {@code version} and {@code error} are null until known; {@code stored_size} (its compressed, encrypted
 * copy's bytes) and {@code verification} (of the object store's copy) are null without a copy.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BackupBody(
    String id,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("finished_at") String finishedAt,
    Long size,
    String status,
    String method,
    String version,
    String error,
    @JsonProperty("stored_size") Long storedSize,
    String verification) {

  /** {"backup":{...}} */
  public record One(BackupBody backup) {}

  /** {"backups":[...]} */
  public record Many(List<BackupBody> backups) {}

  /** The daily backup's hour (UTC) and the retention (components/schemas/BackupSchedule). */
  public record Schedule(
      @JsonProperty("scheduled_at") int scheduledAt,
      @JsonProperty("retention_days") int retentionDays) {}

  /** {"backup_schedule":{...}} */
  public record ScheduleOne(@JsonProperty("backup_schedule") Schedule backupSchedule) {}

  /** PUT .../backup_schedule: {"backup_schedule":{"scheduled_at","retention_days"}}; null keeps the current value. */
  public record ScheduleRequest(Integer scheduledAt, Integer retentionDays) {}
}
