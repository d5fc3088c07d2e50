package dev.pgaddon.upgrade;

import static dev.pgaddon.sql.Identifiers.quote;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.pgaddon.backup.BackupActivities;
import dev.pgaddon.backup.BackupActivities.TakeBackupInput;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.docker.NodeLayout;
import dev.pgaddon.docker.ScriptResult;
import dev.pgaddon.docker.ScriptResult.Outcome;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.node.NodeTasks;
import dev.pgaddon.node.NodeTasks.Mounts;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.operation.StepOptions;
import dev.pgaddon.secrets.SecretStore;
import dev.pgaddon.sql.LongStatement;
import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.upgrade.VersionRules.Version;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class UpgradeActivitiesImpl implements UpgradeActivities {
  private static final Logger log = LoggerFactory.getLogger(UpgradeActivitiesImpl.class);
  /** vacuumdb --analyze-in-stages' own settings for its three stages (src/bin/scripts/vacuumdb.c). */
  static final List<String> STAGE_OPTIONS = List.of(
      "-c default_statistics_target=1 -c vacuum_cost_delay=0",
      "-c default_statistics_target=10",
      "");
  /** FirstNormalObjectId: below it, the system catalogs that initdb makes anew, which pg_upgrade does not dump. */
  private static final int FIRST_USER_OID = 16384;

  private final DockerClient docker;
  private final SecretStore secrets;
  private final PostgresConnections connections;
  private final NodeTasks tasks;
  private final BackupActivities backups;

  public UpgradeActivitiesImpl(DockerClient docker, SecretStore secrets, PostgresConnections connections,
      BackupActivities backups) {
    this.docker = docker;
    this.backups = backups;
    this.secrets = secrets;
    this.connections = connections;
    this.tasks = new NodeTasks(docker);
  }

  @Override
  public CheckReport check(CheckInput input) {
    String addonId = input.addon().addonId();
    long dataBytes = 0;
    long relations = 0;
    List<String> extensions = new ArrayList<>();
    for (String database : databases(addonId, input.primary())) {
      heartbeat("check: reading " + database);
      try (Connection c = connections.superuser(addonId, input.primary(), database); Statement s = c.createStatement()) {
        dataBytes += longValue(s, "SELECT pg_catalog.pg_database_size(pg_catalog.current_database())");
        relations += longValue(s, "SELECT pg_catalog.count(*) FROM pg_catalog.pg_class WHERE oid OPERATOR(pg_catalog.>=) "
            + FIRST_USER_OID + "::pg_catalog.oid");
        try (ResultSet rs = s.executeQuery("SELECT extname, extversion FROM pg_catalog.pg_extension"
            + " WHERE extname OPERATOR(pg_catalog.<>) 'plpgsql' ORDER BY 1")) {
          while (rs.next()) {
            extensions.add(database + ": " + rs.getString(1) + " " + rs.getString(2));
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("check: reading " + database + " failed: " + e.getMessage(), e);
      }
    }
    var result = tasks.run("pg_upgrade-check", input.addon(), input.primary().node(), input.targetImage(),
        Mounts.volume(AddonNames.volumeName(addonId, input.primary().node())), List.of(), Map.of(),
        program("pgaddon-upgrade-check", input.fromVersion(), input.toVersion()));
    UpgradeEstimate estimate = UpgradeEstimate.of(dataBytes, relations);
    return switch (result.outcome()) {
      case COMPATIBLE -> new CheckReport(true, "", dataBytes, relations, extensions, estimate);
      case INCOMPATIBLE -> new CheckReport(false, PgUpgradeOutput.reason(result.message()), dataBytes, relations, extensions,
          estimate);
      default -> throw unexpected("pg_upgrade --check", result);
    };
  }

  @Override
  public DataDirectoryResult runPgUpgrade(DataDirectoryInput input) {
    var result = runOnData("pg_upgrade", input, "pgaddon-upgrade");
    return switch (result.outcome()) {
      case UPGRADED, SWAP_FINISHED, NOTHING_TO_DO -> new DataDirectoryResult(result.message());
      case UPGRADE_FAILED, REFUSED -> throw ApplicationFailure.newNonRetryableFailure(
          "pg_upgrade failed: " + PgUpgradeOutput.reason(result.message()), StepOptions.PG_UPGRADE_FAILED);
      default -> throw unexpected("pg_upgrade", result);
    };
  }

  @Override
  public DataDirectoryResult restoreOldDataDirectory(DataDirectoryInput input) {
    var result = runOnData("restore-data", input, "pgaddon-upgrade-restore");
    if (result.outcome() != Outcome.RESTORED) {
      throw unexpected("restore", result);
    }
    return new DataDirectoryResult(result.message());
  }

  @Override
  public DataDirectoryResult deleteOldDataDirectory(DataDirectoryInput input) {
    var result = runOnData("delete-old-data", input, "pgaddon-upgrade-delete-old");
    if (result.outcome() != Outcome.DONE) {
      throw unexpected("delete-old-data", result);
    }
    return new DataDirectoryResult(result.message());
  }

  @Override
  public StageAnalyzed analyzeStage(AnalyzeInput input) {
    String addonId = input.addon().addonId();
    List<String> env = List.of("PGOPTIONS=" + STAGE_OPTIONS.get(input.stage() - 1));
    long started = System.nanoTime();
    var result = tasks.run("analyze-stage-" + input.stage(), input.addon(), input.primary().node(), input.image(),
        Mounts.none(), env, Map.of("PGPASSWORD", secrets.require(addonId, SecretStore.SUPERUSER)),
        List.of("pgaddon-analyze", input.primary().node(), Integer.toString(input.primary().port())));
    long databases = result.number("databases");
    String parents = input.stage() == STAGE_OPTIONS.size() ? analyzePartitionedParents(addonId, input.primary()) : "";
    return new StageAnalyzed(input.stage(), databases + " databases in " + (System.nanoTime() - started) / 1_000_000 + " ms"
        + parents);
  }

  /** One partitioned table's statistics: sampled, so minutes even for a large one. */
  private static final java.time.Duration ANALYZE_LIMIT = java.time.Duration.ofHours(1);

  /** vacuumdb leaves partitioned tables out; their own statistics come from an explicit ANALYZE. */
  private String analyzePartitionedParents(String addonId, NodeAddress primary) {
    int analyzed = 0;
    for (String database : databases(addonId, primary)) {
      try (Connection c = connections.superuser(addonId, primary, database)) {
        List<String> parents = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT n.nspname, c.relname FROM pg_catalog.pg_class c "
            + "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace"
            + " WHERE c.relkind OPERATOR(pg_catalog.=) 'p'")) {
          while (rs.next()) {
            parents.add(quote(rs.getString(1)) + "." + quote(rs.getString(2)));
          }
        }
        for (String parent : parents) {
          // ANALYZE evaluates the table's index expressions and extended statistics as the table's owner, in a
          // security-restricted operation (PostgreSQL since CVE-2022-1552): a tenant's function there never runs as us.
          // As long as the stage allows: after the point of no return a cut-off ANALYZE would be retried forever.
          LongStatement.execute(c, "ANALYZE " + parent, "analyze: " + database + " " + parent, ANALYZE_LIMIT);
          analyzed++;
        }
      } catch (SQLException e) {
        throw new IllegalStateException("analyze of partitioned tables in " + database + " failed: " + e.getMessage(), e);
      }
    }
    return analyzed == 0 ? "" : ", " + analyzed + " partitioned tables";
  }

  @Override
  public ExtensionsUpdated updateExtensions(ExtensionsInput input) {
    List<String> results = new ArrayList<>();
    for (String database : databases(input.addonId(), input.primary())) {
      try (Connection c = connections.superuser(input.addonId(), input.primary(), database); Statement s = c.createStatement()) {
        List<InstalledExtension> installed = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(InstalledExtension.QUERY)) {
          while (rs.next()) {
            installed.add(InstalledExtension.of(rs));
          }
        }
        for (InstalledExtension extension : installed) {
          heartbeat("update-extensions: " + database + " " + extension.name());
          results.add(database + ": " + update(s, extension));
        }
      } catch (SQLException e) {
        throw new IllegalStateException("update-extensions: " + database + ": " + e.getMessage(), e);
      }
    }
    log.info("step update-extensions: {} on {}", results, input.addonId());
    return new ExtensionsUpdated(results);
  }

  /**
   * One extension's update; its failure is reported (the extension keeps working at its old version).
   * Its script runs with search_path = its schema: as its owner when a tenant's role owns it (what the
   * tenant could run itself), as superuser only when no application user can create in that schema.
   */
  private static String update(Statement s, InstalledExtension extension) throws SQLException {
    String name = extension.name();
    String before = extension.version();
    if (extension.ownerIsSuperuser() && extension.schemaWritableByTenants()) {
      return name + " " + before + " kept: its schema \"" + extension.schema() + "\" is writable by application users,"
          + " so the platform does not run its update script as superuser (disable and enable it again to move it"
          + " to the schema \"" + dev.pgaddon.sql.PlatformSchemas.EXTENSIONS + "\")";
    }
    try {
      if (!extension.ownerIsSuperuser()) {
        s.execute("SET ROLE " + quote(extension.owner()));
      }
      s.execute("ALTER EXTENSION " + quote(name) + " UPDATE");
    } catch (SQLException e) {
      return name + " " + before + " kept: " + e.getMessage();
    } finally {
      s.execute("RESET ROLE");
    }
    try (ResultSet rs = s.executeQuery("SELECT extversion FROM pg_catalog.pg_extension WHERE extname OPERATOR(pg_catalog.=) "
        + dev.pgaddon.sql.Identifiers.literal(name) + "::pg_catalog.name")) {
      rs.next();
      String after = rs.getString(1);
      return name + (after.equals(before) ? " " + after + " (current)" : " " + before + " -> " + after);
    }
  }

  /** The new epoch's first backup, in the addon's repository like every other (method "major-upgrade"). */
  @Override
  public BackupTaken takeBaseBackup(BackupInput input) {
    String backupId = "bk-" + input.label();
    var taken = backups.takeBackup(new TakeBackupInput(input.addon(), input.primary(), input.image(),
        NodeLayout.versionOf(input.image()), backupId, BackupActivities.MAJOR_UPGRADE));
    return new BackupTaken("the backup repository, a new epoch (" + taken.systemId() + ")", backupId, taken.sizeBytes());
  }

  /** pg_upgrade's steps run in the new major's image (it holds both majors' binaries) on the node's volume. */
  private ScriptResult runOnData(String step, DataDirectoryInput input, String program) {
    return tasks.runAllowingFailure(step, input.addon(), input.node(), input.image(),
        Mounts.volume(AddonNames.volumeName(input.addon().addonId(), input.node())), List.of(), Map.of(),
        program(program, input.fromVersion(), input.toVersion()));
  }

  private static List<String> program(String program, String from, String to) {
    return List.of(program, Integer.toString(Version.parse(from).major()), Integer.toString(Version.parse(to).major()));
  }

  private static IllegalStateException unexpected(String step, ScriptResult result) {
    return new IllegalStateException(step + " failed (exit " + result.exitCode() + ", " + result.outcome() + "): "
        + result.explanation());
  }

  private List<String> databases(String addonId, NodeAddress primary) {
    List<String> names = new ArrayList<>();
    try (Connection c = connections.superuser(addonId, primary, "postgres"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT datname FROM pg_catalog.pg_database WHERE datallowconn ORDER BY 1")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("listing the databases failed: " + e.getMessage(), e);
    }
    return names;
  }

  /** The JDBC steps of these activities heartbeat between statements (their timeout counts silence, not length). */
  private static void heartbeat(String what) {
    Activity.getExecutionContext().heartbeat(what);
  }

  private static long longValue(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
