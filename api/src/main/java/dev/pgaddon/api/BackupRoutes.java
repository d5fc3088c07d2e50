package dev.pgaddon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaddon.api.body.BackupBody;
import dev.pgaddon.api.body.PitrBody;
import dev.pgaddon.backup.BackupActivities;
import dev.pgaddon.backup.BackupRepository;
import dev.pgaddon.backup.BackupStarter;
import dev.pgaddon.backup.RestoreWorkflow;
import dev.pgaddon.backup.RestoreWorkflow.RestoreRequest;
import dev.pgaddon.control.AddonRecord;
import dev.pgaddon.control.BackupRecord;
import dev.pgaddon.control.BackupStore;
import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.OperationRecord;
import dev.pgaddon.control.RecoveryWindows;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.upgrade.VersionRules;
import io.javalin.http.Context;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Backups and point-in-time recovery: the list, a manual backup, a backup's download, the schedule,
 * the recovery window, and restores (in place, or into a new addon of the same app).
 */
final class BackupRoutes {
  private static final String ADDON = "/v1/apps/{app}/addons/{addon_id}";

  private final AddonRoutes addons;
  private final ControlDatabase db;
  private final WorkflowClient temporal;
  private final OperationStarter starter;
  private final OperationTracker tracker;
  private final BackupDownload download;
  private final Credentials credentials;
  private final Quotas quotas;

  BackupRoutes(AddonRoutes addons, ControlDatabase db, WorkflowClient temporal, OperationStarter starter,
      OperationTracker tracker, BackupDownload download, Credentials credentials, Quotas quotas) {
    this.addons = addons;
    this.db = db;
    this.temporal = temporal;
    this.starter = starter;
    this.tracker = tracker;
    this.download = download;
    this.credentials = credentials;
    this.quotas = quotas;
  }

  List<Route> routes() {
    return List.of(
        Route.get(ADDON + "/backups", this::list),
        Route.post(ADDON + "/backups", this::create),
        Route.get(ADDON + "/backups/{backup_id}/archive", this::archive),
        Route.get(ADDON + "/backup_schedule", this::schedule),
        Route.put(ADDON + "/backup_schedule", this::setSchedule),
        Route.get(ADDON + "/database/pitr", this::window),
        Route.post(ADDON + "/database/pitr/restore", this::restore));
  }

  private void list(Context ctx) {
    AddonRecord addon = addons.require(ctx);
    List<BackupBody> backups = db.backups().of(addon.id()).stream().map(BackupRoutes::view).toList();
    Json.send(ctx, 200, new BackupBody.Many(backups));
  }

  private void create(Context ctx) {
    AddonRecord addon = addons.require(ctx);
    if (addon.version() == null || "provisioning".equals(addon.status())) {
      throw new ApiError(409, "not_ready", "addon " + addon.id() + " is " + addon.status() + ": it can be backed up once it runs");
    }
    quotas.checkManualBackups(addon.id(), db.backups().countKept(addon.id(), BackupActivities.MANUAL),
        db.backups().schedule(addon.id()).retentionDays());
    String backupId = "bk-" + UUID.randomUUID();
    try {
      BackupStarter.start(temporal, addon.id(), backupId, BackupActivities.MANUAL);
    } catch (WorkflowExecutionAlreadyStarted running) {
      throw ApiError.busy("a backup of addon " + addon.id() + " is running already; try again when it has finished");
    }
    db.backups().started(backupId, addon.id(), BackupActivities.MANUAL);
    ctx.header("Location", ADDON.replace("{app}", addon.app()).replace("{addon_id}", addon.id()) + "/backups");
    Json.send(ctx, 202, new BackupBody.One(view(db.backups().find(addon.id(), backupId).orElseThrow())));
  }

  private void archive(Context ctx) {
    AddonRecord addon = addons.require(ctx);
    String backupId = ctx.pathParam("backup_id");
    BackupRecord backup = (BackupRepository.isBackupId(backupId) ? db.backups().find(addon.id(), backupId)
        : java.util.Optional.<BackupRecord>empty())
        .orElseThrow(() -> ApiError.notFound("addon " + addon.id() + " has no backup " + AddonNames.shown(backupId) + ";"
            + " run 'pgaddon backups' to list them"));
    if (!backup.done()) {
      throw new ApiError(409, "not_ready", "backup " + backup.id() + " is " + backup.status() + ": only a finished backup"
          + " can be downloaded");
    }
    // The credential is asked again while the archive streams: revoking the token or ending the session stops it.
    String secret = FrontDoor.bearer(ctx);
    download.send(ctx, addon.id(), backup, () -> secret != null && credentials.check(secret).isPresent());
  }

