package dev.pgaddon.record;

import dev.pgaddon.control.AddonRecord;
import dev.pgaddon.control.SecretBox;
import dev.pgaddon.inventory.AddonInventory;
import dev.pgaddon.inventory.AddonView;
import dev.pgaddon.node.NodeRole;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.plan.Plan;
import dev.pgaddon.plan.PlanCatalog;
import dev.pgaddon.secrets.SecretStore;
import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.sql.ReplicationMode;
import dev.pgaddon.extensions.DatabaseExtensions;
import dev.pgaddon.users.DatabaseUsers;
import dev.pgaddon.sql.SqlActivities.ConnectionUrlInput;
import dev.pgaddon.sql.SqlActivitiesImpl;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an addon runs now, read from the infrastructure (the truth): Docker labels and states, each
 * running node's role as PostgreSQL reports it, the followers' replay lag behind the primary.
 */
final class AddonObserver {
  /** One node as the control database records it (snake_case JSON). */
  /**
   * @param replication a streaming follower's: synchronous (commits wait for it) or asynchronous
   * @param archiving its WAL archiving: "ok", "off" (made before archiving), or "failing since ..."
   * @param archiveLagBytes a primary's: the WAL it wrote past the end of its last archived segment
   * @param archivedAt a primary's: when it last archived a file
   */
  record ObservedNode(String name, String role, String state, int port, Long replicationLagBytes, String replication,
      String archiving, Long archiveLagBytes, String archivedAt) {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private final AddonInventory inventory;
  private final SecretStore secrets;
  private final PostgresConnections connections;
  private final SqlActivitiesImpl sql;
  private final SecretBox box;
  private final ObserverConnections observers;

  AddonObserver(AddonInventory inventory, SecretStore secrets, PostgresConnections connections, SqlActivitiesImpl sql,
      SecretBox box) {
    this.inventory = inventory;
    this.secrets = secrets;
    this.connections = connections;
    this.sql = sql;
    this.box = box;
    this.observers = new ObserverConnections(connections, secrets);
  }

  /** Every addon the engine holds, read once for a refresh of many. */
  List<AddonView> inventory() {
    return inventory.all();
  }

  /** Empty when nothing of the addon exists any more (removed, or a provisioning that cleaned up). */
  Optional<AddonRecord.Observation> observe(String addonId, List<AddonView> views) {
    AddonNames.requireAddonId(addonId);
    Optional<AddonView> found = views.stream().filter(a -> a.addonId().equals(addonId)).findFirst();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    AddonView view = found.get();
    boolean ha = PlanCatalog.find(view.planId()).map(Plan::highAvailability).orElse(false);
    List<ObservedNode> nodes = nodes(view);
    Integer endpointPort = view.endpoint() == null ? null : view.endpoint().port();
    Catalogs catalogs = catalogs(view, nodes);
    return Optional.of(new AddonRecord.Observation(view.planId(), view.version(), view.status(ha), toJson(nodes),
        endpointPort, view.database(), sealedUrl(view), sealedHookSecret(view), catalogs.usersJson(),
        catalogs.extensionsJson()));
  }

  private List<ObservedNode> nodes(AddonView view) {
    record Live(AddonView.NodeView node, boolean primary, String lsn, Map<String, String> syncStates, Archiving archiving) {}
    List<Live> live = new ArrayList<>();
    List<ObservedNode> result = new ArrayList<>();
    for (AddonView.NodeView n : view.nodes()) {
      if (!n.running()) {
        result.add(new ObservedNode(n.node(), n.role(), n.state(), n.port(), null, null, null, null, null));
        continue;
      }
      try (ObserverConnections.Observing o = observers.open(view, n, "postgres");
          Statement s = timedOut(o.connection()).createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(),"
              + " CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END::text")) {
        rs.next();
        boolean primary = !rs.getBoolean(1);
        String lsn = rs.getString(2);
        live.add(new Live(n, primary, lsn, primary ? syncStates(s) : Map.of(), archiving(s, primary ? lsn : null)));
      } catch (SQLException | RuntimeException unreachable) {
        result.add(new ObservedNode(n.node(), n.role(), "unreachable", n.port(), null, null, null, null, null));
      }
    }
    Live primary = live.stream().filter(Live::primary).findFirst().orElse(null);
    for (Live l : live) {
      Long lag = null;
      if (!l.primary() && primary != null && l.lsn() != null && primary.lsn() != null) {
        lag = Math.max(0, lsnToLong(primary.lsn()) - lsnToLong(l.lsn()));
      }
      String replication = primary == null || l.primary() ? null : primary.syncStates().get(l.node().node());
      result.add(new ObservedNode(l.node().node(), l.primary() ? "primary" : "follower", l.node().state(), l.node().port(), lag,
          replication, l.archiving().state(), l.archiving().lagBytes(), l.archiving().archivedAt()));
    }
    result.sort(java.util.Comparator.comparing(ObservedNode::name));
    return result;
  }

  /** The users and the extensions, as the spec lists them; both null (the last lists kept) when no primary answers. */
  private record Catalogs(String usersJson, String extensionsJson) {}

