package dev.pgaddon.api.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An addon's point-in-time recovery (components/schemas/Pitr): the window a restore in place can
 * reach (null without a backup of the current epoch), the WAL archiving and how far the archive is behind
 * the primary (null when not known), every epoch a new addon can be restored from.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PitrBody(
    @JsonProperty("addon_id") String addonId,
    @JsonProperty("recovery_window") Window recoveryWindow,
    String archiving,
    @JsonProperty("archive_lag_bytes") Long archiveLagBytes,
    @JsonProperty("archive_lag_seconds") Long archiveLagSeconds,
    List<Epoch> epochs) {

  /** Past this, the CLI and the dashboard warn: more than five minutes of commits exist on the primary alone. */
  public static final long ARCHIVE_LAG_WARNING_SECONDS = 300;

  public record Window(String earliest, String latest) {}

  public record Epoch(int major, String earliest, String latest, boolean current) {}

  /** {"pitr":{...}} */
  public record One(PitrBody pitr) {}

  /** POST .../database/pitr/restore: {"restore":{"target_time","new_addon"}}. */
  public record RestoreRequest(String targetTime, boolean newAddon) {}

  /** 202 of a restore: the operation, the addon restored from and the addon restored into (the same in place). */
  public record Accepted(
      OperationBody operation,
      @JsonProperty("source_addon_id") String sourceAddonId,
      @JsonProperty("addon_id") String addonId) {}
}
