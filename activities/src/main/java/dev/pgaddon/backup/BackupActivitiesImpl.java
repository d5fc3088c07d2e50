package dev.pgaddon.backup;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import dev.pgaddon.control.BackupRecord;
import dev.pgaddon.control.BackupStore;
import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.RecoveryWindows;
import dev.pgaddon.docker.DataVolumes;
import dev.pgaddon.docker.NodeLayout;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeTasks;
import dev.pgaddon.node.NodeTasks.Mounts;
import dev.pgaddon.docker.ScriptResult.Outcome;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.secrets.SecretStore;
import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.sql.SqlActivitiesImpl;
import dev.pgaddon.util.Waits;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class BackupActivitiesImpl implements BackupActivities {
  private static final Logger log = LoggerFactory.getLogger(BackupActivitiesImpl.class);
  private static final String OBJECT_STORE = "object store";
  /** Retention's task is named after this node, apart from the nodes' own tasks and the backups'. */
  private static final String RETENTION_NODE = "retention";
  /** recovery_target_time takes PostgreSQL's own timestamp form, not RFC 3339's "T" and "Z". */
  private static final java.time.format.DateTimeFormatter RECOVERY_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);

  private final DockerClient docker;
  private final NodeTasks tasks;
  private final BackupMounts mounts;
  private final SecretStore secrets;
  private final PostgresConnections connections;
  private final BackupStore store;
  private final WorkflowClient temporal;
  private final ObjectStore objectStore;

  public BackupActivitiesImpl(DockerClient docker, BackupMounts mounts, SecretStore secrets,
      PostgresConnections connections, ControlDatabase control, WorkflowClient temporal) {
    this.objectStore = mounts.objectStore();
    this.docker = docker;
    this.tasks = new NodeTasks(docker);
    this.mounts = mounts;
    this.secrets = secrets;
    this.connections = connections;
    this.store = control.backups();
    this.temporal = temporal;
  }

  @Override
  public BackupTaken takeBackup(TakeBackupInput input) {
    String addonId = input.addon().addonId();
    String backupId = BackupRepository.requireBackupId(input.backupId());
    store.started(backupId, addonId, input.method());
    try {
      return take(input, addonId, backupId);
    } catch (RuntimeException e) {
      store.failed(backupId, e.getMessage()); // running again if the step is retried
      throw e;
    }
  }

  private BackupTaken take(TakeBackupInput input, String addonId, String backupId) {
    String systemId = prepareSource(addonId, input);
    store.located(backupId, systemId);
    mounts.prepare(input.addon(), input.image());
    List<String> command = List.of("pgaddon-backup", input.primary().node(), Integer.toString(input.primary().port()), backupId,
        BackupRepository.backupPath(systemId, backupId));
    // A task node of its own per backup: two backups of one addon (a daily one and a major upgrade's) never stop each other.
    var result = tasks.run("base-backup", input.addon(), taskNode(backupId), input.image(),
        new Mounts("postgres", List.of(mounts.own(addonId))), List.of(),
        Map.of("PGPASSWORD", secrets.require(addonId, SecretStore.REPLICATION)), command);
    String startWal = result.value("start_wal");
    long bytes = result.number("bytes");
    if (startWal == null || !startWal.matches("[0-9A-F]{24}")) {
      throw new IllegalStateException("base backup " + backupId + " has no readable backup_label (start WAL '" + startWal + "')");
    }
    String label = backUpWithPgBackRest(input, addonId, backupId);
    store.finished(backupId, bytes, input.version(), systemId, startWal);
    log.info("step base-backup: {} of {} done ({} bytes, epoch {}, from {})", backupId, addonId, bytes, systemId, startWal);
    if (label != null && objectStore.configured()) {
      verifyStoreCopy(input, addonId, backupId, "epoch-" + systemId, label);
    }
    return new BackupTaken(backupId, bytes, systemId, startWal);
  }

  /**
   * The same moment in the addon's pgBackRest repository (compressed, encrypted, copied to the object
   * store by the shipper), from a task on the primary's volume: pgBackRest reads the data directory and
   * reaches the server through the socket there. A primary made before pgBackRest does not push its WAL
   * to it (it has no repository key): it gets its first pgBackRest backup once it is made again.
   */
  private String backUpWithPgBackRest(TakeBackupInput input, String addonId, String backupId) {
    if (!hasRepositoryKey(input.primary().container())) {
      log.info("step pgbackrest-backup: {} skipped, {} has no repository key yet", backupId, input.primary().container());
      return null;
    }
    String volume = AddonNames.volumeName(addonId, input.primary().node());
    var result = tasks.run("pgbackrest-backup", input.addon(), taskNode(backupId), input.image(),
        new Mounts("postgres", List.of(DataVolumes.mount(volume), mounts.own(addonId))), List.of(),
        mounts.repositoryKey(addonId), List.of("pgaddon-pgbackrest-backup", Integer.toString(input.primary().port()),
            Integer.toString(store.schedule(addonId).retentionDays())));
    log.info("step pgbackrest-backup: {} of {} is pgBackRest {} backup {} ({} bytes, {} stored, {} ms)", backupId, addonId,
        result.value("type"), result.value("label"), result.value("bytes"), result.value("stored_bytes"),
        result.value("backup_ms"));
    store.storedCopy(backupId, result.number("stored_bytes"));
    return result.value("label");
  }

  /**
   * Reads the backup set back from the object store's copy (once the shipper has it) and records what that
   * said. The backup itself is done either way: its local copy stands; a bad or missing store copy is shown
   * on the backup, never a failed backup.
   */
  private void verifyStoreCopy(TakeBackupInput input, String addonId, String backupId, String stanza, String label) {
    String verification;
    try {
      var result = tasks.runAllowingFailure("store-verify", input.addon(), taskNode(backupId), input.image(),
          Mounts.none().alsoOn(objectStore.network()), objectStore.environment(addonId),
          objectStore.secrets(secrets.getOrCreate(addonId, SecretStore.REPOSITORY_KEY)),
          List.of("pgaddon-store-verify", stanza, label));
      verification = switch (result.outcome()) {
        case VERIFIED -> "ok: verified in the object store at " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + " (" + result.value("verify_ms") + " ms)";
        case CORRUPT -> "error: the object store's copy is damaged: " + result.explanation();
        case NOT_SHIPPED -> "not verified: " + result.explanation();
        default -> "not verified: " + result.explanation();
      };
    } catch (RuntimeException e) {
      verification = "not verified: " + e.getMessage();
    }
    store.verification(backupId, verification.length() > 500 ? verification.substring(0, 500) : verification);
    log.info("step store-verify: {} of {}: {}", backupId, addonId, verification);
  }

  private boolean hasRepositoryKey(String container) {
    try (var tar = docker.copyArchiveFromContainerCmd(container,
        NodeLayout.SECRETS_DIR + "/" + BackupMounts.REPOSITORY_KEY_FILE).exec()) {
      return true;
    } catch (com.github.dockerjava.api.exception.NotFoundException absent) {
      return false;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** "bk-<uuid>" makes "backup-<first 24 characters>": a valid node name, unique enough among one addon's backups. */
  static String taskNode(String backupId) {
    String tail = backupId.substring(3).replaceAll("[^a-z0-9-]", "");
    return "backup-" + tail.substring(0, Math.min(24, tail.length()));
  }

  /**
   * The primary's system identifier (its epoch), and the replication role pg_basebackup logs in as
   * (a starter addon has none until its first backup).
   */
  private String prepareSource(String addonId, TakeBackupInput input) {
    try (Connection c = connections.superuser(addonId, input.primary(), "postgres"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT system_identifier::text, pg_is_in_recovery() FROM pg_control_system()")) {
      rs.next();
      if (rs.getBoolean(2)) {
        throw new IllegalStateException(input.primary().container() + " is not the primary any more");
      }
      String systemId = BackupRepository.requireSystemId(rs.getString(1));
      SqlActivitiesImpl.ensureLoginRole(c, "replicator", " REPLICATION", secrets.getOrCreate(addonId, SecretStore.REPLICATION));
      return systemId;
    } catch (SQLException e) {
      throw new IllegalStateException("reading the system identifier of " + addonId + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void recordBackupFailed(BackupFailedInput input) {
    store.failed(input.backupId(), input.error());
  }

  @Override
  public RetentionApplied applyRetention(RetentionInput input) {
    String addonId = input.addon().addonId();
    if (store.restoring(addonId)) {
      // The backup and WAL a restore replays must stay: the next backup applies retention.
      log.info("step retention: {} skipped, a restore reads its backups", addonId);
      return new RetentionApplied(List.of(), List.of(), List.of());
    }
    BackupStore.Schedule schedule = store.schedule(addonId);
    Instant cutoff = Instant.now().minus(schedule.retentionDays(), ChronoUnit.DAYS);
    RetentionPlan plan = RetentionPlan.of(store.of(addonId), cutoff);
    if (plan.deleted().isEmpty()) {
      return new RetentionApplied(List.of(), List.of(), plan.walKeptFrom());
    }
    List<String> command = new ArrayList<>(List.of("pgaddon-retention"));
    plan.deletedPaths().forEach(path -> command.addAll(List.of("--delete", path)));
    plan.deletedEpochs().forEach(epoch -> command.addAll(List.of("--delete", epoch)));
    plan.walKeptFrom().forEach(from -> command.addAll(List.of("--keep-from", from)));
    mounts.prepare(input.addon(), input.image());
    tasks.run("retention", input.addon(), RETENTION_NODE, input.image(), new Mounts("postgres", List.of(mounts.own(addonId))),
        List.of(), Map.of(), command);
    plan.deleted().forEach(b -> store.deleted(b.id()));
    List<String> ids = plan.deleted().stream().map(BackupRecord::id).toList();
    log.info("step retention: {} deleted {} (older than {} days), epochs {}", addonId, ids, schedule.retentionDays(),
        plan.deletedEpochs());
    return new RetentionApplied(ids, plan.deletedEpochs(), plan.walKeptFrom());
  }

  @Override
  public WalArchived archiveWalNow(ArchiveNowInput input) {
    try (Connection c = connections.superuser(input.addonId(), input.primary(), "postgres");
        Statement s = c.createStatement()) {
      if ("off".equals(settingOf(s, "archive_mode"))) {
        throw ApplicationFailure.newNonRetryableFailure("addon " + input.addonId() + " does not archive its WAL yet"
            + " (its nodes were made before continuous archiving): a plan change or a minor upgrade turns it on; restore"
            + " to a time after that and after a backup", Failures.INVALID_REQUEST);
      }
      // A commit with its time after every target asked so far: recovery to an earlier time stops before it.
      s.execute("SELECT txid_current()");
      String segment;
      try (ResultSet rs = s.executeQuery("SELECT pg_walfile_name(pg_switch_wal())")) {
        rs.next();
        segment = rs.getString(1);
      }
      long deadline = System.nanoTime() + 150_000_000_000L;
      while (!archived(c, segment)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("WAL segment " + segment + " was not archived within 150 s: " + archiverState(c));
        }
        Activity.getExecutionContext().heartbeat("waiting for " + segment + " to be archived");
        Waits.sleep(200);
      }
      log.info("step archive-wal-now: {} archived up to {}", input.addonId(), segment);
      return new WalArchived(segment);
    } catch (SQLException e) {
      throw new IllegalStateException("archiving the WAL of " + input.addonId() + " failed: " + e.getMessage(), e);
    }
  }

  private static String settingOf(Statement s, String name) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static boolean archived(Connection c, String segment) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_stat_file('pg_wal/archive_status/' || ? || '.done', true)"
        + " IS NOT NULL, last_archived_wal FROM pg_stat_archiver")) {
      ps.setString(1, segment);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        String last = rs.getString(2);
        return rs.getBoolean(1) || last != null && last.length() == 24 && last.substring(0, 8).equals(segment.substring(0, 8))
            && last.compareTo(segment) >= 0;
      }
    }
  }

  private static String archiverState(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT coalesce(last_archived_wal, '-'), failed_count, coalesce(last_failed_wal, '-') FROM pg_stat_archiver")) {
      rs.next();
      return "last archived " + rs.getString(1) + ", " + rs.getLong(2) + " failures (last " + rs.getString(3) + ")";
    }
  }

  @Override
  public BackupChoice chooseBackup(ChooseBackupInput input) {
    Instant now = Instant.now();
    try {
      Instant target = RecoveryWindows.parseTarget(input.targetTime());
      RecoveryWindows windows = RecoveryWindows.of(input.sourceAddonId(), input.addonMajor(),
          store.of(input.sourceAddonId()), now);
      RecoveryWindows.Choice choice = windows.choose(target, now, input.inPlace());
      BackupRecord b = choice.backup();
      return new BackupChoice(b.id(), b.systemId(), b.version(), choice.epoch().current(), target.toString());
    } catch (IllegalArgumentException refused) {
      throw ApplicationFailure.newNonRetryableFailure(refused.getMessage(), Failures.INVALID_REQUEST);
    }
  }

  @Override
  public Restored restoreDataDirectory(RestoreInput input) {
    AddonRef addon = input.addon();
    String restoreId = requireRestoreId(input.restoreId());
    BackupChoice choice = input.choice();
    String volume = DataVolumes.ensure(docker, addon, input.node());
    mounts.prepare(addon, input.image());
    boolean inPlace = addon.addonId().equals(input.sourceAddonId());
    List<Bind> binds = new ArrayList<>(List.of(DataVolumes.mount(volume),
        mounts.own(addon.addonId())));
    if (!inPlace) {
      binds.add(mounts.source(input.sourceAddonId()));
    }
    List<String> command = List.of("pgaddon-restore", restoreId,
        inPlace ? NodeLayout.BACKUPS_MOUNT : NodeLayout.RESTORE_SOURCE_MOUNT,
        BackupRepository.requireSystemId(choice.systemId()), BackupRepository.requireBackupId(choice.backupId()),
        RECOVERY_TIME.format(Instant.parse(choice.target())), timelineOf(input.timeline()),
        choice.currentEpoch() ? "no" : "yes");
    // When the host's repository lacks the backup (a host lost, a fresh machine), the task reads the object
    // store's copy: it joins the store's network and gets its keys and the source's repository key as files.
    Mounts restoreMounts = new Mounts("postgres", binds);
    List<String> env = List.of();
    Map<String, String> storeSecrets = Map.of();
    if (objectStore.configured()) {
      restoreMounts = restoreMounts.alsoOn(objectStore.network());
      env = objectStore.environment(input.sourceAddonId());
      storeSecrets = objectStore.secrets(secrets.getOrCreate(input.sourceAddonId(), SecretStore.REPOSITORY_KEY));
    }
    var result = tasks.run("pitr-restore", addon, input.node(), input.image(), restoreMounts, env, storeSecrets, command);
    String hex = Optional.ofNullable(result.value("timeline")).orElse("");
    String timeline = hex.matches("[0-9A-F]{8}") ? Long.toString(Long.parseLong(hex, 16)) : "?";
    long untarMs = result.number("restore_ms");
    long replayMs = result.number("replay_ms");
    long replayed = result.number("replayed_bytes");
    String summary = String.format(java.util.Locale.ROOT,
        (OBJECT_STORE.equals(result.value("from")) ? "from the object store: " : "") + "base backup restored in %.1f s; %d MiB of WAL replayed in %.1f s (%.0f MiB/s); timeline %s",
        untarMs / 1000.0, replayed >> 20, replayMs / 1000.0, replayMs == 0 ? 0.0 : (replayed / 1048576.0) / (replayMs / 1000.0),
        timeline);
    if (result.outcome() == Outcome.REPLAYED_TO_END) {
      summary += OBJECT_STORE.equals(result.value("from"))
          ? "; the object store's WAL ends before the target (what the lost host had not shipped is gone): replayed to its"
              + " end, the newest commit it holds"
          : "; the epoch's archive ends before the target: replayed to its end";
    }
    return new Restored(timeline, summary);
  }

  /** A segment's timeline as recovery_target_timeline takes it; "latest" without one. */
  static String timelineOf(String segment) {
    if (segment == null) {
      return "latest";
    }
    if (!segment.matches("[0-9A-F]{24}")) {
      throw new IllegalArgumentException("not a WAL segment name: " + segment);
    }
    return Long.toString(Long.parseLong(segment.substring(0, 8), 16));
  }

  @Override
  public void putBackDataDirectory(RestoreDataInput input) {
    String volume = AddonNames.volumeName(input.addon().addonId(), input.node());
    mounts.prepare(input.addon(), input.image());
    tasks.run("restore-put-back", input.addon(), input.node(), input.image(),
        new Mounts("postgres", List.of(DataVolumes.mount(volume), mounts.own(input.addon().addonId()))), List.of(), Map.of(),
        List.of("pgaddon-restore-put-back", requireRestoreId(input.restoreId())));
  }

  @Override
  public void forgetAbandonedBackups(AbandonedBackupsInput input) {
    int forgotten = store.abandoned(AddonNames.requireAddonId(input.addonId()), BackupRepository.requireSystemId(input.systemId()),
        Instant.parse(input.targetTime()), Instant.ofEpochMilli(input.restoreStartedMillis()));
    if (forgotten > 0) {
      log.info("step restore: {} backups of {} made after {} belong to the abandoned history", forgotten, input.addonId(),
          input.targetTime());
    }
  }

  @Override
  public void discardPreRestoreData(RestoreDataInput input) {
    String volume = AddonNames.volumeName(input.addon().addonId(), input.node());
    tasks.run("restore-discard", input.addon(), input.node(), input.image(), Mounts.volume(volume), List.of(), Map.of(),
        List.of("pgaddon-restore-discard", requireRestoreId(input.restoreId())));
  }

  @Override
  public void copySecrets(CopySecretsInput input) {
    secrets.copyDatabaseRoles(AddonNames.requireAddonId(input.sourceAddonId()), AddonNames.requireAddonId(input.addonId()));
  }

  @Override
  public DueBackups startDueBackups() {
    Instant now = Instant.now();
    List<String> started = new ArrayList<>();
    for (String addonId : store.due(now.atOffset(ZoneOffset.UTC).getHour(), now)) {
      String backupId = "bk-" + UUID.randomUUID();
      try {
        BackupStarter.start(temporal, addonId, backupId, PERIODIC);
        store.started(backupId, addonId, PERIODIC);
        started.add(addonId);
      } catch (WorkflowExecutionAlreadyStarted running) {
        log.info("periodic backup of {} skipped: a backup of it runs already", addonId);
      }
    }
    return new DueBackups(started);
  }

  private static String requireRestoreId(String id) {
    if (id == null || !id.matches("r[0-9a-f]{8}")) {
      throw new IllegalArgumentException("invalid restore id");
    }
    return id;
  }
}