  private void schedule(Context ctx) {
    AddonRecord addon = addons.require(ctx);
    Json.send(ctx, 200, new BackupBody.ScheduleOne(view(db.backups().schedule(addon.id()))));
  }

  private void setSchedule(Context ctx) {
    AddonRecord addon = addons.require(ctx);
    BackupBody.ScheduleRequest request = scheduleRequest(ctx);
    BackupStore.Schedule now = db.backups().schedule(addon.id());
    BackupStore.Schedule schedule = new BackupStore.Schedule(
        request.scheduledAt() == null ? now.hourUtc() : request.scheduledAt(),
        request.retentionDays() == null ? now.retentionDays() : request.retentionDays());
    db.backups().setSchedule(addon.id(), schedule);
    Json.send(ctx, 200, new BackupBody.ScheduleOne(view(schedule)));
  }

  private void window(Context ctx) {
    AddonRecord addon = addons.require(ctx);
    RecoveryWindows windows = windows(addon, addon);
    Json.send(ctx, 200, new PitrBody.One(new PitrBody(
        addon.id(),
        windows.current().map(e -> new PitrBody.Window(RecoveryWindows.text(e.earliest()),
            RecoveryWindows.text(e.latest()))).orElse(null),
        archiving(addon),
        archiveLag(addon).bytes(),
        archiveLag(addon).seconds(),
        windows.epochs().stream().map(e -> new PitrBody.Epoch(e.major(), RecoveryWindows.text(e.earliest()),
            RecoveryWindows.text(e.latest()), e.current())).toList())));
  }

  /**
   * What the nodes said of their WAL archiving at the last status refresh: "ok", or each node whose
   * archiving fails or is off (the latest recoverable time is then behind now).
   */
  private static String archiving(AddonRecord addon) {
    JsonNode nodes = Json.tree(addon.nodesJson());
    List<String> problems = new java.util.ArrayList<>();
    if (nodes != null) {
      for (JsonNode n : nodes) {
        String state = n.path("archiving").asText("");
        if (!state.isEmpty() && !"ok".equals(state)) {
          problems.add(n.path("name").asText() + ": " + state);
        }
      }
    }
    return problems.isEmpty() ? "ok" : String.join("; ", problems);
  }

  record ArchiveLag(Long bytes, Long seconds) {}

  /**
   * How far the primary's archive was behind it at the last status refresh: the WAL past its last archived
   * segment, and 0 s when there is none, else the time from its last archived file to that refresh (the
   * commits of that span exist on the primary's host alone). Unknown (nulls) without a primary that said.
   */
  static ArchiveLag archiveLag(AddonRecord addon) {
    JsonNode nodes = Json.tree(addon.nodesJson());
    if (nodes == null || addon.observedAt() == null) {
      return new ArchiveLag(null, null);
    }
    for (JsonNode n : nodes) {
      JsonNode bytes = n.path("archive_lag_bytes");
      if (!"primary".equals(n.path("role").asText()) || !bytes.canConvertToLong()) {
        continue;
      }
      if (bytes.asLong() == 0) {
        return new ArchiveLag(0L, 0L);
      }
      String archivedAt = n.path("archived_at").asText("");
      if (archivedAt.isEmpty()) {
        return new ArchiveLag(bytes.asLong(), null);
      }
      long seconds = Math.max(0, java.time.Duration.between(Instant.parse(archivedAt), addon.observedAt()).toSeconds());
      return new ArchiveLag(bytes.asLong(), seconds);
    }
    return new ArchiveLag(null, null);
  }