  private Catalogs catalogs(AddonView view, List<ObservedNode> nodes) {
    ObservedNode primary = nodes.stream().filter(n -> NodeRole.PRIMARY.is(n.role()) && "running".equals(n.state()))
        .findFirst().orElse(null);
    AddonView.NodeView node = primary == null || view.database() == null ? null
        : view.nodes().stream().filter(n -> n.node().equals(primary.name())).findFirst().orElse(null);
    if (node == null) {
      return new Catalogs(null, null);
    }
    try (ObserverConnections.Observing o = observers.open(view, node, view.database())) {
      Connection c = timedOut(o.connection());
      record ListedUser(String username, boolean readOnly,
          @com.fasterxml.jackson.annotation.JsonProperty("protected") boolean isProtected, String passwordEncryption) {}
      String users = toJson((o.asMonitor() ? DatabaseUsers.readAsMonitor(c) : DatabaseUsers.read(c)).application().stream()
          .map(u -> new ListedUser(u.name(), u.readOnly(), u.protectedUser(), u.passwordEncryption())).toList());
      return new Catalogs(users, toJson(DatabaseExtensions.read(c)));
    } catch (SQLException | RuntimeException unreachable) {
      return new Catalogs(null, null);
    }
  }

  /**
   * @param state "ok", "off", or "failing since ..."
   * @param lagBytes the WAL past the end of the last archived segment (a primary's; else null): what a lost
   *     host would take with it
   */
  record Archiving(String state, Long lagBytes, String archivedAt) {}

  /**
   * Whether this node's WAL reaches the backup repository: failing when its last attempt failed
   * (PostgreSQL keeps the segment and retries; until it succeeds the recovery window stops there,
   * and pg_wal grows). A primary's ({@code currentLsn} given) also says how far its archive is behind it.
   */
  private static Archiving archiving(Statement s, String currentLsn) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT pg_catalog.current_setting('archive_mode'), last_archived_time, last_failed_time,"
        + " last_failed_wal, failed_count, last_archived_wal,"
        + " (SELECT setting FROM pg_catalog.pg_settings WHERE name = 'wal_segment_size') FROM pg_catalog.pg_stat_archiver")) {
      rs.next();
      if ("off".equals(rs.getString(1))) {
        return new Archiving("off", null, null);
      }
      java.sql.Timestamp archived = rs.getTimestamp(2);
      java.sql.Timestamp failed = rs.getTimestamp(3);
      String archivedAt = archived == null ? null : archived.toInstant().toString();
      Long lag = currentLsn == null ? null : archiveLagBytes(currentLsn, rs.getString(6), rs.getString(7));
      if (failed != null && (archived == null || failed.after(archived))) {
        return new Archiving("failing since " + failed.toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " ("
            + rs.getString(4) + ", " + rs.getLong(5) + " failures)", lag, archivedAt);
      }
      return new Archiving("ok", lag, archivedAt);
    }
  }

  /**
   * The bytes from the end of the last archived segment to the current LSN; null when no segment was archived
   * yet, or the last file archived was not a whole segment (a timeline's history, a promotion's partial segment):
   * the next segment archived tells.
   */
  static Long archiveLagBytes(String currentLsn, String lastArchivedWal, String segmentSize) {
    if (lastArchivedWal == null || !lastArchivedWal.matches("[0-9A-F]{24}") || segmentSize == null
        || !segmentSize.matches("[0-9]{1,12}")) {
      return null;
    }
    long size = Long.parseLong(segmentSize);
    long end = (Long.parseLong(lastArchivedWal.substring(8, 16), 16) << 32)
        + (Long.parseLong(lastArchivedWal.substring(16, 24), 16) + 1) * size;
    return Math.max(0, lsnToLong(currentLsn) - end);
  }

  /** Per follower slot streaming from this primary: whether commits wait for it. */
  private static Map<String, String> syncStates(Statement s) throws SQLException {
    Map<String, String> states = new HashMap<>();
    try (ResultSet rs = s.executeQuery("SELECT sl.slot_name, r.sync_state FROM pg_stat_replication r"
        + " JOIN pg_replication_slots sl ON sl.active_pid = r.pid WHERE r.state = 'streaming'")) {
      while (rs.next()) {
        boolean waitedFor = "sync".equals(rs.getString(2)) || "quorum".equals(rs.getString(2));
        states.put(rs.getString(1), waitedFor ? ReplicationMode.SYNCHRONOUS : ReplicationMode.ASYNCHRONOUS);
      }
    }
    return states;
  }

  /** A node that does not answer within seconds is reported unreachable, not waited on for minutes. */
  private static Connection timedOut(Connection c) throws SQLException {
    c.setNetworkTimeout(Runnable::run, 5_000);
    return c;
  }

  private byte[] sealedUrl(AddonView view) {
    if (view.endpoint() == null || view.database() == null) {
      return null;
    }
    try {
      secrets.require(view.addonId(), SecretStore.DEFAULT_USER);
    } catch (RuntimeException notYet) {
      return null;
    }
    String url = sql.connectionUrl(new ConnectionUrlInput(view.addonId(), view.address(view.endpoint()),
        view.database(), view.database())).url();
    return box.seal(view.addonId(), url);
  }

  /** The key the hook's calls are signed with, made here if no call has made it yet. */
  private byte[] sealedHookSecret(AddonView view) {
    if (view.restartHook() == null || view.restartHook().isBlank()) {
      return null;
    }
    return box.seal(view.addonId(), secrets.getOrCreate(view.addonId(), SecretStore.RESTART_HOOK_SECRET));
  }

  /** "16/B374D848" -> its 64-bit position. */
  static long lsnToLong(String lsn) {
    int slash = lsn.indexOf('/');
    return (Long.parseLong(lsn.substring(0, slash), 16) << 32) | Long.parseLong(lsn.substring(slash + 1), 16);
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
