package dev.pgaddon.sql;

import static dev.pgaddon.sql.Identifiers.literal;
import static dev.pgaddon.sql.Identifiers.quote;

import dev.pgaddon.operation.Failures;
import dev.pgaddon.secrets.SecretStore;
import io.temporal.activity.Activity;
import dev.pgaddon.util.Waits;
import org.postgresql.PGConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class SqlActivitiesImpl implements SqlActivities {
  private static final Logger log = LoggerFactory.getLogger(SqlActivitiesImpl.class);
  /** Marks the user made with the addon: it cannot be removed (read back by the users listing). */
  public static final String PROTECTED_COMMENT = "pgaddon:protected";

  private final SecretStore secrets;
  private final PostgresConnections connections;
  private final ReplicationChecks checks;

  public SqlActivitiesImpl(SecretStore secrets, PostgresConnections connections) {
    this.secrets = secrets;
    this.connections = connections;
    this.checks = new ReplicationChecks(connections);
  }

  @Override
  public DefaultUser createDatabaseAndDefaultUser(DefaultUserInput input) {
    log.info("step create-database: database {} and default user {} on {}", input.database(), input.username(),
        input.addonId());
    String password = secrets.getOrCreate(input.addonId(), SecretStore.DEFAULT_USER);
    try {
      try (Connection c = connections.superuser(input.addonId(), input.primary(), "postgres");
          Statement s = c.createStatement()) {
        String role = quote(input.username());
        ensureLoginRole(c, input.username(), "", password);
        s.execute("COMMENT ON ROLE " + role + " IS " + literal(PROTECTED_COMMENT));
        MonitorRole.ensureRole(c, secrets.getOrCreate(input.addonId(), SecretStore.MONITOR));
        if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", input.database())) {
          s.execute("CREATE DATABASE " + quote(input.database()));
        }
      }
      try (Connection c = connections.superuser(input.addonId(), input.primary(), input.database());
          Statement s = c.createStatement()) {
        // Made before the tenant can connect, so they are the platform's (PlatformSchemas).
        PlatformSchemas.ensure(c, PlatformSchemas.EXTENSIONS);
        PlatformSchemas.ensure(c, PlatformSchemas.PGADDON);
        PlatformSchemas.putExtensionsOnTheDefaultPath(c, input.database());
        MonitorRole.ensureFunction(c);
        for (String grant : seedGrants(input.database(), input.username())) {
          s.execute(grant);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("create-database failed: " + e.getMessage(), e);
    }
    log.info("step create-database: done on {}", input.addonId());
    return new DefaultUser(input.database(), input.username());
  }

  /** Exactly the statements the seed lists for the user made with the addon. */
  public static List<String> seedGrants(String database, String username) {
    String db = quote(database);
    String user = quote(username);
    return List.of(
        "GRANT CREATE ON SCHEMA public TO " + user,
        "GRANT ALL PRIVILEGES ON DATABASE " + db + " TO " + user,
        "GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO " + user,
        "GRANT ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA public TO " + user,
        "ALTER DEFAULT PRIVILEGES FOR USER " + db + " IN SCHEMA public GRANT ALL ON TABLES TO " + user,
        "ALTER DEFAULT PRIVILEGES FOR USER " + db + " IN SCHEMA public GRANT ALL ON SEQUENCES TO " + user);
  }

  @Override
  public ReplicationPrepared prepareReplication(ReplicationInput input) {
    log.info("step prepare-replication: role and slot {} on {}", input.slot(), input.addonId());
    String password = secrets.getOrCreate(input.addonId(), SecretStore.REPLICATION);
    try (Connection c = connections.superuser(input.addonId(), input.primary(), "postgres");
        Statement s = c.createStatement()) {
      ensureLoginRole(c, "replicator", " REPLICATION", password);
      if (!exists(c, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", input.slot())) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_create_physical_replication_slot(?, true)")) {
          ps.setString(1, input.slot());
          ps.execute();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("prepare-replication failed: " + e.getMessage(), e);
    }
    log.info("step prepare-replication: done on {}", input.addonId());
    return new ReplicationPrepared(input.slot());
  }

  @Override
  public ReplicationState awaitStreaming(AwaitStreamingInput input) {
    log.info("step await-streaming: waiting for slot {} of {}", input.slot(), input.addonId());
    ReplicationChecks.SlotState slot = checks.awaitStreaming(input.addonId(), input.primary(), input.slot(),
        Duration.ofSeconds(280));
    if (!slot.streaming()) {
      throw new IllegalStateException("follower " + input.slot() + " is not streaming after 280 s (" + slot.state() + ")");
    }
    String mode = checks.makeSynchronous(input.addonId(), input.primary(), input.slot());
    log.info("step await-streaming: {} streams (lag {} bytes), replication {}", input.slot(), slot.lagBytes(), mode);
    return new ReplicationState(slot.state(), slot.lagBytes());
  }


  @Override
  public EndpointAuthReady prepareEndpointAuth(EndpointAuthInput input) {
    String role = "pgbouncer_auth";
    String password = secrets.getOrCreate(input.addonId(), SecretStore.ENDPOINT_AUTH);
    try (Connection c = connections.superuser(input.addonId(), input.primary(), input.database());
        Statement s = c.createStatement()) {
      ensureLoginRole(c, role, "", password);
      PlatformSchemas.ensure(c, PlatformSchemas.PGADDON);
      // Only application users: never a superuser nor the platform's own roles.
      s.execute("CREATE OR REPLACE FUNCTION pgaddon.user_lookup(i_username text, OUT uname text, OUT phash text) "
          + "RETURNS record LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$ "
          + "SELECT usename::text, passwd::text FROM pg_shadow WHERE usename = i_username AND NOT usesuper "
          + "AND usename NOT IN ('replicator', 'pgbouncer_auth', '" + MonitorRole.NAME + "') $$");
      s.execute("REVOKE ALL ON FUNCTION pgaddon.user_lookup(text) FROM PUBLIC");
      s.execute("GRANT USAGE ON SCHEMA pgaddon TO " + role);
      s.execute("GRANT EXECUTE ON FUNCTION pgaddon.user_lookup(text) TO " + role);
    } catch (SQLException e) {
      throw new IllegalStateException("prepare-endpoint-auth failed: " + e.getMessage(), e);
    }
    return new EndpointAuthReady(role);
  }

  @Override
  public Replayed awaitReplay(AwaitReplayInput input) {
    // The flush position: every committed transaction is there (asynchronous WAL beyond it is no commit).
    String lsn = queryOne(input.addonId(), input.primary(), "SELECT pg_current_wal_flush_lsn()::text");
    log.info("step await-replay: {} must replay up to {}", input.follower().container(), lsn);
    long deadline = System.nanoTime() + input.timeoutSeconds() * 1_000_000_000L;
    String replayed = "unknown";
    do {
      try (Connection c = connections.superuser(input.addonId(), input.follower(), "postgres");
          PreparedStatement ps = c.prepareStatement(
              "SELECT pg_last_wal_replay_lsn()::text, pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
        ps.setString(1, lsn);
        while (System.nanoTime() < deadline) {
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            replayed = rs.getString(1);
            if (rs.getBoolean(2)) {
              log.info("step await-replay: {} replayed {}", input.follower().container(), replayed);
              return new Replayed(lsn, replayed);
            }
          }
          Activity.getExecutionContext().heartbeat(replayed);
          Thread.sleep(20);
        }
      } catch (SQLException e) {
        replayed = "follower unreachable: " + e.getMessage();
        Waits.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    } while (System.nanoTime() < deadline);
    // Its own deadline passed: not retried (an attempt lost with its worker is).
    throw Failures.failed("follower " + input.follower().node() + " did not replay " + lsn
        + " within " + input.timeoutSeconds() + " s (at " + replayed + ")");
  }

  @Override
  public Promoted promote(NodeInput input) {
    try (Connection c = connections.superuser(input.addonId(), input.node(), "postgres");
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), current_setting('synchronous_standby_names')")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return new Promoted(input.node());
        }
        if (!rs.getString(2).isEmpty()) {
          // Copied from a former primary: once promoted it would wait for a follower it does not have.
          ReplicationMode.asynchronous(c);
        }
      }
      log.info("step promote: promoting {}", input.node().container());
      // pg_promote(true) would look every 100 ms: clients are held meanwhile, so this looks every 5 ms.
      try (ResultSet rs = s.executeQuery("SELECT pg_promote(false)")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          throw new IllegalStateException("promote: " + input.node().container() + " refused the promotion request");
        }
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (true) {
        try (ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
          rs.next();
          if (!rs.getBoolean(1)) {
            break;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("promote: " + input.node().container() + " did not finish promotion in 30 s");
        }
        Waits.sleep(5);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("promote failed: " + e.getMessage(), e);
    }
    log.info("step promote: {} is primary", input.node().container());
    return new Promoted(input.node());
  }

  @Override
  public Role role(NodeInput input) {
    return new Role("f".equals(queryOne(input.addonId(), input.node(), "SELECT pg_is_in_recovery()")));
  }

  @Override
  public Checkpointed checkpoint(NodeInput input) {
    log.info("step checkpoint: CHECKPOINT on {}", input.node().container());
    Checkpointed done = checks.checkpoint(input.addonId(), input.node());
    log.info("step checkpoint: {} done in {} ms", input.node().container(), done.millis());
    return done;
  }


  @Override
  public SlotDropped dropSlot(DropSlotInput input) {
    try (Connection c = connections.superuser(input.addonId(), input.primary(), "postgres");
        PreparedStatement ps = c.prepareStatement(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
      ps.setString(1, input.slot());
      try (ResultSet rs = ps.executeQuery()) {
        return new SlotDropped(rs.next());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("drop-slot failed: " + e.getMessage(), e);
    }
  }

  private String queryOne(String addonId, dev.pgaddon.node.NodeAddress node, String sql) {
    try (Connection c = connections.superuser(addonId, node, "postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " on " + node.container() + " failed: " + e.getMessage(), e);
    }
  }


  @Override
  public ConnectionUrl connectionUrl(ConnectionUrlInput input) {
    String password = secrets.require(input.addonId(), SecretStore.DEFAULT_USER);
    return new ConnectionUrl("postgres://" + input.username() + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8)
        + "@" + input.endpoint().host() + ":" + input.endpoint().port() + "/" + input.database());
  }

  /**
   * Creates the role if needed, then sets its password as a SCRAM verifier computed by the driver:
   * the password itself never travels in a statement PostgreSQL could write to its log.
   */
  public static void ensureLoginRole(Connection c, String role, String attributes, String password) throws SQLException {
    try (Statement s = c.createStatement()) {
      String verb = exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role) ? "ALTER" : "CREATE";
      s.execute(verb + " ROLE " + quote(role) + " WITH LOGIN" + attributes);
    }
    c.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
  }

  private static boolean exists(Connection c, String sql, String param) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