  private void restore(Context ctx) {
    AddonRecord addon = addons.require(ctx);
    PitrBody.RestoreRequest request = restoreRequest(ctx);
    boolean newAddon = request.newAddon();
    String targetText = request.targetTime();
    RecoveryWindows.Choice choice;
    Instant target;
    try {
      target = RecoveryWindows.parseTarget(targetText);
      choice = windows(addon, addon).choose(target, Instant.now(), !newAddon);
    } catch (IllegalArgumentException refused) {
      throw ApiError.refused(refused.getMessage());
    }
    Caller caller = Caller.of(ctx);
    if (!newAddon) {
      OperationRecord op = starter.start(caller, addon.app(), addon.id(), "pitr-restore", RestoreWorkflow.class,
          new RestoreRequest(addon.id(), addon.app(), addon.id(), target.toString(), null));
      accepted(ctx, op, addon, null);
      return;
    }
    String version = choice.backup().version();
    if (!db.versions().offered().contains(version)) {
      throw ApiError.refused("the backup to restore was taken on PostgreSQL " + version + ", which is not offered any more;"
          + " offered: " + String.join(", ", db.versions().offered()));
    }
    addons.requireAddonRoom(addon.app());
    String newId = AddonNames.newAddonId(UUID.randomUUID());
    db.addons().create(newId, addon.app(), addon.planId(), version, "provisioning", null);
    OperationRecord op;
    try {
      op = starter.start(caller, addon.app(), newId, "pitr-restore", RestoreWorkflow.class,
          new RestoreRequest(newId, addon.app(), addon.id(), target.toString(), addon.planId()));
    } catch (RuntimeException notStarted) {
      db.addons().markRemoved(newId);
      throw notStarted;
    }
    accepted(ctx, op, addon, db.addons().find(addon.app(), newId).orElseThrow());
  }

  private void accepted(Context ctx, OperationRecord op, AddonRecord source, AddonRecord created) {
    ctx.header("Location", "/v1/operations/" + op.id());
    Json.send(ctx, 202, new PitrBody.Accepted(tracker.view(op, false), source.id(),
        created == null ? source.id() : created.id()));
  }

  /** {"restore":{"target_time","new_addon"}}; 400 when it is not an object or a field has the wrong type. */
  private static PitrBody.RestoreRequest restoreRequest(Context ctx) {
    JsonNode body = Json.object(ctx, "restore");
    JsonNode newAddonNode = body.get("new_addon");
    if (newAddonNode != null && !newAddonNode.isNull() && !newAddonNode.isBoolean()) {
      throw ApiError.malformed("'new_addon' must be true or false");
    }
    return new PitrBody.RestoreRequest(Json.text(body, "target_time"), newAddonNode != null && newAddonNode.asBoolean());
  }

  /** {"backup_schedule":{"scheduled_at","retention_days"}}; an absent or null field keeps its value (null here). */
  private static BackupBody.ScheduleRequest scheduleRequest(Context ctx) {
    JsonNode body = Json.object(ctx, "backup_schedule");
    return new BackupBody.ScheduleRequest(
        integer(body, "scheduled_at", 0, 23, "an hour of the day, UTC, from 0 to 23"),
        integer(body, "retention_days", 1, 365, "a number of days from 1 to 365"));
  }

  private RecoveryWindows windows(AddonRecord addon, AddonRecord source) {
    int major = addon.version() == null ? -1 : VersionRules.Version.parse(addon.version()).major();
    return RecoveryWindows.of(source.id(), major, db.backups().of(source.id()), Instant.now());
  }

  /** The field's integer, null when absent or null; 422 when it is not an integer from min to max. */
  private static Integer integer(JsonNode body, String field, int min, int max, String expected) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isInt() || value.asInt() < min || value.asInt() > max) {
      throw ApiError.refused("'" + field + "' must be " + expected + ", not " + AddonNames.shown(value.toString()));
    }
    return value.asInt();
  }

  private static BackupBody.Schedule view(BackupStore.Schedule s) {
    return new BackupBody.Schedule(s.hourUtc(), s.retentionDays());
  }

  static BackupBody view(BackupRecord b) {
    return new BackupBody(b.id(), RecoveryWindows.text(b.createdAt()),
        b.finishedAt() == null ? null : RecoveryWindows.text(b.finishedAt()), b.sizeBytes(), b.status(), b.method(),
        b.version(), b.error(), b.storedBytes(), b.verification());
  }
}
